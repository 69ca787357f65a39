import { resolve } from 'node:path';
import { appendSummary, ConfigurationError, failStep, log, setOutput, type ActionContext } from '@credex/action-kit';
import { renderSummary, runDco, type DcoReport } from '@credex/dco';
import { checkConnectivity, createDriver, describeNeo4jProblem, type Neo4jTarget } from '@credex/neo4j';
import { writeJsonReport } from '@credex/reports';
import type { Driver } from 'neo4j-driver';
import { ACTION, type Inputs } from './inputs';

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
  setOutput('batches', report.batches);
  setOutput('duration', report.durationMs);
  setOutput('verified', report.verified === undefined ? '' : String(report.verified));
  if (reportFile) setOutput('report-file', reportFile);
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
      reporter: { info: (m) => log.info(m), warning: (m) => log.warning(m) },
      signal,
    });
    const reportFile = inputs.reportFile ? await writeJsonReport(resolve(inputs.reportFile), report) : undefined;
    setOutputs(report, reportFile);
    await appendSummary(renderSummary(report));
    if (report.problems.length) {
      for (const problem of report.problems) log.error(problem);
      const what =
        report.problems.length === 1 ? report.problems[0]! : `${report.problems.length} problems (see above)`;
      throw new ConfigurationError(`refused, nothing was changed: ${what}`);
    }
    if (report.verification && !report.verification.ok) {
      for (const sample of report.verification.samples) log.error(sample);
      failStep(ACTION, 'verification failed (see the summary)');
      return;
    }
    log.info(
      `${report.dryRun ? 'dry run: would revalue' : 'revalued'} ${Object.entries(report.counts)
        .map(([c, n]) => `${c} ${n}`)
        .join(', ')} in ${report.batches} batches${report.verified ? '; verified' : ''}`,
    );
  } finally {
    await Promise.all(drivers.map((d) => d.close()));
  }
}
