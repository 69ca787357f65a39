import neo4j, { type Driver } from 'neo4j-driver';
import type { DcoConfig } from './config';
import type { Plan } from './plan';
import { progressLine, type Reporter } from './progress';
import { STEPS, revalueStatement, type LedgerCategory } from './steps';

export interface StepOutcome {
  category: LedgerCategory;
  revalued: number;
  batches: number;
  durationMs: number;
}

interface StreamOptions {
  onRow: () => void;
  signal?: AbortSignal;
}

/** Runs one auto-commit statement, calling onRow per record as they stream in. */
export async function streamRows(
  driver: Driver,
  database: string | undefined,
  statement: string,
  params: Record<string, unknown>,
  options: StreamOptions,
): Promise<void> {
  options.signal?.throwIfAborted();
  const session = driver.session({ database, defaultAccessMode: neo4j.session.WRITE });
  try {
    await new Promise<void>((resolve, reject) => {
      const result = session.run(statement, params);
      const abort = (): void => {
        // Closing the session ends the statement on the server: the batch in flight rolls back, committed ones stay.
        void session.close().finally(() => reject(options.signal?.reason as Error));
      };
      options.signal?.addEventListener('abort', abort, { once: true });
      result.subscribe({
        onNext: () => options.onRow(),
        onCompleted: () => {
          options.signal?.removeEventListener('abort', abort);
          resolve();
        },
        onError: (error) => {
          options.signal?.removeEventListener('abort', abort);
          reject(error);
        },
      });
    });
  } finally {
    await session.close();
  }
}

/**
 * Revalues every category in turn: one statement each, `CALL { … } IN TRANSACTIONS OF batch ROWS`, progress logged
 * as each batch commits. `afterStep` runs between categories (lease renewal).
 */
export async function revalueLedger(
  driver: Driver,
  database: string | undefined,
  config: DcoConfig,
  plan: Plan,
  reporter: Reporter,
  options: { signal?: AbortSignal; afterStep?: () => Promise<void> } = {},
): Promise<StepOutcome[]> {
  const active = plan.active;
  if (!active) throw new Error('revalueLedger: the plan has no Active Daynode');
  const outcomes: StepOutcome[] = [];
  for (const step of STEPS) {
    const total = plan.pending[step.category];
    const started = Date.now();
    let revalued = 0;
    if (total > 0) {
      reporter.info(`${step.category}: revaluing ${total} flagged entities in batches of ${config.batchSize}`);
      await streamRows(
        driver,
        database,
        revalueStatement(config, step),
        {
          date: active.date,
          prevDate: active.prevDate,
          factors: plan.factors,
          rates: plan.rates,
          batch: neo4j.int(config.batchSize),
        },
        {
          signal: options.signal,
          onRow: () => {
            revalued++;
            if (revalued % config.batchSize === 0 || revalued === total) {
              reporter.info(progressLine(step.category, revalued, total, started));
            }
          },
        },
      );
      if (revalued !== total) reporter.info(progressLine(step.category, revalued, total, started));
    }
    outcomes.push({
      category: step.category,
      revalued,
      batches: Math.ceil(revalued / config.batchSize),
      durationMs: Date.now() - started,
    });
    await options.afterStep?.();
  }
  return outcomes;
}
