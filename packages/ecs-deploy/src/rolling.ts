import { DescribeServicesCommand, UpdateServiceCommand, type Deployment } from '@aws-sdk/client-ecs';
import type { DeployClients } from './clients';
import { ecsDiagnostics } from './ecs-diagnostics';
import type { Follower, Progress } from './follower';
import type { ServiceRef } from './service';

function counts(d: Deployment): string {
  const failed = d.failedTasks ? `, ${d.failedTasks} failed` : '';
  return `running ${d.runningCount ?? 0}/${d.desiredCount ?? 0}, pending ${d.pendingCount ?? 0}${failed}`;
}

export interface RollingOptions {
  ref: ServiceRef;
  taskDefinitionArn: string;
  previousTaskDefinitionArn?: string;
  startedAtMs: number;
  targetGroupArns: string[];
  /** The service rolls itself back on circuit-breaker failure. */
  circuitBreakerRollback: boolean;
}

/**
 * Rolling update: UpdateService, then follow that deployment (by id) to COMPLETED rather than waiting for
 * "services stable". Circuit-breaker FAILED is a failure; a rollback is a new deployment of the previous revision.
 */
export class RollingFollower implements Follower {
  readonly strategy = 'rolling' as const;
  private rollbackId: string | undefined;

  private constructor(
    private readonly clients: Pick<DeployClients, 'ecs' | 'elbv2'>,
    private readonly options: RollingOptions,
    readonly deploymentId: string,
  ) {}

  get targetGroupArns(): string[] {
    return this.options.targetGroupArns;
  }

  static async start(clients: Pick<DeployClients, 'ecs' | 'elbv2'>, options: RollingOptions): Promise<RollingFollower> {
    const id = await RollingFollower.update(clients, options.ref, options.taskDefinitionArn);
    return new RollingFollower(clients, options, id);
  }

  /** For the post step: follow (and roll back) a deployment started by the main step. */
  static resume(clients: Pick<DeployClients, 'ecs' | 'elbv2'>, options: RollingOptions, id: string): RollingFollower {
    return new RollingFollower(clients, options, id);
  }

  private static async update(
    clients: Pick<DeployClients, 'ecs'>,
    ref: ServiceRef,
    taskDefinition: string,
  ): Promise<string> {
    const result = await clients.ecs.send(
      new UpdateServiceCommand({
        cluster: ref.cluster,
        service: ref.service,
        taskDefinition,
        forceNewDeployment: true,
      }),
    );
    const primary = result.service?.deployments?.find((d) => d.status === 'PRIMARY');
    if (!primary?.id) throw new Error(`UpdateService on ${ref.service} returned no PRIMARY deployment`);
    return primary.id;
  }

  async check(): Promise<Progress> {
    const result = await this.clients.ecs.send(
      new DescribeServicesCommand({ cluster: this.options.ref.cluster, services: [this.options.ref.service] }),
    );
    const deployments = result.services?.[0]?.deployments ?? [];
    if (this.rollbackId) {
      const back = deployments.find((d) => d.id === this.rollbackId);
      if (!back) return { phase: 'rolled-back', status: `rollback deployment ${this.rollbackId} finished` };
      const status = `rollback ${back.rolloutState ?? back.status} · ${counts(back)}`;
      if (back.rolloutState === 'COMPLETED') return { phase: 'rolled-back', status };
      if (back.rolloutState === 'FAILED')
        return { phase: 'failed', status, reason: `rollback failed: ${back.rolloutStateReason ?? ''}` };
      return { phase: 'rolling-back', status };
    }
    const ours = deployments.find((d) => d.id === this.deploymentId);
    if (!ours) {
      const primary = deployments.find((d) => d.status === 'PRIMARY');
      const back = primary?.taskDefinition !== this.options.taskDefinitionArn;
      return {
        phase: back ? 'rolled-back' : 'failed',
        status: `deployment ${this.deploymentId} is gone; the service runs ${primary?.taskDefinition ?? 'nothing'}`,
        reason: back ? 'the deployment was replaced (circuit breaker rollback or another deploy)' : undefined,
      };
    }
    const status = `${ours.rolloutState ?? ours.status} · ${counts(ours)}`;
    if (ours.rolloutState === 'COMPLETED') return { phase: 'succeeded', status };
    if (ours.rolloutState === 'FAILED') {
      const reason = `circuit breaker: ${ours.rolloutStateReason ?? 'deployment failed'}`;
      return { phase: this.options.circuitBreakerRollback ? 'rolled-back' : 'failed', status, reason };
    }
    return { phase: 'in-progress', status };
  }

  continueAfterVerify(): Promise<void> {
    return Promise.resolve();
  }

  async rollback(): Promise<void> {
    const previous = this.options.previousTaskDefinitionArn;
    if (!previous) throw new Error('no previous task definition to roll back to');
    this.rollbackId = await RollingFollower.update(this.clients, this.options.ref, previous);
  }

  diagnostics(): Promise<string[]> {
    return ecsDiagnostics(this.clients, this.options.ref, {
      sinceMs: this.options.startedAtMs,
      taskDefinitionArn: this.options.taskDefinitionArn,
      targetGroupArns: this.options.targetGroupArns,
    });
  }
}
