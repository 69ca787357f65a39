import { fitBody, hiddenMarker, readState, stateComment } from '../src/body';

describe('bodies', () => {
  it('keeps marker and state first and cuts the rest to 65,536 characters', () => {
    const head = `${hiddenMarker('zap-scan')}\n${stateComment({ items: [{ key: 'k', label: 'ü' }] })}`;
    const body = fitBody(head, '🙂'.repeat(40_000));
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.startsWith(head)).toBe(true);
    expect(readState(body)).toEqual({ items: [{ key: 'k', label: 'ü' }] });
    expect(fitBody(head, 'short')).toBe(`${head}\nshort`);
  });

  it('reads no state from a body without one or with a damaged one', () => {
    expect(readState('hello')).toBeUndefined();
    expect(readState('<!-- credex-actions-state:AAAA -->')).toBeUndefined();
    expect(readState(null)).toBeUndefined();
  });

  it('markers cannot end the HTML comment early', () => {
    expect(hiddenMarker('a-->b')).toBe('<!-- credex-actions:a->b -->');
  });
});
