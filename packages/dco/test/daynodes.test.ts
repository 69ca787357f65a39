import neo4j from 'neo4j-driver';
import { chainFactor, kProblem } from '../src/daynodes';

const chain = [
  { date: '2026-01-01', k: 1.5 },
  { date: '2026-01-02', k: 1.001 },
  { date: '2026-01-03', k: neo4j.int(2) },
  { date: '2026-01-04', k: 0.999 },
];

describe('chainFactor', () => {
  test('one day: just the Active Daynode k', () => {
    expect(chainFactor(chain, '2026-01-03', '2026-01-04')).toEqual({ ok: true, factor: 0.999 });
  });

  test('missed days: the product over the days after as-of up to the Active one, oldest first', () => {
    expect(chainFactor(chain, '2026-01-01', '2026-01-04')).toEqual({ ok: true, factor: 1 * 1.001 * 2 * 0.999 });
  });

  test('days after the Active one and up to as-of are left out', () => {
    expect(chainFactor(chain, '2026-01-01', '2026-01-02')).toEqual({ ok: true, factor: 1.001 });
    expect(chainFactor(chain, '2026-01-04', '2026-01-04')).toEqual({ ok: true, factor: 1 });
  });

  test('a bad k in the needed chain is a problem; outside it, it does not matter', () => {
    const broken = [...chain, { date: '2026-01-05', k: 0 }];
    broken[1] = { date: '2026-01-02', k: null as unknown as number };
    expect(chainFactor(broken, '2026-01-01', '2026-01-05')).toEqual({
      ok: false,
      problems: [
        'CXXprior_CXXcurrent on Daynode 2026-01-02 is missing',
        'CXXprior_CXXcurrent on Daynode 2026-01-05 is zero',
      ],
    });
    expect(chainFactor(broken, '2026-01-02', '2026-01-04')).toEqual({ ok: true, factor: 2 * 0.999 });
  });
});

test.each([
  [1.0004, undefined],
  [neo4j.int(3), undefined],
  [null, 'missing'],
  [undefined, 'missing'],
  ['1.1', 'not a number (string)'],
  [0, 'zero'],
  [-0.5, 'negative (-0.5)'],
  [Number.NaN, 'not finite (NaN)'],
  [Number.POSITIVE_INFINITY, 'not finite (Infinity)'],
])('kProblem(%p) = %p', (k, problem) => {
  expect(kProblem(k)).toBe(problem);
});
