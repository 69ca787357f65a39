import neo4j, { type Driver, type Session } from 'neo4j-driver';
import type { DcoConfig } from './config';
import type { Plan } from './plan';
import { progressLine, type Reporter } from './progress';
import { STEPS, markBatchStatement, revalueBatchStatement, stuckStatement, type LedgerCategory } from './steps';
import { count } from './values';

export interface StepOutcome {
  category: LedgerCategory;
  /** Brought to the Active date: revalued, or only marked when already expressed on it. */
  revalued: number;
  batches: number;
  durationMs: number;
  /** Flagged entities left pending because they cannot be revalued any more (changed after preflight). */
  stuck?: number;
  /** Tampered entities whose values were taken as they are (on-tampered mark-current, or revalue of one already marked today). */
  adopted?: number;
}

async function runBatch(
  session: Session,
  statement: string,
  params: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<{ get(key: string): unknown } | undefined> {
  signal?.throwIfAborted();
  const abort = (): void => {
    // Closing the session ends the transaction on the server: the batch in flight rolls back, committed ones stay.
    void session.close();
  };
  signal?.addEventListener('abort', abort, { once: true });
  try {
    const result = await session.executeWrite((tx) => tx.run(statement, params));
    return result.records[0];
  } catch (error) {
    signal?.throwIfAborted();
    throw error;
  } finally {
    signal?.removeEventListener('abort', abort);
  }
}

export interface RevalueOptions {
  signal?: AbortSignal;
  /** Runs before every batch (the lease check). */
  beforeBatch?: () => Promise<void>;
}

/**
 * Revalues every category in turn, batch by batch: each batch is one managed write transaction (retried by the
 * driver on transient errors, which is safe because a revalued entity is no longer selected), progress is logged as
 * each batch commits. Entities that only need the marker (created on the Active day; tampered ones the operator said
 * to take as they are) are marked first, in batches of their own.
 */
export async function revalueLedger(
  driver: Driver,
  database: string | undefined,
  config: DcoConfig,
  plan: Plan,
  reporter: Reporter,
  options: RevalueOptions = {},
): Promise<StepOutcome[]> {
  const active = plan.active;
  if (!active) throw new Error('revalueLedger: the plan has no Active Daynode');
  const policy = plan.onTampered;
  const params = {
    date: active.date,
    prevDate: active.prevDate,
    factors: plan.factors,
    rates: plan.rates,
    revalueTampered: policy === 'revalue',
    adoptTampered: policy === 'mark-current',
    batch: neo4j.int(config.batchSize),
  };
  const batchUntilShort = async (
    statement: string,
    each: (record: { get(key: string): unknown } | undefined) => number,
    limit: number,
  ): Promise<void> => {
    let total = 0;
    for (;;) {
      await options.beforeBatch?.();
      const n = each(await runBatch(session, statement, params, options.signal));
      total += n;
      // Done when a batch comes back short, or when the preflight count is reached: a last batch that only
      // confirms there is nothing left would pass over every flagged entity of the category once more.
      if (n < config.batchSize || total >= limit) return;
    }
  };
  const outcomes: StepOutcome[] = [];
  const session = driver.session({ database, defaultAccessMode: neo4j.session.WRITE });
  try {
    for (const step of STEPS) {
      const c = step.category;
      const total = plan.pending[c];
      const started = Date.now();
      const outcome: StepOutcome = { category: c, revalued: 0, batches: 0, durationMs: 0 };
      const tampered = plan.tampered.pending[c] + plan.tampered.done[c];
      const toAdopt = policy === 'mark-current' ? tampered : policy === 'revalue' ? plan.tampered.done[c] : 0;
      const toMark = plan.current[c] + toAdopt;
      if (toMark > 0) {
        await batchUntilShort(
          markBatchStatement(config, step),
          (record) => {
            const marked = count(record?.get('marked'));
            const adopted = count(record?.get('adopted'));
            if (marked > 0) outcome.batches++;
            outcome.revalued += marked - adopted;
            if (adopted > 0) outcome.adopted = (outcome.adopted ?? 0) + adopted;
            return marked;
          },
          toMark,
        );
        if (outcome.adopted)
          reporter.warning(
            `${c}: ${outcome.adopted} tampered entities taken as they are now (marker and fingerprint set)`,
          );
      }
      const toRevalue = total - plan.current[c];
      if (toRevalue > 0) {
        reporter.info(`${c}: revaluing ${total} flagged entities in batches of ${config.batchSize}`);
        await batchUntilShort(
          revalueBatchStatement(config, step, { skipTampered: policy === 'skip' }),
          (record) => {
            const revalued = count(record?.get('revalued'));
            if (revalued > 0) outcome.batches++;
            outcome.revalued += revalued;
            reporter.info(progressLine(c, outcome.revalued, total, started));
            return revalued;
          },
          toRevalue,
        );
      }
      outcome.durationMs = Date.now() - started;
      outcomes.push(outcome);
    }
    // Fewer than preflight counted: some were unflagged since, or cannot be revalued any more; say which.
    if (outcomes.some((o) => o.revalued < plan.pending[o.category])) {
      const stuck = await session.run(stuckStatement(config, policy === 'skip'), params);
      for (const record of stuck.records) {
        const n = count(record.get('stuck'));
        const outcome = outcomes.find((o) => o.category === record.get('category'));
        if (!outcome || n === 0) continue;
        outcome.stuck = n;
        reporter.warning(
          `${outcome.category}: ${n} flagged entities have no usable rate, factor or CXXmultiplier any more (changed after preflight) and were left as they are`,
        );
      }
    }
  } finally {
    await session.close();
  }
  return outcomes;
}
