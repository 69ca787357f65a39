import {
  ContinueServiceDeploymentCommand,
  DescribeServiceDeploymentsCommand,
  ListServiceDeploymentsCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import type { DeployClients } from './clients';
import { ecsDiagnostics } from './ecs-diagnostics';
import type { Follower, Progress } from './follower';
import type { ServiceRef, Strategy } from './service';

export interface NativeOptions {
  ref: ServiceRef;
  strategy: Strategy;
  taskDefinitionArn: string;
  startedAtMs: number;
  targetGroupArns: string[];
}

const SHIFTED_STAGES = new Set(['POST_PRODUCTION_TRAFFIC_SHIFT', 'BAKE_TIME', 'CLEAN_UP']);
const TEST_STAGES = new Set(['TEST_TRAFFIC_SHIFT', 'POST_TEST_TRAFFIC_SHIFT']);

function describe(sd: ServiceDeployment): string {
  const target = sd.targetServiceRevision;
  const parts = [sd.status ?? 'UNKNOWN', sd.lifecycleStage ?? ''];
  if (target) {
    parts.push(
      `new revision running ${target.runningTaskCount ?? 0}/${target.requestedTaskCount ?? 0}`,
      `production traffic ${target.requestedProductionTrafficWeight ?? 0}%`,
      `test traffic ${target.requestedTestTrafficWeight ?? 0}%`,
    );
  }
  for (const hook of sd.lifecycleHookDetails ?? []) parts.push(`hook ${hook.hookId ?? '?'} ${hook.status ?? ''}`);
  return parts.filter(Boolean).join(' · ');
}

/** The reasons a native deployment gives: status reason, rollback reason, circuit breaker, triggered alarms, hooks. */
export function serviceDeploymentReasons(sd: ServiceDeployment): string[] {
  const lines: string[] = [];
  if (sd.statusReason) lines.push(`status reason: ${sd.statusReason}`);
  if (sd.rollback?.reason) lines.push(`rollback reason: ${sd.rollback.reason}`);
  const breaker = sd.deploymentCircuitBreaker;
  if (breaker?.status === 'TRIGGERED') {
    lines.push(
      `circuit breaker triggered: ${breaker.failureCount ?? '?'} failed tasks (threshold ${breaker.threshold ?? '?'})`,
    );
  }
  if (sd.alarms?.triggeredAlarmNames?.length)
    lines.push(`alarms triggered: ${sd.alarms.triggeredAlarmNames.join(', ')}`);
  for (const hook of sd.lifecycleHookDetails ?? []) {
    if (hook.status === 'FAILED' || hook.status === 'TIMED_OUT') {
      lines.push(`lifecycle hook ${hook.hookId ?? ''} (${hook.targetType ?? ''}) ${hook.status}`);
    }
  }
  return lines;
}

/**
 * ECS-native BLUE_GREEN / LINEAR / CANARY: UpdateService, then follow the service deployment through its
 * lifecycle stages with DescribeServiceDeployments; PAUSE hooks are where test-traffic checks run.
 */
export class NativeFollower implements Follower {
  private last: ServiceDeployment | undefined;
  private awaitingHook: string | undefined;

  private constructor(
    private readonly clients: Pick<DeployClients, 'ecs' | 'elbv2'>,
    private readonly options: NativeOptions,
    readonly deploymentId: string,
  ) {}

  get strategy(): Strategy {
    return this.options.strategy;
  }

  get targetGroupArns(): string[] {
    return this.options.targetGroupArns;
  }

  static async start(clients: Pick<DeployClients, 'ecs' | 'elbv2'>, options: NativeOptions): Promise<NativeFollower> {
    const { ref } = options;
    const updated = await clients.ecs.send(
      // forced: a redeploy of the revision the service already runs must still start a deployment
      new UpdateServiceCommand({
        cluster: ref.cluster,
        service: ref.service,
        taskDefinition: options.taskDefinitionArn,
        forceNewDeployment: true,
      }),
    );
    let arn = updated.service?.currentServiceDeployment;
    if (!arn) {
      const listed = await clients.ecs.send(
        new ListServiceDeploymentsCommand({
          cluster: ref.cluster,
          service: ref.service,
          status: ['PENDING', 'IN_PROGRESS'],
        }),
      );
      arn = listed.serviceDeployments
        ?.slice()
        .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0]?.serviceDeploymentArn;
    }
    if (!arn) throw new Error(`UpdateService on ${ref.service} started no service deployment that could be found`);
    return new NativeFollower(clients, options, arn);
  }

  static resume(clients: Pick<DeployClients, 'ecs' | 'elbv2'>, options: NativeOptions, arn: string): NativeFollower {
    return new NativeFollower(clients, options, arn);
  }

  async check(): Promise<Progress> {
    const result = await this.clients.ecs.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [this.deploymentId] }),
    );
    const sd = result.serviceDeployments?.[0];
    if (!sd) {
      const failure = result.failures?.[0];
      return { phase: 'failed', status: 'not found', reason: `service deployment not found: ${failure?.reason ?? ''}` };
    }
    this.last = sd;
    const status = describe(sd);
    const reason = serviceDeploymentReasons(sd).join('; ') || undefined;
    switch (sd.status) {
      case 'SUCCESSFUL':
        return { phase: 'succeeded', status };
      case 'ROLLBACK_SUCCESSFUL':
        return { phase: 'rolled-back', status, reason };
      case 'ROLLBACK_REQUESTED':
      case 'ROLLBACK_IN_PROGRESS':
        return { phase: 'rolling-back', status, reason };
      case 'ROLLBACK_FAILED':
      case 'STOPPED':
        return { phase: 'failed', status, reason: reason ?? `deployment ${sd.status}` };
      case 'STOP_REQUESTED':
        return { phase: 'rolling-back', status, reason };
      default:
        break;
    }
    const paused = (sd.lifecycleHookDetails ?? []).find(
      (h) => h.targetType === 'PAUSE' && h.status === 'AWAITING_ACTION',
    );
    // Only a pause while test traffic reaches the new revision is ours to verify and continue; other pauses belong
    // to whoever set them up.
    const atTestTraffic = sd.lifecycleStage !== undefined && TEST_STAGES.has(sd.lifecycleStage);
    this.awaitingHook = paused && atTestTraffic ? paused.hookId : undefined;
    if (this.awaitingHook) return { phase: 'awaiting-verify', status };
    if (sd.lifecycleStage && SHIFTED_STAGES.has(sd.lifecycleStage)) return { phase: 'traffic-shifted', status };
    return { phase: 'in-progress', status };
  }

  async continueAfterVerify(): Promise<void> {
    if (!this.awaitingHook) return;
    await this.clients.ecs.send(
      new ContinueServiceDeploymentCommand({
        serviceDeploymentArn: this.deploymentId,
        hookId: this.awaitingHook,
        action: 'CONTINUE',
      }),
    );
    this.awaitingHook = undefined;
  }

  async rollback(): Promise<void> {
    await this.clients.ecs.send(
      new StopServiceDeploymentCommand({ serviceDeploymentArn: this.deploymentId, stopType: 'ROLLBACK' }),
    );
  }

  async diagnostics(): Promise<string[]> {
    const own = this.last ? serviceDeploymentReasons(this.last) : [];
    const ecs = await ecsDiagnostics(this.clients, this.options.ref, {
      sinceMs: this.options.startedAtMs,
      taskDefinitionArn: this.options.taskDefinitionArn,
      targetGroupArns: this.options.targetGroupArns,
    });
    return [...own, ...ecs];
  }
}
