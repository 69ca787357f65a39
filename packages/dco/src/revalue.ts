import neo4j, { type Driver, type Session } from 'neo4j-driver';
import type { DcoConfig } from './config';
import type { Plan } from './plan';
import { progressLine, type Reporter } from './progress';
import { STEPS, revalueBatchStatement, stuckStatement, type LedgerCategory } from './steps';
import { count } from './values';

export interface StepOutcome {
  category: LedgerCategory;
  revalued: number;
  batches: number;
  durationMs: number;
  /** Flagged entities left pending because they cannot be revalued any more (changed after preflight). */
  stuck?: number;
}

async function runBatch(
  session: Session,
  statement: string,
  params: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<number> {
  signal?.throwIfAborted();
  const abort = (): void => {
    // Closing the session ends the transaction on the server: the batch in flight rolls back, committed ones stay.
    void session.close();
  };
  signal?.addEventListener('abort', abort, { once: true });
  try {
    const result = await session.executeWrite((tx) => tx.run(statement, params));
    return count(result.records[0]?.get('revalued'));
  } catch (error) {
    signal?.throwIfAborted();
    throw error;
  } finally {
    signal?.removeEventListener('abort', abort);
  }
}

/**
 * Revalues every category in turn, batch by batch: each batch is one managed write transaction (retried by the
 * driver on transient errors, which is safe because a revalued entity is no longer selected), progress is logged as
 * each batch commits. `beforeBatch` runs before every batch (the lease check).
 */
export async function revalueLedger(
  driver: Driver,
  database: string | undefined,
  config: DcoConfig,
  plan: Plan,
  reporter: Reporter,
  options: { signal?: AbortSignal; beforeBatch?: () => Promise<void> } = {},
): Promise<StepOutcome[]> {
  const active = plan.active;
  if (!active) throw new Error('revalueLedger: the plan has no Active Daynode');
  const params = {
    date: active.date,
    prevDate: active.prevDate,
    factors: plan.factors,
    rates: plan.rates,
    batch: neo4j.int(config.batchSize),
  };
  const outcomes: StepOutcome[] = [];
  const session = driver.session({ database, defaultAccessMode: neo4j.session.WRITE });
  try {
    for (const step of STEPS) {
      const total = plan.pending[step.category];
      const started = Date.now();
      const outcome: StepOutcome = { category: step.category, revalued: 0, batches: 0, durationMs: 0 };
      if (total > 0) {
        reporter.info(`${step.category}: revaluing ${total} flagged entities in batches of ${config.batchSize}`);
        const statement = revalueBatchStatement(config, step);
        for (;;) {
          await options.beforeBatch?.();
          const revalued = await runBatch(session, statement, params, options.signal);
          if (revalued > 0) outcome.batches++;
          outcome.revalued += revalued;
          reporter.info(progressLine(step.category, outcome.revalued, total, started));
          // Done when a batch comes back short, or when the preflight count is reached: a last batch that only
          // confirms there is nothing left would pass over every flagged entity of the category once more.
          if (revalued < config.batchSize || outcome.revalued >= total) break;
        }
      }
      outcome.durationMs = Date.now() - started;
      outcomes.push(outcome);
    }
    // Fewer than preflight counted: some were unflagged since, or cannot be revalued any more; say which.
    if (outcomes.some((o) => o.revalued < plan.pending[o.category])) {
      const stuck = await session.run(stuckStatement(config), params);
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
