import { resolve } from 'node:path';
import {
  appendSummary,
  ConfigurationError,
  failStep,
  getState,
  log,
  saveState,
  setOutput,
  type ActionContext,
} from '@credex/action-kit';
import { releaseHold, runDco, type DcoReport } from '@credex/dco';
import { checkConnectivity, createDriver, describeNeo4jProblem, type Neo4jTarget } from '@credex/neo4j';
import { writeJsonReport } from '@credex/reports';
import type { Driver } from 'neo4j-driver';
import { ACTION, readConnections, type Inputs } from './inputs';
import { renderSummary } from './summary';

/** Run ids whose hold on the transaction queue main set and has not reset yet (for the post step). */
const HOLD_STATE = 'dco-hold-run-ids';

async function connect(name: string, target: Neo4jTarget, drivers: Driver[]): Promise<Driver> {
  const driver = createDriver(target);
  drivers.push(driver);
  const check = await checkConnectivity(driver, target.database);
  if (!check.ok) throw new ConfigurationError(`${name}: ${describeNeo4jProblem(check.problem)}`);
  log.info(`${name}: Neo4j ${check.facts.edition} ${check.facts.version}`);
  return driver;
}

function setOutputs(report: DcoReport, reportFile: string | undefined): void {
  setOutput('cxx-credexes', report.counts.cxxCredexes);
  setOutput('currency-credexes', report.counts.currencyCredexes);
  setOutput('redeemed', report.counts.redeemed);
  setOutput('credloop', report.counts.credloop);
  setOutput('loop-anchors', report.counts.loopAnchors);
  setOutput('search-credexes', report.counts.searchCredexes);
  setOutput(
    'flags-set',
    (report.flagChanges ?? []).reduce((n, c) => n + c.set, 0),
  );
  setOutput(
    'flags-cleared',
    (report.flagChanges ?? []).reduce((n, c) => n + c.cleared, 0),
  );
  setOutput('tampered', report.check?.tampered ?? report.tampered?.count ?? 0);
  setOutput('batches', report.batches);
  setOutput('duration', report.durationMs);
  setOutput('verified', report.verified === undefined ? '' : String(report.verified));
  if (reportFile) setOutput('report-file', reportFile);
}

function failures(report: DcoReport): string | undefined {
  if (report.problems.length) {
    for (const problem of report.problems) log.error(problem);
    const what = report.problems.length === 1 ? report.problems[0]! : `${report.problems.length} problems (see above)`;
    throw new ConfigurationError(`refused, nothing was changed: ${what}`);
  }
  if (report.verification && !report.verification.ok) {
    for (const sample of report.verification.samples) log.error(sample);
    return 'verification failed (see the summary)';
  }
  if (report.check && !report.check.ok) {
    for (const sample of report.check.samples) log.error(sample);
    return `check failed: ${report.check.tampered} flagged entities changed by another writer${report.check.search?.mismatches ? `, ${report.check.search.mismatches} SearchSpace credexes differ` : ''} (see the summary)`;
  }
  return undefined;
}

function doneLine(report: DcoReport): string {
  if (report.check)
    return `checked: ${report.check.done} flagged entities revalued to ${report.activeDate}, ${report.check.pending} not yet, none changed by another writer`;
  return `${report.dryRun ? 'dry run: would revalue' : 'revalued'} ${Object.entries(report.counts)
    .map(([c, n]) => `${c} ${n}`)
    .join(', ')} in ${report.batches} batches${report.verified ? '; verified' : ''}`;
}

export async function main(inputs: Inputs, { signal }: ActionContext): Promise<void> {
  const drivers: Driver[] = [];
  try {
    const ledger = await connect('LedgerSpace', inputs.ledger, drivers);
    const search = inputs.search ? await connect('SearchSpace', inputs.search, drivers) : undefined;
    const report = await runDco({
      ledger: { driver: ledger, database: inputs.ledger.database },
      ...(search ? { search: { driver: search, database: inputs.search?.database } } : {}),
      config: inputs.config,
      mode: inputs.mode,
      dryRun: inputs.dryRun,
      verify: inputs.verify && !inputs.dryRun,
      waitForMtq: inputs.waitForMtq,
      mtqTimeoutMs: inputs.mtqTimeoutMs,
      breakLease: inputs.breakLease,
      onTampered: inputs.onTampered,
      holdQueue: inputs.holdQueue,
      onHoldChange: (runIds) => saveState(HOLD_STATE, runIds),
      reporter: { info: (m) => log.info(m), warning: (m) => log.warning(m) },
      signal,
    });
    const reportFile = inputs.reportFile ? await writeJsonReport(resolve(inputs.reportFile), report) : undefined;
    setOutputs(report, reportFile);
    await appendSummary(renderSummary(report));
    const failure = failures(report);
    if (failure) {
      failStep(ACTION, failure);
      return;
    }
    log.info(doneLine(report));
  } finally {
    await Promise.all(drivers.map((d) => d.close()));
  }
}

/**
 * After a main step that was killed before it could reset its hold on the transaction queue: reset it (only where
 * this step's run set it), so that the queue does not stay stopped. The lease is left to expire: it guards the money.
 */
export async function post(): Promise<void> {
  const runIds = getState<string[]>(HOLD_STATE) ?? [];
  if (runIds.length === 0) return;
  const { ledger } = readConnections();
  const drivers: Driver[] = [];
  try {
    const driver = await connect('LedgerSpace', ledger, drivers);
    const session = driver.session({ database: ledger.database });
    try {
      const reset = await releaseHold(session, runIds);
      log.warning(
        reset > 0
          ? `reset DCOrunningNow, left set by run ${runIds[0]} when its main step ended without resetting it`
          : 'no hold on the transaction queue left to reset',
      );
    } finally {
      await session.close();
    }
  } finally {
    await Promise.all(drivers.map((d) => d.close()));
  }
}
