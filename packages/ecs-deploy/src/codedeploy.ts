import {
  ContinueDeploymentCommand,
  CreateDeploymentCommand,
  GetDeploymentCommand,
  GetDeploymentTargetCommand,
  ListDeploymentTargetsCommand,
  StopDeploymentCommand,
  type DeploymentInfo,
  type ECSTarget,
  type RevisionLocation,
} from '@aws-sdk/client-codedeploy';
import type { DeployClients } from './clients';
import { ecsDiagnostics } from './ecs-diagnostics';
import type { Follower, Progress } from './follower';
import type { ServiceRef } from './service';

export interface CodeDeployOptions {
  ref: ServiceRef;
  application: string;
  deploymentGroup: string;
  taskDefinitionArn: string;
  startedAtMs: number;
  targetGroupArns: string[];
}

function eventSummary(target: ECSTarget | undefined): string {
  const events = (target?.lifecycleEvents ?? []).filter((e) => e.status && e.status !== 'Pending');
  const traffic = (target?.taskSetsInfo ?? [])
    .map(
      (t) =>
        `${t.taskSetLabel ?? t.identifer ?? '?'} ${t.trafficWeight ?? 0}% (${t.runningCount ?? 0}/${t.desiredCount ?? 0})`,
    )
    .join(', ');
  return [events.map((e) => `${e.lifecycleEventName} ${e.status}`).join(', '), traffic ? `traffic ${traffic}` : '']
    .filter(Boolean)
    .join(' · ');
}

function eventStatus(target: ECSTarget | undefined, name: string): string | undefined {
  return target?.lifecycleEvents?.find((e) => e.lifecycleEventName === name)?.status;
}

/** CodeDeploy's own reasons: errorInformation and the diagnostics of failed lifecycle events. */
export function codeDeployReasons(info: DeploymentInfo | undefined, target: ECSTarget | undefined): string[] {
  const lines: string[] = [];
  if (info?.errorInformation) {
    lines.push(`CodeDeploy error ${info.errorInformation.code ?? ''}: ${info.errorInformation.message ?? ''}`.trim());
  }
  for (const event of target?.lifecycleEvents ?? []) {
    if (event.status !== 'Failed') continue;
    const d = event.diagnostics;
    const tail = d?.logTail ? ` · log: ${d.logTail.trim().split('\n').slice(-5).join(' | ')}` : '';
    lines.push(
      `lifecycle event ${event.lifecycleEventName} failed: ${d?.errorCode ?? ''} ${d?.message ?? ''}${tail}`.trim(),
    );
  }
  if (info?.rollbackInfo?.rollbackMessage) lines.push(`rollback: ${info.rollbackInfo.rollbackMessage}`);
  return lines;
}

/** CodeDeploy blue/green: CreateDeployment with the AppSpec, then GetDeployment + the ECS target's lifecycle events. */
export class CodeDeployFollower implements Follower {
  readonly strategy = 'codedeploy' as const;
  private targetId: string | undefined;
  private info: DeploymentInfo | undefined;
  private target: ECSTarget | undefined;
  private rollbackRequested = false;

  private constructor(
    private readonly clients: Pick<DeployClients, 'codedeploy' | 'ecs' | 'elbv2'>,
    private readonly options: CodeDeployOptions,
    readonly deploymentId: string,
  ) {}

  get targetGroupArns(): string[] {
    return this.options.targetGroupArns;
  }

  static async start(
    clients: Pick<DeployClients, 'codedeploy' | 'ecs' | 'elbv2'>,
    options: CodeDeployOptions & { revision: RevisionLocation; deploymentConfig?: string; description: string },
  ): Promise<CodeDeployFollower> {
    const created = await clients.codedeploy.send(
      new CreateDeploymentCommand({
        applicationName: options.application,
        deploymentGroupName: options.deploymentGroup,
        revision: options.revision,
        deploymentConfigName: options.deploymentConfig,
        description: options.description,
      }),
    );
    if (!created.deploymentId) throw new Error('CreateDeployment returned no deployment id');
    return new CodeDeployFollower(clients, options, created.deploymentId);
  }

  static resume(
    clients: Pick<DeployClients, 'codedeploy' | 'ecs' | 'elbv2'>,
    options: CodeDeployOptions,
    id: string,
    rollbackRequested = false,
  ): CodeDeployFollower {
    const follower = new CodeDeployFollower(clients, options, id);
    follower.rollbackRequested = rollbackRequested;
    return follower;
  }

  private async readTarget(): Promise<ECSTarget | undefined> {
    if (!this.targetId) {
      const listed = await this.clients.codedeploy.send(
        new ListDeploymentTargetsCommand({ deploymentId: this.deploymentId }),
      );
      this.targetId = listed?.targetIds?.[0];
      if (!this.targetId) return undefined;
    }
    const got = await this.clients.codedeploy.send(
      new GetDeploymentTargetCommand({ deploymentId: this.deploymentId, targetId: this.targetId }),
    );
    return got.deploymentTarget?.ecsTarget;
  }

  async check(): Promise<Progress> {
    const got = await this.clients.codedeploy.send(new GetDeploymentCommand({ deploymentId: this.deploymentId }));
    this.info = got.deploymentInfo;
    const status = this.info?.status ?? 'Unknown';
    // Lifecycle events and traffic are details: without them (denied, throttled) the deployment status still decides.
    if (status !== 'Created' && status !== 'Queued') this.target = await this.readTarget().catch(() => this.target);
    const line = [status, eventSummary(this.target)].filter(Boolean).join(' · ');
    const reason = codeDeployReasons(this.info, this.target).join('; ') || undefined;
    switch (status) {
      case 'Succeeded':
        return { phase: 'succeeded', status: line };
      case 'Failed':
        return {
          phase: this.info?.rollbackInfo?.rollbackDeploymentId ? 'rolled-back' : 'failed',
          status: line,
          reason,
        };
      case 'Stopped':
        return {
          phase: this.rollbackRequested ? 'rolled-back' : 'failed',
          status: line,
          reason: reason ?? 'deployment stopped',
        };
      case 'Ready':
        return { phase: 'awaiting-verify', status: line };
      case 'Baking':
        return { phase: 'traffic-shifted', status: line };
      default:
        break;
    }
    if (this.rollbackRequested) return { phase: 'rolling-back', status: line };
    if (eventStatus(this.target, 'AfterAllowTraffic') === 'Succeeded')
      return { phase: 'traffic-shifted', status: line };
    if (
      eventStatus(this.target, 'AfterAllowTestTraffic') === 'Succeeded' &&
      !eventStatus(this.target, 'AllowTraffic')?.match(/Succeeded|InProgress/)
    ) {
      return { phase: 'test-traffic-ready', status: line };
    }
    return { phase: 'in-progress', status: line };
  }

  async continueAfterVerify(): Promise<void> {
    if (this.info?.status !== 'Ready') return;
    await this.clients.codedeploy.send(
      new ContinueDeploymentCommand({ deploymentId: this.deploymentId, deploymentWaitType: 'READY_WAIT' }),
    );
  }

  /** StopDeployment with autoRollbackEnabled: CodeDeploy sends traffic back to the original task set. */
  async rollback(): Promise<void> {
    this.rollbackRequested = true;
    await this.clients.codedeploy.send(
      new StopDeploymentCommand({ deploymentId: this.deploymentId, autoRollbackEnabled: true }),
    );
  }

  async diagnostics(): Promise<string[]> {
    const own = codeDeployReasons(this.info, this.target);
    const ecs = await ecsDiagnostics(this.clients, this.options.ref, {
      sinceMs: this.options.startedAtMs,
      taskDefinitionArn: this.options.taskDefinitionArn,
      targetGroupArns: this.options.targetGroupArns,
    });
    return [...own, ...ecs];
  }
}
