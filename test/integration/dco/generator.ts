import neo4j, { type Driver } from 'neo4j-driver';

/**
 * A credex-shaped graph made from a seed: a Daynode chain with k and rates, CXX and currency credexes (flagged and
 * not), REDEEMED/CREDLOOP relationships, LoopAnchors, and the SearchSpace copies of live credexes. Everything is
 * plain data first (the reference computation reads it), then loaded with `loadGraph`.
 */

export const DENOMINATIONS = ['USD', 'CAD', 'XAU', 'ZWG'] as const;
const AMOUNTS = [
  'InitialAmount',
  'OutstandingAmount',
  'RedeemedAmount',
  'DefaultedAmount',
  'WrittenOffAmount',
] as const;

export interface GenDaynode {
  date: string;
  active: boolean;
  k: number | null;
  rates: Record<string, number>;
  mtqRunning?: boolean;
}

export interface GenCredex {
  credexID: string;
  Denomination: string;
  CXXmultiplier: number;
  amounts: Record<(typeof AMOUNTS)[number], number>;
  flagged: boolean;
  marker?: string;
  createdOn: string;
  /** Present in SearchSpace. */
  live: boolean;
  /** Offered but not accepted (an OFFERS relationship from an Account). */
  pending: boolean;
}

export interface GenRel {
  relID: string;
  type: 'REDEEMED' | 'CREDLOOP';
  from: string;
  to: string;
  Denomination: string;
  CXXmultiplier: number;
  AmountRedeemed: number;
  AmountOutstandingNow: number;
  flagged: boolean;
  marker?: string;
}

export interface GenAnchor {
  anchorID: string;
  LoopedAmount: number;
  flagged: boolean;
  marker?: string;
  createdOn: string;
}

export interface GenGraph {
  daynodes: GenDaynode[];
  credexes: GenCredex[];
  rels: GenRel[];
  anchors: GenAnchor[];
}

export interface GenOptions {
  seed: number;
  days?: number;
  credexes: number;
  /** Share of entities flagged (0..1). */
  flagged?: number;
  /** Share of credexes in CXX. */
  cxxShare?: number;
  /** Relationships per credex (on average). */
  relsPerCredex?: number;
  /** LoopAnchors per credex. */
  anchorsPerCredex?: number;
  /** Share of entities that already carry a marker from an earlier day. */
  markedShare?: number;
  startDate?: string;
}

/** mulberry32: small, fast, good enough for test data, and the same numbers for the same seed everywhere. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const BASE_RATE: Record<string, number> = { USD: 1.0, CAD: 1.37, XAU: 0.00042, ZWG: 26.8 };

export function generateGraph(options: GenOptions): GenGraph {
  const rand = random(options.seed);
  const days = options.days ?? 5;
  const flaggedShare = options.flagged ?? 0.5;
  const cxxShare = options.cxxShare ?? 0.4;
  const markedShare = options.markedShare ?? 0.2;
  const start = options.startDate ?? '2026-03-01';
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  // Amounts with cents and fractions of cents, like balances that have been revalued before.
  const amount = (): number => Math.round(rand() * 1_000_000) / 100 + rand() / 1000;

  const daynodes: GenDaynode[] = [];
  for (let i = 0; i < days; i++) {
    const rates: Record<string, number> = { CXX: 1 };
    for (const d of DENOMINATIONS) rates[d] = BASE_RATE[d]! * (1 + (rand() - 0.5) * 0.02);
    daynodes.push({ date: addDays(start, i), active: i === days - 1, k: 1 + (rand() - 0.3) * 0.004, rates });
  }
  const past = daynodes.slice(0, -1).map((d) => d.date);
  const rateOn = (date: string, denomination: string): number =>
    daynodes.find((d) => d.date === date)!.rates[denomination]!;

  const credexes: GenCredex[] = [];
  for (let i = 0; i < options.credexes; i++) {
    const cxx = rand() < cxxShare;
    const Denomination = cxx ? 'CXX' : pick(DENOMINATIONS);
    const createdOn = pick(past);
    const marked = rand() < markedShare;
    // A marker is a day after creation and before the Active day (the previous day most often).
    const later = past.filter((d) => d > createdOn);
    const marker = marked && later.length ? (rand() < 0.7 ? later[later.length - 1] : pick(later)) : undefined;
    const valuedOn = marker ?? createdOn;
    const amounts = Object.fromEntries(AMOUNTS.map((a) => [a, amount()])) as GenCredex['amounts'];
    if (rand() < 0.3) amounts.OutstandingAmount = 0;
    credexes.push({
      credexID: `cx-${options.seed}-${i}`,
      Denomination,
      CXXmultiplier: cxx ? 1 : rateOn(valuedOn, Denomination),
      amounts,
      flagged: rand() < flaggedShare,
      marker,
      createdOn,
      live: amounts.OutstandingAmount > 0,
      pending: amounts.OutstandingAmount === 0 && rand() < 0.2,
    });
  }

  const rels: GenRel[] = [];
  const relCount = Math.round(options.credexes * (options.relsPerCredex ?? 0.5));
  for (let i = 0; i < relCount && credexes.length > 1; i++) {
    const from = pick(credexes);
    const to = pick(credexes);
    const cxx = rand() < cxxShare;
    const Denomination = cxx ? 'CXX' : pick(DENOMINATIONS);
    const marker = rand() < markedShare ? past[past.length - 1] : undefined;
    rels.push({
      relID: `rel-${options.seed}-${i}`,
      type: rand() < 0.5 ? 'REDEEMED' : 'CREDLOOP',
      from: from.credexID,
      to: to.credexID,
      Denomination,
      // Without a marker a relationship is taken to be valued on the previous day.
      CXXmultiplier: cxx ? 1 : rateOn(past[past.length - 1]!, Denomination),
      AmountRedeemed: amount(),
      AmountOutstandingNow: amount(),
      flagged: rand() < flaggedShare,
      marker,
    });
  }

  const anchors: GenAnchor[] = [];
  const anchorCount = Math.round(options.credexes * (options.anchorsPerCredex ?? 0.2));
  for (let i = 0; i < anchorCount; i++) {
    const createdOn = pick(past);
    const later = past.filter((d) => d > createdOn);
    anchors.push({
      anchorID: `la-${options.seed}-${i}`,
      LoopedAmount: amount(),
      flagged: rand() < flaggedShare,
      marker: rand() < markedShare && later.length ? pick(later) : undefined,
      createdOn,
    });
  }
  return { daynodes, credexes, rels, anchors };
}

/** Removes everything of the DCO model (and only that) from a server. */
export async function clearGraph(driver: Driver): Promise<void> {
  const session = driver.session();
  try {
    for (const label of ['Credex', 'LoopAnchor', 'Daynode', 'Account']) {
      await session.run(`MATCH (n:${label}) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS`);
    }
  } finally {
    await session.close();
  }
}

async function inChunks<T>(driver: Driver, rows: T[], statement: string, size = 5000): Promise<void> {
  const session = driver.session();
  try {
    for (let i = 0; i < rows.length; i += size) {
      await session.executeWrite((tx) => tx.run(statement, { rows: rows.slice(i, i + size) }));
    }
  } finally {
    await session.close();
  }
}

/** Loads the graph: LedgerSpace into `ledger`, the live credexes' SearchSpace copies into `search` (if given). */
export async function loadGraph(graph: GenGraph, ledger: Driver, search?: Driver): Promise<void> {
  const setup = ledger.session();
  try {
    await setup.run('CREATE INDEX dco_test_credex_id IF NOT EXISTS FOR (c:Credex) ON (c.credexID)');
    await setup.run('CREATE INDEX dco_test_daynode_date IF NOT EXISTS FOR (d:Daynode) ON (d.Date)');
    await setup.run('CALL db.awaitIndexes(120)');
  } finally {
    await setup.close();
  }
  await inChunks(
    ledger,
    graph.daynodes.map((d) => ({ ...d.rates, Date: d.date, Active: d.active, k: d.k, mtq: d.mtqRunning ?? false })),
    `UNWIND $rows AS row
     CREATE (d:Daynode)
     SET d = row, d.Date = date(row.Date), d.CXXprior_CXXcurrent = row.k, d.MTQrunningNow = row.mtq, d.DCOrunningNow = false
     REMOVE d.k, d.mtq`,
  );
  await inChunks(
    ledger,
    graph.daynodes.slice(1).map((d, i) => ({ from: graph.daynodes[i]!.date, to: d.date })),
    `UNWIND $rows AS row MATCH (a:Daynode {Date: date(row.from)}), (b:Daynode {Date: date(row.to)}) CREATE (a)-[:NEXT_DAY]->(b)`,
  );
  await inChunks(
    ledger,
    graph.credexes.map((c) => ({
      ...c.amounts,
      credexID: c.credexID,
      Denomination: c.Denomination,
      CXXmultiplier: c.CXXmultiplier,
      flagged: c.flagged,
      marker: c.marker ?? null,
      createdOn: c.createdOn,
      pending: c.pending,
    })),
    `UNWIND $rows AS row
     MATCH (day:Daynode {Date: date(row.createdOn)})
     CREATE (c:Credex)-[:CREATED_ON]->(day)
     SET c.credexID = row.credexID, c.Denomination = row.Denomination, c.CXXmultiplier = row.CXXmultiplier,
       c.InitialAmount = row.InitialAmount, c.OutstandingAmount = row.OutstandingAmount,
       c.RedeemedAmount = row.RedeemedAmount, c.DefaultedAmount = row.DefaultedAmount,
       c.WrittenOffAmount = row.WrittenOffAmount,
       c.DCOrevalue = CASE WHEN row.flagged THEN true END,
       c.DCOrevaluedOn = CASE WHEN row.marker IS NOT NULL THEN date(row.marker) END
     FOREACH (_ IN CASE WHEN row.pending THEN [1] ELSE [] END | CREATE (:Account {accountID: 'acct-' + row.credexID})-[:OFFERS]->(c))`,
  );
  for (const type of ['REDEEMED', 'CREDLOOP'] as const) {
    await inChunks(
      ledger,
      graph.rels.filter((r) => r.type === type).map((r) => ({ ...r, marker: r.marker ?? null })),
      `UNWIND $rows AS row
       MATCH (a:Credex {credexID: row.from}), (b:Credex {credexID: row.to})
       CREATE (a)-[r:${type}]->(b)
       SET r.relID = row.relID, r.Denomination = row.Denomination, r.CXXmultiplier = row.CXXmultiplier,
         r.AmountRedeemed = row.AmountRedeemed, r.AmountOutstandingNow = row.AmountOutstandingNow,
         r.DCOrevalue = CASE WHEN row.flagged THEN true END,
         r.DCOrevaluedOn = CASE WHEN row.marker IS NOT NULL THEN date(row.marker) END`,
    );
  }
  await inChunks(
    ledger,
    graph.anchors.map((a) => ({ ...a, marker: a.marker ?? null })),
    `UNWIND $rows AS row
     MATCH (day:Daynode {Date: date(row.createdOn)})
     CREATE (l:LoopAnchor)-[:CREATED_ON]->(day)
     SET l.anchorID = row.anchorID, l.LoopedAmount = row.LoopedAmount,
       l.DCOrevalue = CASE WHEN row.flagged THEN true END,
       l.DCOrevaluedOn = CASE WHEN row.marker IS NOT NULL THEN date(row.marker) END`,
  );
  if (search) {
    await inChunks(
      search,
      graph.credexes
        .filter((c) => c.live)
        .map((c) => ({
          credexID: c.credexID,
          Denomination: c.Denomination,
          CXXmultiplier: c.CXXmultiplier,
          outstandingAmount: c.amounts.OutstandingAmount,
        })),
      'UNWIND $rows AS row CREATE (c:Credex) SET c = row',
    );
  }
}

export { neo4j };
