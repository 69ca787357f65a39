import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Session } from 'neo4j-driver';
import { MODEL, type DcoConfig } from './config';
import { readActiveDaynode, type ActiveDaynode } from './daynodes';
import { sampleChanges, type Sample } from './dry-run';
import { maintainFlags, type FlagChange } from './flags';
import { holdQueue, releaseHold } from './hold';
import { describeMissing, ensureIndexes, ledgerIndexSpecs, searchIndexSpecs } from './indexes';
import { releaseLease, renewLease, takeLease } from './lease';
import { makePlan, type Plan } from './plan';
import { silentReporter, type Reporter } from './progress';
import { revalueLedger, type StepOutcome } from './revalue';
import { syncSearch, checkSearchSync, type SearchCheck, type SearchSyncOutcome, type Target } from './search';
import { unflaggedChecksum } from './checksum';
import { tamperSplit, tamperTotal, tamperedSamples, type TamperPolicy } from './tamper';
import { compareFlagged, snapshotFlagged, type Verification } from './verify';
import { CATEGORIES, type Category, type LedgerCategory } from './steps';

export interface DcoRunOptions {
  ledger: Target;
  /** The SearchSpace database (in tests: a second server). */
  search?: Target;
  config: DcoConfig;
  /** `revalue`; `flag` maintains the flags; `verify` only checks (fingerprints, pending, SearchSpace). */
  mode: 'revalue' | 'flag' | 'verify';
  dryRun: boolean;
  verify: boolean;
  waitForMtq: boolean;
  mtqTimeoutMs?: number;
  mtqPollMs?: number;
  breakLease: boolean;
  leaseTtlMs?: number;
  /** What to do with entities another writer changed after this step revalued them (default `stop`). */
  onTampered?: TamperPolicy;
  /** Set DCOrunningNow on the Active Daynode for the run (default false: inside the DCO, credex-core has set it). */
  holdQueue?: boolean;
  /** Told the run ids whose hold this run must reset (when it sets or inherits one) and [] once it has reset it. */
  onHoldChange?: (runIds: string[]) => void;
  runId?: string;
  reporter?: Reporter;
  signal?: AbortSignal;
}

/** `mode: verify`: what the flagged entities look like now, without writing anything. */
export interface FlaggedCheck {
  ok: boolean;
  /** Flagged entities carrying the Active date, and those that do not yet. */
  done: number;
  pending: number;
  /** Flagged entities whose values no longer match their fingerprint. */
  tampered: number;
  search?: SearchCheck;
  samples: string[];
}

export interface DcoReport {
  mode: 'revalue' | 'flag' | 'verify';
  dryRun: boolean;
  runId: string;
  activeDate?: string;
  /** One line each; non-empty means the run refused and wrote nothing (beyond a lease and hold it released). */
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
  /** Whether this run held the transaction queue (set DCOrunningNow), and whose left-over hold it took over or reset. */
  hold?: { held: boolean; tookOverFrom?: string; resetLeftFrom?: string };
  /** Flagged entities another writer changed after this step revalued them, what was done with them, a few named. */
  tampered?: { count: number; policy: TamperPolicy; adopted: number; samples: string[] };
  steps: StepOutcome[];
  search?: SearchSyncOutcome;
  flagChanges?: FlagChange[];
  samples?: Sample[];
  verification?: Verification;
  check?: FlaggedCheck;
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

/** Sleeps, rejecting with the signal's own reason (a CancelledError from the action) when it aborts. */
async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    signal?.throwIfAborted();
    throw error;
  }
}

/** Waits while the transaction queue runs (MTQrunningNow); returns the latest Active Daynode or why not to go on. */
async function waitForMtq(
  options: DcoRunOptions,
  reporter: Reporter,
  first: ActiveDaynode,
): Promise<{ active: ActiveDaynode } | { problem: string }> {
  const timeoutMs = options.mtqTimeoutMs ?? 600_000;
  const deadline = Date.now() + timeoutMs;
  let active = first;
  let announced = false;
  for (;;) {
    if (!active.mtqRunning) return { active };
    if (!options.waitForMtq)
      return {
        problem:
          'the transaction queue is running (MTQrunningNow = true on the Active Daynode); rerun later or set wait-for-mtq: true',
      };
    if (Date.now() >= deadline)
      return {
        problem: `the transaction queue was still running (MTQrunningNow = true) after ${Math.round(timeoutMs / 1000)} s`,
      };
    if (!announced) reporter.info('waiting for the transaction queue to finish (MTQrunningNow = true)');
    announced = true;
    await pause(options.mtqPollMs ?? 3000, options.signal);
    const lookup = await withSession(options.ledger, readActiveDaynode);
    if (!lookup.ok) return { problem: lookup.problem };
    active = lookup.active;
  }
}

function planSummary(report: DcoReport, plan: Plan): void {
  report.activeDate = plan.active?.dateText;
  report.alreadyDone = plan.done;
  report.byDenomination = plan.byDenomination;
}

/** Names a few tampered entities in the report and the log when preflight found any. */
async function reportTampered(
  options: DcoRunOptions,
  report: DcoReport,
  plan: Plan,
  reporter: Reporter,
): Promise<void> {
  const count = tamperTotal(plan.tampered);
  if (count === 0) return;
  const samples = await tamperedSamples(options.ledger, options.config);
  report.tampered = { count, policy: plan.onTampered, adopted: 0, samples };
  reporter.warning(
    `${count} flagged entities were changed by another writer after this step revalued them (${tamperSplit(plan.tampered)}); on-tampered: ${plan.onTampered}`,
  );
  for (const line of samples) reporter.warning(`tampered: ${line}`);
}

function searchSampleLines(check: SearchCheck | undefined): string[] {
  return (check?.samples ?? []).map(
    (m) =>
      `SearchSpace credex ${m.credexID}: outstandingAmount ${m.search}, LedgerSpace OutstandingAmount ${m.ledger ?? '(no such credex)'}`,
  );
}

/** `mode: verify`: fingerprints, pending entities and SearchSpace, read only. */
async function checkOnly(options: DcoRunOptions, report: DcoReport): Promise<void> {
  const plan = await withSession(options.ledger, (s) => makePlan(s, options.config));
  planSummary(report, plan);
  if (!plan.active) {
    report.problems = plan.problems;
    return;
  }
  const sum = (r: Record<LedgerCategory, number>): number => Object.values(r).reduce((a, b) => a + b, 0);
  const tampered = tamperTotal(plan.tampered);
  const search = options.search
    ? await checkSearchSync(options.ledger, options.search, options.config.batchSize)
    : undefined;
  const samples = tampered > 0 ? await tamperedSamples(options.ledger, options.config) : [];
  samples.push(...searchSampleLines(search));
  report.check = {
    ok: tampered === 0 && (search ? search.mismatches === 0 : true),
    done: sum(plan.done),
    pending: sum(plan.pending),
    tampered,
    ...(search ? { search } : {}),
    samples,
  };
  report.verified = report.check.ok;
}

/** One DCO run: revalue flagged entities (or, `mode: flag`, maintain the flags; `mode: verify`, check), then verify. */
export async function runDco(options: DcoRunOptions): Promise<DcoReport> {
  options.signal?.throwIfAborted();
  const started = Date.now();
  const reporter = options.reporter ?? silentReporter;
  const { config, ledger, search } = options;
  const onTampered = options.onTampered ?? 'stop';
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
  if (options.mode === 'verify') {
    await checkOnly(options, report);
    return finish();
  }

  const planned = async (active?: ActiveDaynode): Promise<Plan | undefined> => {
    const plan = await withSession(ledger, (s) => makePlan(s, config, { onTampered, active }));
    planSummary(report, plan);
    await reportTampered(options, report, plan, reporter);
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
  const holders: string[] = [];
  try {
    const lookup = await withSession(ledger, readActiveDaynode);
    if (!lookup.ok) {
      report.problems = [lookup.problem];
      return finish();
    }
    const problem = await holdOrClear(options, report, lookup.active, holders, reporter);
    if (problem) {
      report.problems = [problem];
      return finish();
    }
    const mtq = await waitForMtq(options, reporter, lookup.active);
    if ('problem' in mtq) {
      report.problems = [mtq.problem];
      return finish();
    }
    // Preflight (reads only) under the lease, so that no other run changes the numbers; a refusal here gives the
    // lease back and leaves every entity as it was.
    const plan = await planned(mtq.active);
    if (!plan) return finish();
    await revalue(options, report, plan, reporter, ttl);
    return finish();
  } finally {
    // Given back on failure and cancel too: the markers, not the lease, make a half-done run safe to finish.
    if (holders.length) {
      await withSession(ledger, (s) => releaseHold(s, holders))
        .then(() => options.onHoldChange?.([]))
        .catch(() => undefined);
    }
    await withSession(ledger, (s) => releaseLease(s, report.runId)).catch(() => undefined);
  }
}

/**
 * With `holdQueue`, sets DCOrunningNow (taking over a hold a dead run of this step left); without, resets a hold a
 * dead run of this step left behind (ours by the lease we took over). Returns why the run cannot go on.
 */
async function holdOrClear(
  options: DcoRunOptions,
  report: DcoReport,
  active: ActiveDaynode,
  holders: string[],
  reporter: Reporter,
): Promise<string | undefined> {
  const { ledger } = options;
  if (options.holdQueue) {
    const hold = await withSession(ledger, (s) => holdQueue(s, report.runId));
    if (!hold.ok) return hold.problem;
    holders.push(report.runId, ...(hold.tookOverFrom ? [hold.tookOverFrom] : []));
    options.onHoldChange?.([...holders]);
    report.hold = { held: true, ...(hold.tookOverFrom ? { tookOverFrom: hold.tookOverFrom } : {}) };
    if (hold.tookOverFrom)
      reporter.warning(`took over the hold on the transaction queue left by run ${hold.tookOverFrom}`);
    reporter.info('holding the transaction queue (DCOrunningNow = true) for this run');
    return undefined;
  }
  report.hold = { held: false };
  const left = active.props[MODEL.hold.runId];
  if (typeof left === 'string' && left !== report.runId) {
    await withSession(ledger, (s) => releaseHold(s, [left]));
    report.hold.resetLeftFrom = left;
    reporter.warning(`reset DCOrunningNow left set by run ${left}, which died holding the transaction queue`);
  }
  return undefined;
}

/** The writing part of a run: indexes, LedgerSpace, SearchSpace, then verification. */
async function revalue(
  options: DcoRunOptions,
  report: DcoReport,
  plan: Plan,
  reporter: Reporter,
  ttl: number,
): Promise<void> {
  const { config, ledger, search } = options;
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
    if (report.tampered) report.tampered.adopted += step.adopted ?? 0;
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
      flagged.tampered === 0 &&
      unflagged.equal &&
      (searchCheck ? searchCheck.mismatches === 0 : true);
    flagged.samples.push(...searchSampleLines(searchCheck));
    report.verification = { ok, ...flagged, unflagged, ...(searchCheck ? { search: searchCheck } : {}) };
    report.verified = ok;
  }
}
