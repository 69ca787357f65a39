import neo4j from 'neo4j-driver';
import { entityHash } from '../src/checksum';
import type { Plan } from '../src/plan';
import { canonicalValue } from '../src/values';
import { compareFlagged, type FlaggedEntity, type FlaggedSnapshot } from '../src/verify';

const plan = {
  active: { dateText: '2026-02-02' },
  factors: { '2026-02-01': 1.0007 },
  rates: { USD: 0.97 },
} as unknown as Plan;

function entity(overrides: Partial<FlaggedEntity>): FlaggedEntity {
  return {
    cxx: true,
    asOf: '2026-02-01',
    amounts: [100.25],
    multiplier: 1,
    denomination: 'CXX',
    marker: null,
    ...overrides,
  };
}

describe('compareFlagged', () => {
  const before: FlaggedSnapshot = new Map([
    ['c:1', entity({})],
    ['c:2', entity({ cxx: false, denomination: 'USD', multiplier: 0.95, amounts: [95] })],
    ['c:3', entity({ marker: '2026-02-02' })],
  ]);

  test('exact CXX division, face value kept, already-done untouched: no mismatch', () => {
    const after: FlaggedSnapshot = new Map([
      ['c:1', entity({ amounts: [100.25 / 1.0007], marker: '2026-02-02' })],
      [
        'c:2',
        entity({
          cxx: false,
          denomination: 'USD',
          multiplier: 0.97,
          amounts: [(95 / 0.95) * 0.97],
          marker: '2026-02-02',
        }),
      ],
      ['c:3', entity({ marker: '2026-02-02' })],
    ]);
    expect(compareFlagged(before, after, plan)).toMatchObject({
      flaggedChecked: 3,
      unmarked: 0,
      cxxMismatches: 0,
      currencyMismatches: 0,
    });
  });

  test('one ulp off, a moved face value, a missing marker and a twice-revalued entity are all caught', () => {
    const after: FlaggedSnapshot = new Map([
      ['c:1', entity({ amounts: [(100.25 / 1.0007) * (1 + Number.EPSILON)], marker: '2026-02-02' })],
      [
        'c:2',
        entity({
          cxx: false,
          denomination: 'USD',
          multiplier: 0.97,
          amounts: [100 * 0.97 * 1.00001],
          marker: '2026-02-02',
        }),
      ],
      ['c:3', entity({ amounts: [100.25 / 1.0007], marker: '2026-02-02' })],
      ['c:4', entity({ marker: null })],
    ]);
    const result = compareFlagged(before, after, plan);
    expect(result).toMatchObject({ flaggedChecked: 4, unmarked: 1, cxxMismatches: 2, currencyMismatches: 1 });
    expect(result.samples.join('\n')).toContain('c:4: marker missing, expected 2026-02-02');
  });
});

describe('checksum pieces', () => {
  test('canonical values keep types and every bit apart', () => {
    expect(canonicalValue(1)).not.toBe(canonicalValue(neo4j.int(1)));
    expect(canonicalValue(0.1 + 0.2)).not.toBe(canonicalValue(0.3));
    expect(canonicalValue(-0)).not.toBe(canonicalValue(0));
    expect(canonicalValue('1')).not.toBe(canonicalValue(1));
    expect(canonicalValue(new neo4j.types.Date(2026, 1, 2))).toBe('t:2026-01-02');
  });

  test('an entity hash ignores key order and sees any property change', () => {
    const a = entityHash('node:Credex', '4:x:1', { InitialAmount: 10, Denomination: 'CXX' });
    expect(entityHash('node:Credex', '4:x:1', { Denomination: 'CXX', InitialAmount: 10 })).toBe(a);
    expect(entityHash('node:Credex', '4:x:1', { Denomination: 'CXX', InitialAmount: 10.000000000000002 })).not.toBe(a);
    expect(entityHash('node:Credex', '4:x:2', { Denomination: 'CXX', InitialAmount: 10 })).not.toBe(a);
  });
});
