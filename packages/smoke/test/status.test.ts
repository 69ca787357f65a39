import { parseStatus, statusMatches } from '../src/status';

describe('parseStatus', () => {
  it.each([
    [200, '200', [200], [201]],
    ['2xx', '2xx', [200, 204, 299], [199, 300, 503]],
    ['20x', '20x', [200, 209], [210]],
    [[200, 204], '200 or 204', [200, 204], [201]],
    ['200, 301, 302', '200, 301 or 302', [301], [303]],
    ['200-204', '200-204', [200, 204], [205]],
  ])('%j reads as %s', (input, text, good, bad) => {
    const matcher = parseStatus(input)!;
    expect(matcher.text).toBe(text);
    for (const s of good) expect(statusMatches(matcher, s)).toBe(true);
    for (const s of bad) expect(statusMatches(matcher, s)).toBe(false);
  });

  it.each(['2xy', '600', 'ok', '', '204-200', true, [200, 'x']])('rejects %j', (input) => {
    expect(parseStatus(input as string)).toBeUndefined();
  });
});
