import { fitBody, hiddenMarker, readState, stateComment } from '../src/body';
import { compactItems } from '../src/tracking-issue';

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

describe('compactItems', () => {
  it('keeps hidden issue state small enough to leave room for the report', () => {
    const few = [{ key: 'a', label: 'A' }];
    expect(compactItems(few)).toEqual(few);
    const many = Array.from({ length: 400 }, (_, i) => ({ key: `k${i}`, label: `${'x'.repeat(200)} ${i}` }));
    const compact = compactItems(many);
    expect(compact).toHaveLength(400);
    expect(compact[0]!.label.length).toBeLessThanOrEqual(80);
    expect(stateComment({ items: compact }).length).toBeLessThanOrEqual(24_000);
    const huge = Array.from({ length: 3000 }, (_, i) => ({ key: `k${i}`, label: 'y'.repeat(100) }));
    expect(compactItems(huge)[5]).toEqual({ key: 'k5', label: 'k5' });
  });
});
