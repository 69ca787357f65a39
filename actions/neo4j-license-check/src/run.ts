import { appendSummary, failStep, log, setOutput, type ActionContext } from '@credex/action-kit';
import { createClient } from '@credex/aws';
import { renderLicenseJUnit, renderSummary, runLicenseCheck, shouldFail, type CheckDeps } from '@credex/neo4j-license';
import { writeJsonReport, writeTextReport } from '@credex/reports';
import { NAME, type Inputs } from './inputs';

/**
 * The AWS clients the plan needs, each loaded only when its feature is on (discovery, the SSM fingerprint, CloudWatch
 * Logs): all three are off by default. Each comes from a module that imports just its client class, because a
 * dynamic import of the SDK package itself would bundle every command of the service.
 */
async function awsClients({ plan, region }: Inputs): Promise<Pick<CheckDeps, 'ec2' | 'ssm' | 'logs'>> {
  const needsLogs =
    plan.logGroup !== undefined || Object.values(plan.instances).some((list) => list.some((i) => i.logGroup));
  const needsSsm = plan.expectedFingerprint !== undefined && plan.discoveryFilters !== undefined;
  return {
    ec2: plan.discoveryFilters ? createClient((await import('./clients/ec2')).EC2Client, { region }) : undefined,
    ssm: needsSsm ? createClient((await import('./clients/ssm')).SSMClient, { region }) : undefined,
    logs: needsLogs ? createClient((await import('./clients/logs')).CloudWatchLogsClient, { region }) : undefined,
  };
}

export async function run(inputs: Inputs, { signal }: ActionContext): Promise<void> {
  const { plan, failOn, reportFile, junitFile } = inputs;
  const deps: CheckDeps = { ...(await awsClients(inputs)), signal, log: (message: string) => log.info(message) };
  const count = Object.values(plan.instances).reduce((n, list) => n + list.length, 0);
  log.info(
    `${NAME}: ${plan.mode} check of ${count} inventory instance(s) in ${plan.environments.join(', ')}` +
      (plan.discoveryFilters ? ' with EC2 discovery' : ''),
  );
  const report = await runLicenseCheck(plan, deps);
  const reportPath = await writeJsonReport(reportFile, report);
  const junitPath = await writeTextReport(junitFile, renderLicenseJUnit(report));
  await appendSummary(renderSummary(report));
  for (const r of report.results) {
    if (r.status === 'fail' || r.status === 'warn') {
      const where = r.instance === '*' ? r.environment : `${r.environment}/${r.instance}`;
      const text = `${where} ${r.case}: ${r.reason}`;
      if (r.status === 'fail') log.error(text, { title: 'Neo4j license' });
      else log.warning(text, { title: 'Neo4j license' });
    }
  }
  const { counts } = report;
  const failing = shouldFail(counts, failOn);
  setOutput('passed', counts.fail === 0 && (failOn !== 'warn' || counts.warn === 0));
  setOutput('failed-count', counts.fail);
  setOutput('warn-count', counts.warn);
  setOutput('report-file', reportPath);
  setOutput('junit-file', junitPath);
  log.info(`${NAME}: ${counts.pass} passed, ${counts.fail} failed, ${counts.warn} warnings, ${counts.skipped} skipped`);
  if (failing) {
    failStep(NAME, `${counts.fail} failed and ${counts.warn} warning case result(s) with fail-on ${failOn}`);
  }
}
