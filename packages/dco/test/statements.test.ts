import { DEFAULT_CONFIG, identifierProblem } from '../src/config';
import { STEPS, flagCondition, flaggedStatsStatement, revalueBatchStatement, unflaggedStatement } from '../src/steps';
import { progressLine } from '../src/progress';

const cxx = STEPS.find((s) => s.category === 'cxxCredexes')!;
const redeemed = STEPS.find((s) => s.category === 'redeemed')!;

describe('revalueBatchStatement', () => {
  test('takes one batch of pending, revaluable flagged entities and counts them', () => {
    const statement = revalueBatchStatement(DEFAULT_CONFIG, cxx);
    expect(statement).not.toContain('IN TRANSACTIONS');
    expect(statement).toContain(
      "WHERE e.Denomination = 'CXX' AND e.`DCOrevalue` = true AND (e.`DCOrevaluedOn` IS NULL OR e.`DCOrevaluedOn` < $date)\n",
    );
    // Only revaluable entities count towards a batch, so entities that cannot be revalued never fill one.
    expect(statement.indexOf('WHERE current OR')).toBeLessThan(statement.indexOf('LIMIT $batch'));
    expect(statement).toContain('e.`DCOrevaluedOn` = $date');
    expect(statement).toMatch(/\nRETURN count\(e\) AS revalued$/);
  });

  test('amounts, multiplier and marker are written in one SET, the multiplier after the amounts', () => {
    const statement = revalueBatchStatement(DEFAULT_CONFIG, redeemed);
    const set = statement.slice(statement.indexOf('SET '), statement.indexOf('RETURN count(e)'));
    expect(set.split('SET ')).toHaveLength(2);
    expect(set.indexOf('e.`AmountOutstandingNow` =')).toBeLessThan(set.indexOf('e.CXXmultiplier ='));
    expect(set.indexOf('e.CXXmultiplier =')).toBeLessThan(set.indexOf('e.`DCOrevaluedOn` = $date'));
    expect(statement).toContain('MATCH ()-[e:`REDEEMED`]->()');
  });

  test('floats everywhere: no integer division', () => {
    const statement = revalueBatchStatement(DEFAULT_CONFIG, redeemed);
    expect(statement).toContain('toFloat(e.`AmountRedeemed`) / toFloat(e.CXXmultiplier) * rate');
    expect(statement).toContain('toFloat(e.`AmountRedeemed`) / f');
  });

  test('a flag label replaces the property for nodes, not for relationships', () => {
    const config = { ...DEFAULT_CONFIG, flagLabel: 'DCOflagged' };
    expect(flagCondition(config, 'node')).toBe('e:`DCOflagged`');
    expect(flagCondition(config, 'rel')).toBe('e.`DCOrevalue` = true');
    expect(unflaggedStatement(config, cxx)).toContain('NOT coalesce(e:`DCOflagged`, false)');
  });

  test('the preflight statement groups by done/kind and counts bad multipliers and future dates', () => {
    const statement = flaggedStatsStatement(DEFAULT_CONFIG, redeemed);
    expect(statement).toContain('badMultiplier');
    expect(statement).toContain('coalesce(e.`DCOrevaluedOn` = $date, false) AS done');
    expect(statement).toContain('asOf > $date');
  });
});

test.each([
  ['DCOrevalue', undefined],
  ['_x9', undefined],
  ['9x', 'must be a plain name'],
  ['a-b', 'must be a plain name'],
  ['x`) DETACH DELETE n //', 'must be a plain name'],
  ['', 'must be a plain name'],
])('identifierProblem(%p)', (name, problem) => {
  if (problem) expect(identifierProblem(name)).toContain(problem);
  else expect(identifierProblem(name)).toBeUndefined();
});

test('progressLine shows done/total, percent and rate', () => {
  expect(progressLine('cxxCredexes', 2000, 8000, 0, 1000)).toBe('cxxCredexes: 2000/8000 (25%), 2000/s');
  expect(progressLine('x', 0, 0, 0, 0)).toBe('x: 0/0 (100%), 0/s');
});
