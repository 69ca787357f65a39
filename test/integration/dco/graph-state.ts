import neo4j, { type Driver } from 'neo4j-driver';
import type { Expected } from './reference';

const AMOUNT_KEYS = [
  'InitialAmount',
  'OutstandingAmount',
  'RedeemedAmount',
  'DefaultedAmount',
  'WrittenOffAmount',
  'AmountRedeemed',
  'AmountOutstandingNow',
  'LoopedAmount',
];

export interface ActualEntity {
  amounts: Record<string, number>;
  CXXmultiplier?: number;
  marker?: string;
  /** Every property as text, for "nothing changed" comparisons. */
  all: string;
}

function plain(value: unknown): unknown {
  if (neo4j.isInt(value)) return (value as { toNumber(): number }).toNumber();
  if (neo4j.isDate(value) || neo4j.isDateTime(value)) return value.toString();
  return value;
}

function toEntity(props: Record<string, unknown>): ActualEntity {
  const amounts: Record<string, number> = {};
  for (const key of AMOUNT_KEYS) if (key in props) amounts[key] = plain(props[key]) as number;
  const sorted = Object.keys(props)
    .sort()
    .map((k) => [k, plain(props[k])]);
  return {
    amounts,
    CXXmultiplier: props.CXXmultiplier === undefined ? undefined : (plain(props.CXXmultiplier) as number),
    marker: props.DCOrevaluedOn === undefined ? undefined : (plain(props.DCOrevaluedOn) as string),
    all: JSON.stringify(sorted),
  };
}

/** Every Credex, REDEEMED, CREDLOOP and LoopAnchor keyed by its generated id, and every Daynode by date. */
export async function readLedger(driver: Driver): Promise<Map<string, ActualEntity>> {
  const session = driver.session({ defaultAccessMode: neo4j.session.READ });
  const out = new Map<string, ActualEntity>();
  try {
    const statements = [
      'MATCH (e:Credex) RETURN e.credexID AS id, properties(e) AS props',
      'MATCH ()-[e:REDEEMED|CREDLOOP]->() RETURN e.relID AS id, properties(e) AS props',
      'MATCH (e:LoopAnchor) RETURN e.anchorID AS id, properties(e) AS props',
      "MATCH (e:Daynode) RETURN 'day-' + toString(e.Date) AS id, properties(e) AS props",
    ];
    for (const statement of statements) {
      const result = await session.run(statement);
      for (const r of result.records)
        out.set(r.get('id') as string, toEntity(r.get('props') as Record<string, unknown>));
    }
  } finally {
    await session.close();
  }
  return out;
}

export async function readSearch(driver: Driver): Promise<Map<string, ActualEntity>> {
  const session = driver.session({ defaultAccessMode: neo4j.session.READ });
  const out = new Map<string, ActualEntity>();
  try {
    const result = await session.run('MATCH (e:Credex) RETURN e.credexID AS id, properties(e) AS props');
    for (const r of result.records) {
      const props = r.get('props') as Record<string, unknown>;
      const entity = toEntity(props);
      entity.amounts.outstandingAmount = plain(props.outstandingAmount) as number;
      out.set(r.get('id') as string, entity);
    }
  } finally {
    await session.close();
  }
  return out;
}

/** Differences between the expected and the actual state, bit for bit (empty when equal). */
export function differences(
  expected: Expected,
  ledger: Map<string, ActualEntity>,
  search?: Map<string, ActualEntity>,
): string[] {
  const diffs: string[] = [];
  for (const [id, want] of expected.ledger) {
    const got = ledger.get(id);
    if (!got) {
      diffs.push(`${id}: missing`);
      continue;
    }
    for (const [key, value] of Object.entries(want.amounts)) {
      if (!Object.is(got.amounts[key], value)) diffs.push(`${id}.${key}: got ${got.amounts[key]}, want ${value}`);
    }
    if (want.CXXmultiplier !== undefined && !Object.is(got.CXXmultiplier, want.CXXmultiplier)) {
      diffs.push(`${id}.CXXmultiplier: got ${got.CXXmultiplier}, want ${want.CXXmultiplier}`);
    }
    if (got.marker !== want.marker) diffs.push(`${id}.marker: got ${got.marker}, want ${want.marker}`);
  }
  if (search) {
    for (const [id, want] of expected.search) {
      const got = search.get(id);
      if (!got) diffs.push(`search ${id}: missing`);
      else if (!Object.is(got.amounts.outstandingAmount, want.outstandingAmount)) {
        diffs.push(
          `search ${id}.outstandingAmount: got ${got.amounts.outstandingAmount}, want ${want.outstandingAmount}`,
        );
      } else if (!Object.is(got.CXXmultiplier, want.CXXmultiplier)) {
        diffs.push(`search ${id}.CXXmultiplier: got ${got.CXXmultiplier}, want ${want.CXXmultiplier}`);
      }
    }
  }
  return diffs;
}

/** Everything but the Daynodes' lease bookkeeping, as text: equal texts mean nothing changed. */
export function fingerprint(ledger: Map<string, ActualEntity>, search?: Map<string, ActualEntity>): string {
  const parts = [...ledger].sort(([a], [b]) => a.localeCompare(b)).map(([id, e]) => `${id}:${e.all}`);
  if (search) parts.push(...[...search].sort(([a], [b]) => a.localeCompare(b)).map(([id, e]) => `s:${id}:${e.all}`));
  return parts.join('\n');
}
