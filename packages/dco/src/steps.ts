import { MODEL, q, type DcoConfig } from './config';

/** The categories a run reports on. */
export const CATEGORIES = [
  'cxxCredexes',
  'currencyCredexes',
  'redeemed',
  'credloop',
  'loopAnchors',
  'searchCredexes',
] as const;
export type Category = (typeof CATEGORIES)[number];
export type LedgerCategory = Exclude<Category, 'searchCredexes'>;

/** One LedgerSpace category: which entities, which amounts, how their denomination is decided. */
export interface Step {
  category: LedgerCategory;
  entity: 'node' | 'rel';
  /** Label (nodes) or relationship type. */
  name: string;
  amounts: readonly string[];
  /** `cxx`/`currency`: only that kind; `mixed`: per entity by Denomination; `always-cxx`: LoopAnchors. */
  denomination: 'cxx' | 'currency' | 'mixed' | 'always-cxx';
  /** Whether a `[:CREATED_ON]->(:Daynode)` gives the as-of date when there is no marker. */
  createdOn: boolean;
}

export const STEPS: readonly Step[] = [
  {
    category: 'cxxCredexes',
    entity: 'node',
    name: 'Credex',
    amounts: MODEL.credexAmounts,
    denomination: 'cxx',
    createdOn: true,
  },
  {
    category: 'currencyCredexes',
    entity: 'node',
    name: 'Credex',
    amounts: MODEL.credexAmounts,
    denomination: 'currency',
    createdOn: true,
  },
  {
    category: 'redeemed',
    entity: 'rel',
    name: 'REDEEMED',
    amounts: MODEL.relAmounts,
    denomination: 'mixed',
    createdOn: false,
  },
  {
    category: 'credloop',
    entity: 'rel',
    name: 'CREDLOOP',
    amounts: MODEL.relAmounts,
    denomination: 'mixed',
    createdOn: false,
  },
  {
    category: 'loopAnchors',
    entity: 'node',
    name: 'LoopAnchor',
    amounts: MODEL.anchorAmounts,
    denomination: 'always-cxx',
    createdOn: true,
  },
];

/** `e` is flagged. */
export function flagCondition(config: DcoConfig, entity: 'node' | 'rel', variable = 'e'): string {
  if (entity === 'node' && config.flagLabel) return `${variable}:${q(config.flagLabel)}`;
  return `${variable}.${q(config.flagProperty)} = true`;
}

/** MATCH clause binding `e` to every entity of the step's kind (flagged or not), denomination filter included. */
export function matchAll(step: Step): string {
  const pattern = step.entity === 'node' ? `(e:${q(step.name)})` : `()-[e:${q(step.name)}]->()`;
  const where =
    step.denomination === 'cxx'
      ? "e.Denomination = 'CXX'"
      : step.denomination === 'currency'
        ? "coalesce(e.Denomination, '') <> 'CXX'"
        : 'true';
  return `MATCH ${pattern} WHERE ${where}`;
}

/** MATCH clause binding `e` to the flagged entities of the step. */
export function matchFlagged(config: DcoConfig, step: Step): string {
  return `${matchAll(step)} AND ${flagCondition(config, step.entity)}`;
}

/** Expression: is `e` valued in CXX. */
export function cxxExpression(step: Step): string {
  switch (step.denomination) {
    case 'cxx':
    case 'always-cxx':
      return 'true';
    case 'currency':
      return 'false';
    case 'mixed':
      return "coalesce(e.Denomination = 'CXX', false)";
  }
}

/**
 * Expression: the date e's amounts are expressed in. The marker when present, else the Daynode it was created on,
 * else the Daynode before the Active one (what the original statement assumed for everything).
 */
export function asOfExpression(config: DcoConfig, step: Step): string {
  const created = step.createdOn ? `head([(e)-[:CREATED_ON]->(x:Daynode) | x.Date]), ` : '';
  return `coalesce(e.${q(config.markerProperty)}, ${created}$prevDate)`;
}

/** Not yet revalued to $date. */
export function pendingCondition(config: DcoConfig): string {
  const m = `e.${q(config.markerProperty)}`;
  return `(${m} IS NULL OR ${m} < $date)`;
}

/** Pending flagged entities of the step as rows of e, cxx, current (as-of date is $date), f (factor) and rate. */
function pendingRows(config: DcoConfig, step: Step): string {
  return `${matchFlagged(config, step)} AND ${pendingCondition(config)}
WITH e, ${asOfExpression(config, step)} AS asOf
WITH e, ${cxxExpression(step)} AS cxx, asOf >= $date AS current, $factors[toString(asOf)] AS f, $rates[e.Denomination] AS rate`;
}

/**
 * Whether `e` can be revalued: already current, a CXX amount with a factor, or a currency with rate and multiplier.
 * Over the variables e, cxx, current, f and rate.
 */
export const revaluableCondition =
  'current OR (cxx AND f IS NOT NULL) OR (NOT cxx AND rate IS NOT NULL AND toFloat(e.CXXmultiplier) <> 0.0)';

/**
 * The revaluation as SET items over e, cxx, current, f and rate: every amount, the multiplier where the step has
 * currencies, and the marker last.
 */
export function revaluationSets(config: DcoConfig, step: Step): string[] {
  const sets = step.amounts.map((a) => {
    const p = `e.${q(a)}`;
    return `${p} = CASE WHEN current THEN ${p} WHEN cxx THEN toFloat(${p}) / f ELSE toFloat(${p}) / toFloat(e.CXXmultiplier) * rate END`;
  });
  if (step.denomination !== 'cxx' && step.denomination !== 'always-cxx') {
    sets.push('e.CXXmultiplier = CASE WHEN current OR cxx THEN e.CXXmultiplier ELSE rate END');
  }
  sets.push(`e.${q(config.markerProperty)} = $date`);
  return sets;
}

/** The steps' statements as one, rows of each tagged by the statements themselves: one round trip. */
function unionOfSteps(statement: (step: Step) => string, columns: string): string {
  return `CALL {\n${STEPS.map(statement).join('\nUNION ALL\n')}\n}\nRETURN ${columns}`;
}

/**
 * One batch of the revaluation of one category: up to $batch flagged entities not yet marked with the Active
 * Daynode's date, revalued in one transaction. Amounts, multiplier and marker change in the same SET, so an entity
 * is either wholly revalued or untouched. The caller repeats the statement (each time in its own transaction) until a
 * batch revalues fewer than $batch entities: revalued entities carry the marker, so each batch takes the next ones,
 * and the server never holds more than one batch of rows. An entity that cannot be revalued (no factor or rate, a
 * zero multiplier: preflight refuses those, so only one written after it) is passed over, never selected.
 *
 * Parameters: $date (Active Daynode's Date), $prevDate, $factors (as-of date text -> product of k, for CXX),
 * $rates (denomination -> CXX per unit on the Active Daynode), $batch.
 */
export function revalueBatchStatement(config: DcoConfig, step: Step): string {
  return `${pendingRows(config, step)}
WHERE ${revaluableCondition}
WITH e, cxx, current, f, rate LIMIT $batch
SET ${revaluationSets(config, step).join(',\n    ')}
RETURN count(e) AS revalued`;
}

/**
 * Per category, how many flagged entities are still pending and cannot be revalued (those the batches pass over),
 * in one statement.
 */
export function stuckStatement(config: DcoConfig): string {
  return unionOfSteps(
    (step) => `${pendingRows(config, step)}
WHERE NOT coalesce(${revaluableCondition}, false)
RETURN '${step.category}' AS category, count(e) AS stuck`,
    'category, stuck',
  );
}

/**
 * What a run would meet, in one pass over the flagged entities: those already carrying $date (done), and per kind
 * of the others (CXX with its as-of date, or currency with its denomination) how many, how many with a missing or
 * zero multiplier, and how many dated after $date.
 */
export function flaggedStatsStatement(config: DcoConfig, step: Step): string {
  const marker = `e.${q(config.markerProperty)}`;
  return `${matchFlagged(config, step)}
WITH e, coalesce(${marker} = $date, false) AS done, ${cxxExpression(step)} AS cxx
WITH e, done, cxx, CASE WHEN done THEN null ELSE ${asOfExpression(config, step)} END AS asOf
RETURN '${step.category}' AS category, done, cxx,
  CASE WHEN cxx AND NOT done THEN toString(asOf) END AS asOf,
  CASE WHEN cxx OR done THEN null ELSE coalesce(e.Denomination, '') END AS denomination,
  count(*) AS n,
  sum(CASE WHEN NOT done AND NOT cxx AND (e.CXXmultiplier IS NULL OR toFloat(e.CXXmultiplier) = 0.0) THEN 1 ELSE 0 END) AS badMultiplier,
  sum(CASE WHEN asOf > $date THEN 1 ELSE 0 END) AS future`;
}

/** `flaggedStatsStatement` for every category in one statement (one round trip), rows tagged with the category. */
export function allFlaggedStatsStatement(config: DcoConfig): string {
  return unionOfSteps((step) => flaggedStatsStatement(config, step), '*');
}

/** Flagged entities, with what verification needs: id, kind, as-of, amounts, multiplier, marker. */
export function flaggedSnapshotStatement(config: DcoConfig, step: Step): string {
  const amounts = step.amounts.map((a) => `e.${q(a)}`).join(', ');
  return `${matchFlagged(config, step)}
RETURN elementId(e) AS id, ${cxxExpression(step)} AS cxx, toString(${asOfExpression(config, step)}) AS asOf,
  [${amounts}] AS amounts, e.CXXmultiplier AS multiplier, e.Denomination AS denomination,
  toString(e.${q(config.markerProperty)}) AS marker`;
}

/** Unflagged entities of the step with all their properties (for the order-stable checksum). */
export function unflaggedStatement(config: DcoConfig, step: Step): string {
  return `${matchAll(step)} AND NOT coalesce(${flagCondition(config, step.entity)}, false)
RETURN elementId(e) AS id, properties(e) AS props`;
}
