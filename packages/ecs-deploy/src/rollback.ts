import { DescribeServiceRevisionsCommand, ListServiceDeploymentsCommand, type Service } from '@aws-sdk/client-ecs';
import { ConfigurationError, formatDuration } from '@credex/action-kit';
import { describeAwsError } from '@credex/aws';
import type { DeployClients } from './clients';
import { findInFlight, stopInFlight } from './conflict';
import {
  deployService,
  derivedCodeDeployNames,
  type DeployEnvironment,
  type DeployResult,
  type InFlight,
} from './deploy';
import { isTerminal, type Progress } from './follower';
import { resumeFollower } from './resume';
import { previousRevision } from './revisions';
import { describeService, detectStrategy, isNativeStrategy, type ServiceRef } from './service';
import { Timeline } from './timeline';

export interface RollbackConfig {
  ref: ServiceRef;
  region: string;
  /** ARN or family:revision; empty = the previous one from the service's deployment history. */
  toTaskDefinition?: string;
  codedeploy: { application?: string; deploymentGroup?: string };
  timeoutMs: number;
  description: string;
}

export interface RollbackResult extends DeployResult {
  rolledBackTo?: string;
}

/**
 * The task definition the service ran before the current one: from ECS service deployment history when the API
 * answers, else the newest older ACTIVE revision of the same family.
 */
export async function previousFromHistory(
  clients: Pick<DeployClients, 'ecs'>,
  ref: ServiceRef,
  current: string,
  log: (line: string) => void,
): Promise<string | undefined> {
  try {
    const listed = await clients.ecs.send(
      new ListServiceDeploymentsCommand({
        cluster: ref.cluster,
        service: ref.service,
        status: ['SUCCESSFUL'],
        maxResults: 20,
      }),
    );
    const revisions = (listed.serviceDeployments ?? [])
      .slice()
      .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))
      .map((d) => d.targetServiceRevisionArn)
      .filter((a): a is string => Boolean(a));
    if (revisions.length > 0) {
      const described = await clients.ecs.send(
        new DescribeServiceRevisionsCommand({ serviceRevisionArns: revisions.slice(0, 20) }),
      );
      const byArn = new Map((described.serviceRevisions ?? []).map((r) => [r.serviceRevisionArn, r.taskDefinition]));
      const found = revisions.map((r) => byArn.get(r)).find((td) => td && td !== current);
      if (found) return found;
    }
  } catch (error) {
    log(
      `service deployment history unavailable (${describeAwsError(error)}); using the task definition family instead`,
    );
  }
  return previousRevision(clients, current);
}

function currentOf(service: Service): string | undefined {
  return service.taskSets?.find((t) => t.status === 'PRIMARY')?.taskDefinition ?? service.taskDefinition;
}

/**
 * Rolls a service back: stops an in-flight deployment with rollback where the controller can (CodeDeploy, native),
 * else deploys the previous task definition (or `toTaskDefinition`) and follows it like a deploy.
 */
export async function rollbackService(
  clients: DeployClients,
  config: RollbackConfig,
  env: DeployEnvironment,
): Promise<RollbackResult> {
  const { clock, log } = env;
  const started = clock.now();
  const service = await describeService(clients, config.ref);
  const strategy = detectStrategy(service);
  const codedeploy =
    strategy === 'codedeploy'
      ? {
          application: config.codedeploy.application ?? derivedCodeDeployNames(config.ref).application,
          deploymentGroup: config.codedeploy.deploymentGroup ?? derivedCodeDeployNames(config.ref).deploymentGroup,
        }
      : undefined;
  const current = currentOf(service);

  const inFlight = await findInFlight(clients, service, strategy, codedeploy);
  const stoppable = inFlight.filter(
    (d) => strategy === 'codedeploy' || (isNativeStrategy(strategy) && d.id.startsWith('arn:')),
  );
  if (stoppable.length > 0 && !config.toTaskDefinition) {
    const timeline = new Timeline(
      () => clock.now(),
      (e) => log.info(e.text),
    );
    timeline.add(`stopping in-flight deployment(s) with rollback: ${stoppable.map((d) => d.id).join(', ')}`);
    await stopInFlight(clients, strategy, stoppable);
    const first = stoppable[0]!;
    const inflight: InFlight = {
      strategy,
      deploymentId: first.id,
      cluster: config.ref.cluster,
      service: config.ref.service,
      taskDefinitionArn: current ?? '',
      application: codedeploy?.application,
      deploymentGroup: codedeploy?.deploymentGroup,
      startedAtMs: started,
      targetGroupArns: [],
      circuitBreakerRollback: false,
    };
    const follower = resumeFollower(clients, inflight, { rollbackRequested: true });
    let progress: Progress = { phase: 'rolling-back', status: '' };
    let delay = env.poll?.initialMs ?? 5_000;
    const deadline = started + config.timeoutMs;
    for (;;) {
      progress = await follower.check();
      log.info(progress.status);
      if (isTerminal(progress.phase) || clock.now() >= deadline) break;
      await clock.sleep(Math.min(delay, deadline - clock.now()), env.signal);
      delay = Math.min(env.poll?.maxMs ?? 30_000, delay * (env.poll?.factor ?? 1.5));
    }
    const ok = progress.phase === 'rolled-back';
    const status = ok ? 'rolled-back' : 'failed';
    const durationMs = clock.now() - started;
    const message = ok
      ? `stopped deployment ${first.id} with rollback in ${formatDuration(durationMs)}`
      : `rollback of deployment ${first.id} did not finish: ${progress.reason ?? progress.status}`;
    timeline.add(message);
    return {
      status,
      strategy,
      previousTaskDefinitionArn: current,
      deploymentId: first.id,
      rolledBack: ok,
      cancelled: false,
      durationMs,
      message,
      reasons: progress.reason ? [progress.reason] : [],
      timeline: timeline.entries,
      changes: [],
      preflight: [],
      conflicts: inFlight,
      deregistered: [],
      region: config.region,
      ref: config.ref,
      codedeploy,
    };
  }

  let target = config.toTaskDefinition;
  if (!target) {
    // A rolling deployment in flight: go back to the revision it is replacing.
    const replaced = (service.deployments ?? []).find((d) => d.status === 'ACTIVE' && d.taskDefinition !== current);
    target = replaced?.taskDefinition;
  }
  if (!target) {
    if (!current)
      throw new ConfigurationError(`service ${config.ref.service} runs no task definition to roll back from`);
    target = await previousFromHistory(clients, config.ref, current, (line) => log.info(line));
  }
  if (!target) {
    throw new ConfigurationError(
      `no earlier task definition found for ${config.ref.service}; give input 'to-task-definition'`,
    );
  }
  log.info(`rolling ${config.ref.service} back from ${current ?? 'nothing'} to ${target}`);
  const result = await deployService(
    clients,
    {
      ref: config.ref,
      region: config.region,
      source: { kind: 'existing', reference: target },
      render: { images: [], environment: new Map(), secrets: new Map() },
      codedeploy: { ...config.codedeploy, hooks: new Map() },
      timeoutMs: config.timeoutMs,
      waitForTermination: true,
      triggers: { alarms: [], errorRateWindowMs: 0, minRequests: 0, unhealthyTargets: false },
      bakeTimeMs: 0,
      onConflict: 'stop',
      blackout: [],
      force: true,
      dryRun: false,
      description: config.description,
      rollbackOnFailure: false,
    },
    env,
  );
  return {
    ...result,
    status: result.status === 'succeeded' ? 'rolled-back' : 'failed',
    rolledBack: result.status === 'succeeded',
    rolledBackTo: result.status === 'succeeded' ? result.taskDefinitionArn : undefined,
  };
}
