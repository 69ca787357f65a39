import neo4j, { type Driver } from 'neo4j-driver';
import { q, type DcoConfig } from './config';
import type { Plan } from './plan';
import { progressLine, type Reporter } from './progress';
import { flagCondition } from './steps';
import { asNumber, count } from './values';

export interface Target {
  driver: Driver;
  database?: string;
}

export interface SearchSyncOutcome {
  /** SearchSpace credexes written (their amount, multiplier or marker differed). */
  updated: number;
  /** Flagged LedgerSpace credexes with no SearchSpace credex (not live there). */
  absent: number;
  batches: number;
  durationMs: number;
}

/** Reads a statement's records in chunks without holding the whole result (the driver pulls as we consume). */
export async function* chunks<T>(
  target: Target,
  statement: string,
  params: Record<string, unknown>,
  size: number,
  map: (record: { get(key: string): unknown }) => T,
): AsyncGenerator<T[]> {
  const session = target.driver.session({ database: target.database, defaultAccessMode: neo4j.session.READ });
  try {
    let chunk: T[] = [];
    for await (const record of session.run(statement, params)) {
      chunk.push(map(record));
      if (chunk.length >= size) {
        yield chunk;
        chunk = [];
      }
    }
    if (chunk.length) yield chunk;
  } finally {
    await session.close();
  }
}

/**
 * Brings SearchSpace in line: each flagged LedgerSpace credex revalued to the Active date has its OutstandingAmount
 * and CXXmultiplier copied to the SearchSpace credex with the same credexID, with the marker, one transaction per
 * batch. Copying (rather than revaluing twice) makes the two equal by construction and a repeat harmless.
 */
export async function syncSearch(
  ledger: Target,
  search: Target,
  config: DcoConfig,
  plan: Plan,
  reporter: Reporter,
  signal?: AbortSignal,
): Promise<SearchSyncOutcome> {
  const active = plan.active!;
  const marker = q(config.markerProperty);
  const started = Date.now();
  const total =
    plan.pending.cxxCredexes + plan.pending.currencyCredexes + plan.done.cxxCredexes + plan.done.currencyCredexes;
  const outcome: SearchSyncOutcome = { updated: 0, absent: 0, batches: 0, durationMs: 0 };
  let seen = 0;
  reporter.info(`searchCredexes: syncing ${total} revalued credexes to SearchSpace in batches of ${config.batchSize}`);
  const rows = chunks(
    ledger,
    `MATCH (e:Credex) WHERE ${flagCondition(config, 'node')} AND e.${marker} = $date
     RETURN e.credexID AS id, e.OutstandingAmount AS amount, e.CXXmultiplier AS multiplier`,
    { date: active.date },
    config.batchSize,
    (r) => ({ id: r.get('id'), amount: r.get('amount'), multiplier: r.get('multiplier') }),
  );
  const session = search.driver.session({ database: search.database, defaultAccessMode: neo4j.session.WRITE });
  try {
    for await (const chunk of rows) {
      signal?.throwIfAborted();
      const result = await session.executeWrite((tx) =>
        tx.run(
          `UNWIND $rows AS row
           OPTIONAL MATCH (s:Credex {credexID: row.id})
           WITH row, s, s IS NOT NULL AND (s.${marker} IS NULL OR s.${marker} <> $date
             OR s.outstandingAmount <> row.amount OR s.CXXmultiplier <> row.multiplier) AS stale
           FOREACH (_ IN CASE WHEN stale THEN [1] ELSE [] END |
             SET s.outstandingAmount = row.amount, s.CXXmultiplier = row.multiplier, s.${marker} = $date)
           RETURN sum(CASE WHEN stale THEN 1 ELSE 0 END) AS updated, sum(CASE WHEN s IS NULL THEN 1 ELSE 0 END) AS absent`,
          { rows: chunk, date: active.date },
        ),
      );
      outcome.updated += count(result.records[0]?.get('updated'));
      outcome.absent += count(result.records[0]?.get('absent'));
      outcome.batches++;
      seen += chunk.length;
      reporter.info(progressLine('searchCredexes', seen, total, started));
    }
  } finally {
    await session.close();
  }
  outcome.durationMs = Date.now() - started;
  return outcome;
}

export interface SearchCheck {
  checked: number;
  mismatches: number;
  /** A few mismatches, for the report: credexID, SearchSpace amount, LedgerSpace amount (undefined = no such credex). */
  samples: { credexID: string; search: number | undefined; ledger: number | undefined }[];
}

/** Every live SearchSpace credex's outstandingAmount equals its LedgerSpace credex's OutstandingAmount, exactly. */
export async function checkSearchSync(ledger: Target, search: Target, batchSize: number): Promise<SearchCheck> {
  const check: SearchCheck = { checked: 0, mismatches: 0, samples: [] };
  const session = ledger.driver.session({ database: ledger.database, defaultAccessMode: neo4j.session.READ });
  try {
    const rows = chunks(
      search,
      'MATCH (s:Credex) RETURN s.credexID AS id, s.outstandingAmount AS amount',
      {},
      batchSize,
      (r) => ({ id: r.get('id') as string, amount: asNumber(r.get('amount')) }),
    );
    for await (const chunk of rows) {
      const found = await session.run(
        'UNWIND $ids AS id MATCH (c:Credex {credexID: id}) RETURN id, c.OutstandingAmount AS amount',
        { ids: chunk.map((c) => c.id) },
      );
      const ledgerAmounts = new Map(found.records.map((r) => [r.get('id') as string, asNumber(r.get('amount'))]));
      for (const row of chunk) {
        check.checked++;
        const ledgerAmount = ledgerAmounts.get(row.id);
        if (ledgerAmount === undefined || ledgerAmount !== row.amount) {
          check.mismatches++;
          if (check.samples.length < 5)
            check.samples.push({ credexID: String(row.id), search: row.amount, ledger: ledgerAmount });
        }
      }
    }
  } finally {
    await session.close();
  }
  return check;
}
