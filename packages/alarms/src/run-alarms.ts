import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { STSClient } from '@aws-sdk/client-sts';
import { ConfigurationError } from '@credex/action-kit';
import { resolveTargets, type InventoryInstance, type Mismatch } from '@credex/neo4j-fleet';
import { applyChanges, readCurrent } from './cloudwatch';
import { dashboardBody } from './dashboard';
import { alarmPrefix, dashboardName } from './names';
import { pending, planChanges, type Change } from './plan';
import { alarmArnPrefix, loadBalancerDimension } from './resolve';
import { desiredAlarms, type AlarmSpec, type AlarmThresholds, type Neo4jInstance } from './spec';

export interface AlarmsPlan {
  environment: string;
  region: string;
  /** ALB name; no ALB alarms when absent. */
  loadBalancerName?: string;
  ecs?: { cluster: string; service: string };
  /** The inventory's instances of this environment (may be empty). */
  neo4jInventory: InventoryInstance[];
  /** EC2 tag filters to find the Neo4j instances; off when absent. */
  discoveryFilters?: Record<string, string>;
  thresholds: AlarmThresholds;
  alarmActions: string[];
  okActions: string[];
  dryRun: boolean;
  prune: boolean;
}

export interface AlarmsDeps {
  cloudwatch: CloudWatchClient;
  sts: STSClient;
  elb?: ElasticLoadBalancingV2Client;
  ec2?: EC2Client;
}

export interface AlarmsResult {
  environment: string;
  dryRun: boolean;
  alarms: AlarmSpec[];
  neo4j: Neo4jInstance[];
  mismatches: Mismatch[];
  discoveryError?: string;
  dashboardName: string;
  dashboardUrl: string;
  changes: Change[];
  /** Calls that changed something (0 in a dry run, and on a second run). */
  writes: number;
}

async function neo4jInstances(plan: AlarmsPlan, deps: AlarmsDeps) {
  const { targets, mismatches, discoveryError } = await resolveTargets(
    [plan.environment],
    { [plan.environment]: plan.neo4jInventory },
    plan.discoveryFilters,
    deps.ec2,
  );
  const instances = targets.map((t) => ({ name: t.name, instanceId: t.ec2?.instanceId }));
  return { instances, mismatches, discoveryError };
}

function checkUnique(alarms: AlarmSpec[]): void {
  const seen = new Set<string>();
  for (const { AlarmName } of alarms) {
    if (seen.has(AlarmName)) {
      throw new ConfigurationError(
        `two Neo4j instances would share the alarm name ${AlarmName}: rename one in the inventory`,
      );
    }
    seen.add(AlarmName);
  }
}

/**
 * Works out the environment's alarms and dashboard, compares them with CloudWatch and, unless it is a dry run,
 * writes what differs. Everything is looked up (ALB, instances, account) before the first write.
 */
export async function runAlarms(plan: AlarmsPlan, deps: AlarmsDeps): Promise<AlarmsResult> {
  const loadBalancer =
    plan.loadBalancerName === undefined
      ? undefined
      : await loadBalancerDimension(deps.elb ?? missing('ELBv2'), plan.loadBalancerName);
  const { instances, mismatches, discoveryError } = await neo4jInstances(plan, deps);
  const alarms = desiredAlarms({
    environment: plan.environment,
    loadBalancer,
    ecs: plan.ecs,
    neo4j: instances,
    thresholds: plan.thresholds,
    alarmActions: plan.alarmActions,
    okActions: plan.okActions,
  });
  checkUnique(alarms);
  const name = dashboardName(plan.environment);
  const body = dashboardBody(alarms, {
    environment: plan.environment,
    region: plan.region,
    alarmArnPrefix: await alarmArnPrefix(deps.sts, plan.region),
  });
  const wanted = { alarms, dashboardName: name, dashboardBody: body, prune: plan.prune };
  const changes = planChanges(await readCurrent(deps.cloudwatch, alarmPrefix(plan.environment), name), wanted);
  const writes =
    plan.dryRun || pending(changes).length === 0
      ? 0
      : await applyChanges(deps.cloudwatch, changes, wanted, plan.environment);
  return {
    environment: plan.environment,
    dryRun: plan.dryRun,
    alarms,
    neo4j: instances,
    mismatches,
    discoveryError,
    dashboardName: name,
    dashboardUrl: `https://${plan.region}.console.aws.amazon.com/cloudwatch/home?region=${plan.region}#dashboards/dashboard/${name}`,
    changes,
    writes,
  };
}

function missing(client: string): never {
  throw new Error(`runAlarms needs an ${client} client`);
}
