import { appendSummary, failStep, log, setOutput, type ActionContext } from '@credex/action-kit';
import { createClient } from '@credex/aws';
import {
  metricData,
  publishMetrics,
  renderHealthJUnit,
  renderHealthSummary,
  runHealthCheck,
} from '@credex/neo4j-health';
import { writeJsonReport, writeTextReport } from '@credex/reports';
import { NAME, type Inputs } from './inputs';

export async function run(inputs: Inputs, { signal }: ActionContext): Promise<void> {
  const { plan, region } = inputs;
  const ec2 = plan.discoveryFilters ? createClient((await import('./clients/ec2')).EC2Client, { region }) : undefined;
  const count = Object.values(plan.instances).reduce((n, list) => n + list.length, 0);
  log.info(`${NAME}: checking ${count} instance(s) in ${plan.environments.join(', ')}`);
  const report = await runHealthCheck(plan, { ec2, signal, log: (message) => log.info(`${NAME}: ${message}`) });

  const reportPath = await writeJsonReport(inputs.reportFile, report);
  const junitPath = await writeTextReport(inputs.junitFile, renderHealthJUnit(report));
  await appendSummary(renderHealthSummary(report));
  for (const health of report.instances) {
    for (const check of health.checks.filter((c) => c.status === 'fail')) {
      log.error(`${health.environment}/${health.instance} ${check.check}: ${check.reason}`, { title: 'Neo4j health' });
    }
  }
  for (const mismatch of report.mismatches) log.warning(mismatch.detail, { title: 'Neo4j instances' });
  if (report.discoveryError) log.warning(report.discoveryError, { title: 'Neo4j instances' });

  let published = 0;
  if (inputs.publishMetrics) {
    const data = metricData(report);
    const { CloudWatchClient } = await import('./clients/cloudwatch');
    await publishMetrics(createClient(CloudWatchClient, { region }), data);
    published = data.length;
    log.info(`${NAME}: published ${published} metric value(s) to CloudWatch (Credex/Neo4j)`);
  }
  const { pass, fail, skipped } = report.counts;
  setOutput('passed', fail === 0);
  setOutput('failed-count', fail);
  setOutput('metrics-published', published);
  setOutput('report-file', reportPath);
  setOutput('junit-file', junitPath);
  log.info(`${NAME}: ${pass} passed, ${fail} failed, ${skipped} skipped`);
  if (fail > 0 && inputs.failOn === 'fail') failStep(NAME, `${fail} health check(s) failed`);
}
