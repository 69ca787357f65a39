import { GITHUB_COMMENT_MAX_CHARS, JOB_SUMMARY_MAX_BYTES, truncate } from '../src/index';

describe('truncate', () => {
  it('returns text within the limits unchanged', () => {
    expect(truncate('short', { maxChars: 5 })).toEqual({ text: 'short', truncated: false });
    expect(truncate('ééé', { maxBytes: 6 })).toEqual({ text: 'ééé', truncated: false });
  });

  it('cuts to the character limit with the marker included', () => {
    const body = 'x'.repeat(GITHUB_COMMENT_MAX_CHARS + 1000);
    const out = truncate(body, { maxChars: GITHUB_COMMENT_MAX_CHARS, marker: '\n[cut]' });
    expect(out.truncated).toBe(true);
    expect(out.text).toHaveLength(GITHUB_COMMENT_MAX_CHARS);
    expect(out.text.endsWith('x\n[cut]')).toBe(true);
  });

  it('cuts to a byte limit without splitting multi-byte characters', () => {
    const summary = 'é'.repeat(JOB_SUMMARY_MAX_BYTES);
    const out = truncate(summary, { maxBytes: JOB_SUMMARY_MAX_BYTES });
    const bytes = Buffer.byteLength(out.text, 'utf8');
    expect(bytes).toBeLessThanOrEqual(JOB_SUMMARY_MAX_BYTES);
    expect(bytes).toBeGreaterThan(JOB_SUMMARY_MAX_BYTES - 20);
    expect(out.text).not.toContain('\uFFFD');
    expect(out.text.endsWith('é\n\n… (truncated)')).toBe(true);
  });

  it('never leaves half a surrogate pair', () => {
    const emoji = '😀'.repeat(10);
    const byChars = truncate(emoji, { maxChars: 6, marker: '…' });
    expect(byChars.text).toBe('😀😀…');
    const byBytes = truncate(emoji, { maxBytes: 10, marker: '' });
    expect(byBytes.text).toBe('😀😀');
  });

  it('honours both limits at once and cuts the marker itself when nothing else fits', () => {
    const out = truncate('ab'.repeat(100), { maxChars: 50, maxBytes: 20, marker: '…' });
    expect(Buffer.byteLength(out.text)).toBeLessThanOrEqual(20);
    expect(out.text).toBe(`${'ab'.repeat(8)}a…`);
    expect(truncate('abcdef', { maxChars: 2, marker: '[truncated]' }).text).toBe('[t');
    expect(() => truncate('a', { maxChars: -1 })).toThrow(RangeError);
  });
});
