import { randomUUID } from 'node:crypto';
import { sleep } from '@credex/action-kit';
import type { Session } from 'neo4j-driver';
import type { DcoConfig } from './config';
import { readActiveDaynode } from './daynodes';
import { sampleChanges, type Sample } from './dry-run';
import { maintainFlags, type FlagChange } from './flags';
import { describeMissing, ensureIndexes, ledgerIndexSpecs, searchIndexSpecs } from './indexes';
import { releaseLease, renewLease, takeLease } from './lease';
import { makePlan, type Plan } from './plan';
import { silentReporter, type Reporter } from './progress';
import { revalueLedger, type StepOutcome } from './revalue';
import { syncSearch, checkSearchSync, type SearchSyncOutcome, type Target } from './search';
import { unflaggedChecksum } from './checksum';
import { compareFlagged, snapshotFlagged, type Verification } from './verify';
import { CATEGORIES, type Category, type LedgerCategory } from './steps';

export interface DcoRunOptions {
  ledger: Target;
  /** The SearchSpace database (in tests: a second server). */
  search?: Target;
  config: DcoConfig;
  mode: 'revalue' | 'flag';
  dryRun: boolean;
  verify: boolean;
  waitForMtq: boolean;
  mtqTimeoutMs?: number;
  mtqPollMs?: number;
  breakLease: boolean;
  leaseTtlMs?: number;
  runId?: string;
  reporter?: Reporter;
  signal?: AbortSignal;
}

export interface DcoReport {
  mode: 'revalue' | 'flag';
  dryRun: boolean;
  runId: string;
  activeDate?: string;
  /** One line each; non-empty means the run refused and wrote nothing (beyond a lease it released). */
  problems: string[];
  /** Entities revalued by this run (dry run: that would be), per category. */
  counts: Record<Category, number>;
  /** Flagged entities already revalued to the Active date before this run. */
  alreadyDone: Partial<Record<LedgerCategory, number>>;
  byDenomination: Partial<Record<LedgerCategory, Record<string, number>>>;
  batches: number;
  durationMs: number;
  indexes: { created: string[]; missing: string[] };
  lease?: { tookOverFrom?: string };
  steps: StepOutcome[];
  search?: SearchSyncOutcome;
  flagChanges?: FlagChange[];
  samples?: Sample[];
  verification?: Verification;
  verified?: boolean;
}

const emptyCounts = (): Record<Category, number> =>
  Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;

async function withSession<T>(target: Target, fn: (s: Session) => Promise<T>): Promise<T> {
  const session = target.driver.session({ database: target.database });
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}

async function waitForMtq(options: DcoRunOptions, reporter: Reporter): Promise<string | undefined> {
  const deadline = Date.now() + (options.mtqTimeoutMs ?? 600_000);
  let announced = false;
  for (;;) {
    const lookup = await withSession(options.ledger, readActiveDaynode);
    if (!lookup.ok) return lookup.problem;
    if (!lookup.active.mtqRunning) return undefined;
    if (!options.waitForMtq)
      return 'the transaction queue is running (MTQrunningNow = true on the Active Daynode); rerun later or set wait-for-mtq: true';
    if (Date.now() >= deadline)
      return `the transaction queue was still running (MTQrunningNow = true) after ${Math.round((options.mtqTimeoutMs ?? 600_000) / 1000)} s`;
    if (!announced) reporter.info('waiting for the transaction queue to finish (MTQrunningNow = true)');
    announced = true;
    await sleep(options.mtqPollMs ?? 3000, options.signal);
  }
}

function planSummary(report: DcoReport, plan: Plan): void {
  report.activeDate = plan.active?.dateText;
  report.alreadyDone = plan.done;
  report.byDenomination = plan.byDenomination;
}

/** One DCO run: revalue flagged entities (or, `mode: flag`, maintain the flags), then verify. */
export async function runDco(options: DcoRunOptions): Promise<DcoReport> {
  const started = Date.now();
  const reporter = options.reporter ?? silentReporter;
  const { config, ledger, search } = options;
  const report: DcoReport = {
    mode: options.mode,
    dryRun: options.dryRun,
    runId: options.runId ?? randomUUID(),
    problems: [],
    counts: emptyCounts(),
    alreadyDone: {},
    byDenomination: {},
    batches: 0,
    durationMs: 0,
    indexes: { created: [], missing: [] },
    steps: [],
  };
  const finish = (): DcoReport => {
    report.durationMs = Date.now() - started;
    return report;
  };

  if (options.mode === 'flag') {
    report.flagChanges = await maintainFlags(ledger.driver, ledger.database, config, reporter, {
      dryRun: options.dryRun,
      signal: options.signal,
    });
    report.batches = report.flagChanges.reduce(
      (n, c) => n + Math.ceil(c.set / config.batchSize) + Math.ceil(c.cleared / config.batchSize),
      0,
    );
    return finish();
  }

  const planned = async (): Promise<Plan | undefined> => {
    const plan = await withSession(ledger, (s) => makePlan(s, config));
    planSummary(report, plan);
    if (!plan.problems.length) return plan;
    report.problems = plan.problems;
    return undefined;
  };

  if (options.dryRun) {
    const plan = await planned();
    if (!plan) return finish();
    for (const category of Object.keys(plan.pending) as LedgerCategory[])
      report.counts[category] = plan.pending[category];
    report.counts.searchCredexes = search ? plan.pending.cxxCredexes + plan.pending.currencyCredexes : 0;
    report.batches = Object.values(plan.pending).reduce((n, p) => n + Math.ceil(p / config.batchSize), 0);
    report.samples = await sampleChanges(ledger, config, plan);
    report.indexes.missing = [
      ...(await withSession(ledger, (s) => describeMissing(s, ledgerIndexSpecs(config, Boolean(search))))),
      ...(search
        ? (await withSession(search, (s) => describeMissing(s, searchIndexSpecs))).map((d) => `SearchSpace ${d}`)
        : []),
    ];
    return finish();
  }

  const ttl = options.leaseTtlMs ?? 15 * 60_000;
  const lease = await withSession(ledger, (s) => takeLease(s, report.runId, ttl, options.breakLease));
  if (!lease.ok) {
    // Without a single Active Daynode there is nothing to lease: let preflight say precisely what is wrong.
    if (lease.noActiveDaynode) await planned();
    if (!report.problems.length) report.problems = [lease.problem];
    return finish();
  }
  report.lease = lease.tookOverFrom ? { tookOverFrom: lease.tookOverFrom } : {};
  if (lease.tookOverFrom) reporter.warning(`took over the DCO lease from run ${lease.tookOverFrom}`);
  reporter.info(`DCO lease taken by run ${report.runId}`);
  try {
    const mtqProblem = await waitForMtq(options, reporter);
    if (mtqProblem) {
      report.problems = [mtqProblem];
      return finish();
    }
    // Preflight (reads only) under the lease, so that no other run changes the numbers; a refusal here gives the
    // lease back and leaves every entity as it was.
    const plan = await planned();
    if (!plan) return finish();

    report.indexes.created = await withSession(ledger, (s) =>
      ensureIndexes(s, ledgerIndexSpecs(config, Boolean(search))),
    );
    if (search) {
      const created = await withSession(search, (s) => ensureIndexes(s, searchIndexSpecs));
      report.indexes.created.push(...created.map((d) => `SearchSpace ${d}`));
    }
    for (const created of report.indexes.created) reporter.info(`created index ${created}`);

    const before = options.verify ? await snapshotFlagged(ledger, config, plan, config.batchSize) : undefined;
    const checksumBefore = options.verify ? await unflaggedChecksum(ledger, config, config.batchSize) : undefined;

    // Renewed (and checked to be still ours) a third of its lifetime after the last renewal: often enough that it
    // never lapses while we write, rarely enough to cost nothing per batch.
    let renewedAt = Date.now();
    const renew = async (force = false): Promise<void> => {
      if (!force && Date.now() - renewedAt < ttl / 3) return;
      const ours = await withSession(ledger, (s) => renewLease(s, report.runId, ttl));
      if (!ours) throw new Error('the DCO lease was taken over by another run (break-lease); stopping');
      renewedAt = Date.now();
    };
    report.steps = await revalueLedger(ledger.driver, ledger.database, config, plan, reporter, {
      signal: options.signal,
      beforeBatch: () => renew(),
    });
    for (const step of report.steps) {
      report.counts[step.category] = step.revalued;
      report.batches += step.batches;
    }
    reporter.info(`LedgerSpace done: ${report.steps.map((s) => `${s.category} ${s.revalued}`).join(', ')}`);

    if (search) {
      report.search = await syncSearch(ledger, search, config, plan, reporter, options.signal);
      report.counts.searchCredexes = report.search.updated;
      report.batches += report.search.batches;
      await renew(true);
    }

    if (options.verify && before && checksumBefore) {
      reporter.info('verifying');
      const after = await snapshotFlagged(ledger, config, plan, config.batchSize);
      const flagged = compareFlagged(before, after, plan);
      const checksumAfter = await unflaggedChecksum(ledger, config, config.batchSize);
      const searchCheck = search ? await checkSearchSync(ledger, search, config.batchSize) : undefined;
      const unflagged = {
        entities: checksumAfter.entities,
        before: checksumBefore.digest,
        after: checksumAfter.digest,
        equal: checksumBefore.digest === checksumAfter.digest && checksumBefore.entities === checksumAfter.entities,
      };
      const ok =
        flagged.unmarked === 0 &&
        flagged.cxxMismatches === 0 &&
        flagged.currencyMismatches === 0 &&
        unflagged.equal &&
        (searchCheck ? searchCheck.mismatches === 0 : true);
      for (const m of searchCheck?.samples ?? []) {
        flagged.samples.push(
          `SearchSpace credex ${m.credexID}: outstandingAmount ${m.search}, LedgerSpace OutstandingAmount ${m.ledger ?? '(no such credex)'}`,
        );
      }
      report.verification = { ok, ...flagged, unflagged, ...(searchCheck ? { search: searchCheck } : {}) };
      report.verified = ok;
    }
    return finish();
  } finally {
    // Given back on failure and cancel too: the markers, not the lease, make a half-done run safe to finish.
    await withSession(ledger, (s) => releaseLease(s, report.runId)).catch(() => undefined);
  }
}
