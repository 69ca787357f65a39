import { appendSummary, log, setOutput, type ActionContext } from '@credex/action-kit';
import { pending, renderAlarmsSummary, rollbackAlarmNames, runAlarms } from '@credex/alarms';
import { createClient } from '@credex/aws';
import { writeJsonReport } from '@credex/reports';
import { NAME, type Inputs } from './inputs';

export async function run({ plan, planFile }: Inputs, _context: ActionContext): Promise<void> {
  const region = plan.region;
  const [{ CloudWatchClient }, { STSClient }] = await Promise.all([
    import('./clients/cloudwatch'),
    import('./clients/sts'),
  ]);
  const result = await runAlarms(plan, {
    cloudwatch: createClient(CloudWatchClient, { region }),
    sts: createClient(STSClient, { region }),
    elb: plan.loadBalancerName
      ? createClient((await import('./clients/elb')).ElasticLoadBalancingV2Client, { region })
      : undefined,
    ec2: plan.discoveryFilters ? createClient((await import('./clients/ec2')).EC2Client, { region }) : undefined,
  });
  const changes = pending(result.changes);
  for (const change of changes) {
    const fields = change.fields.length ? ` (${change.fields.join(', ')})` : '';
    log.info(`${NAME}: ${plan.dryRun ? 'would ' : ''}${change.action} ${change.kind} ${change.name}${fields}`);
  }
  for (const mismatch of result.mismatches) log.warning(`${NAME}: ${mismatch.detail}`, { title: 'Neo4j instances' });
  if (result.discoveryError) log.warning(`${NAME}: ${result.discoveryError}`, { title: 'Neo4j instances' });
  const planPath = await writeJsonReport(planFile, {
    environment: result.environment,
    dryRun: result.dryRun,
    dashboard: result.dashboardName,
    changes: result.changes,
    alarms: result.alarms,
    neo4j: result.neo4j,
    mismatches: result.mismatches,
  });
  await appendSummary(renderAlarmsSummary(result));
  setOutput('changes', changes.length);
  setOutput('alarm-names', result.alarms.map((a) => a.AlarmName).join('\n'));
  setOutput('rollback-alarms', rollbackAlarmNames(result).join('\n'));
  setOutput('dashboard-name', result.dashboardName);
  setOutput('dashboard-url', result.dashboardUrl);
  setOutput('plan-file', planPath);
  log.info(
    `${NAME}: ${result.alarms.length} alarm(s) and dashboard ${result.dashboardName}: ${changes.length} change(s) ` +
      (plan.dryRun ? 'planned (dry run: nothing written)' : `applied with ${result.writes} write(s)`),
  );
}
