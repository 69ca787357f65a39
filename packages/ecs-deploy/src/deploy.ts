import { GetDeploymentGroupCommand, type DeploymentGroupInfo } from '@aws-sdk/client-codedeploy';
import {
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionRequest,
  type Service,
} from '@aws-sdk/client-ecs';
import { DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CancelledError, ConfigurationError, formatDuration } from '@credex/action-kit';
import { awsErrorFacts, describeAwsError, isThrottlingError } from '@credex/aws';
import { appSpecRevision, generateAppSpec, loadAppSpec, withTaskDefinition } from './appspec';
import { activeBlackout, blackoutAhead, type BlackoutWindow } from './blackout';
import type { DeployClients } from './clients';
import type { Clock } from './clock';
import { CodeDeployFollower } from './codedeploy';
import { findInFlight, stopInFlight, type ConflictMode, type InFlightDeployment } from './conflict';
import { diffTaskDefinitions, formatChange, type TaskDefinitionChange } from './diff';
import { isTerminal, type Follower, type Phase, type Progress } from './follower';
import { NativeFollower } from './native';
import { runPreflight, serviceTargetGroups, type PreflightCheck } from './preflight';
import { renderTaskDefinition, stripDescribeOnly, type RenderOptions } from './render';
import { pruneRevisions, familyOf } from './revisions';
import { RollingFollower } from './rolling';
import { describeService, detectStrategy, isNativeStrategy, type ServiceRef, type Strategy } from './service';
import type { TaskDefinitionSource } from './task-definition-source';
import { loadTaskDefinitionFile } from './task-definition-source';
import { Timeline, type TimelineEntry } from './timeline';
import { checkTriggers, triggersConfigured, type TriggerConfig } from './triggers';

export interface VerifyOutcome {
  passed: boolean;
  /** One line: how many checks passed and which failed. */
  summary: string;
}

/** Runs the test-traffic checks (the smoke engine against the test listener). */
export type VerifyFn = (signal: AbortSignal) => Promise<VerifyOutcome>;

export interface CodeDeploySettings {
  application?: string;
  deploymentGroup?: string;
  appspecFile?: string;
  deploymentConfig?: string;
  /** AppSpec hook name -> Lambda function name or ARN. */
  hooks: Map<string, string>;
}

export interface DeployConfig {
  ref: ServiceRef;
  region: string;
  source: TaskDefinitionSource;
  render: RenderOptions;
  codedeploy: CodeDeploySettings;
  timeoutMs: number;
  waitForTermination: boolean;
  verify?: VerifyFn;
  triggers: TriggerConfig;
  bakeTimeMs: number;
  onConflict: ConflictMode;
  blackout: BlackoutWindow[];
  force: boolean;
  dryRun: boolean;
  /** Deregister ACTIVE revisions of the family beyond this many after success; undefined keeps all. */
  keepRevisions?: number;
  workspace?: string;
  description: string;
  /** Roll back on timeout and on cancellation (off for the rollback action: never undo a rollback). */
  rollbackOnFailure?: boolean;
}

export interface DeployLogger {
  info(message: string): void;
  warning(message: string): void;
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
}

export interface PollTiming {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** Extra time allowed for a rollback to finish after the deadline. */
  rollbackGraceMs: number;
}

const MAX_THROTTLES = 8;
/** Errors that mean the deployment already finished, so there is nothing in flight to stop. */
const FINISHED_ERRORS =
  /DeploymentAlreadyCompleted|DeploymentIsNotInReadyState|ServiceDeploymentNotFound|InvalidParameter/;
/** The runner sends SIGTERM 7.5 s after SIGINT: the rollback request must be out well before. */
const CANCEL_ROLLBACK_BUDGET_MS = 5_000;

function withinBudget<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

export const DEFAULT_POLL: PollTiming = { initialMs: 5_000, maxMs: 30_000, factor: 1.5, rollbackGraceMs: 10 * 60_000 };

/** A deployment that exists in AWS: enough for a post step (or the rollback action) to act on it. */
export interface InFlight {
  strategy: Strategy;
  deploymentId: string;
  cluster: string;
  service: string;
  taskDefinitionArn: string;
  previousTaskDefinitionArn?: string;
  application?: string;
  deploymentGroup?: string;
  startedAtMs: number;
  targetGroupArns: string[];
  circuitBreakerRollback: boolean;
}

export interface DeployEnvironment {
  clock: Clock;
  signal: AbortSignal;
  log: DeployLogger;
  poll?: PollTiming;
  onStarted?(inflight: InFlight): void;
}

export type DeployStatus = 'succeeded' | 'rolled-back' | 'failed' | 'dry-run';

export interface DeployResult {
  status: DeployStatus;
  strategy: Strategy;
  taskDefinitionArn?: string;
  previousTaskDefinitionArn?: string;
  deploymentId?: string;
  rolledBack: boolean;
  cancelled: boolean;
  durationMs: number;
  /** One line saying what happened (the ::error text on failure). */
  message: string;
  reasons: string[];
  timeline: TimelineEntry[];
  changes: TaskDefinitionChange[];
  preflight: PreflightCheck[];
  conflicts: InFlightDeployment[];
  deregistered: string[];
  region: string;
  ref: ServiceRef;
  codedeploy?: { application: string; deploymentGroup: string };
}

/** The console's default names for an ECS blue/green CodeDeploy application and deployment group. */
export function derivedCodeDeployNames(ref: ServiceRef): { application: string; deploymentGroup: string } {
  const cluster = ref.cluster.split('/').pop()!;
  const service = ref.service.split('/').pop()!;
  return { application: `AppECS-${cluster}-${service}`, deploymentGroup: `DgpECS-${cluster}-${service}` };
}

function currentTaskDefinition(service: Service): string | undefined {
  return service.taskSets?.find((t) => t.status === 'PRIMARY')?.taskDefinition ?? service.taskDefinition;
}

async function describeTaskDefinition(clients: Pick<DeployClients, 'ecs'>, reference: string) {
  try {
    const result = await clients.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: reference, include: ['TAGS'] }),
    );
    if (!result.taskDefinition) throw new Error('empty answer');
    return { definition: result.taskDefinition, tags: result.tags };
  } catch (error) {
    throw new ConfigurationError(`task definition ${reference} not found (${describeAwsError(error)})`);
  }
}

async function targetGroupArnsByName(clients: DeployClients, names: string[], log: DeployLogger): Promise<string[]> {
  if (names.length === 0) return [];
  try {
    const found = await clients.elbv2.send(new DescribeTargetGroupsCommand({ Names: names }));
    return (found.TargetGroups ?? []).map((g) => g.TargetGroupArn).filter((a): a is string => Boolean(a));
  } catch (error) {
    log.warning(
      `could not resolve the deployment group's target groups ${names.join(', ')}: ${describeAwsError(error)}`,
    );
    return [];
  }
}

function hasOverrides(render: RenderOptions): boolean {
  return render.images.length > 0 || render.environment.size > 0 || render.secrets.size > 0;
}

/**
 * A blue-green (or native, or rolling) deploy of one ECS service from start to finish: render, preflight,
 * conflicts, register, start, follow with rollback triggers and verify checks, bake, prune. It rolls back on any
 * trigger, on timeout and on cancellation, and always says why it failed.
 */
export async function deployService(
  clients: DeployClients,
  config: DeployConfig,
  env: DeployEnvironment,
): Promise<DeployResult> {
  const { clock, log } = env;
  const timing = env.poll ?? DEFAULT_POLL;
  const started = clock.now();
  const timeline = new Timeline(
    () => clock.now(),
    (entry) => log.info(`[${new Date(entry.atMs).toISOString()}] ${entry.text}`),
  );
  const ref = config.ref;

  const blackout = activeBlackout(config.blackout, new Date(started));
  if (blackout && !config.force && !config.dryRun) {
    throw new ConfigurationError(
      `refusing to deploy inside blackout window ${blackout.text} (now ${new Date(started).toISOString().slice(11, 16)} UTC); set force: true to override`,
    );
  }
  if (blackout)
    log.warning(`inside blackout window ${blackout.text}${config.force ? ': force is set, deploying anyway' : ''}`);
  const ahead = blackout
    ? undefined
    : blackoutAhead(config.blackout, new Date(started), config.timeoutMs + config.bakeTimeMs);
  if (ahead) {
    log.warning(
      `blackout window ${ahead.text} begins within the timeout plus bake time: a slow deployment would overlap it`,
    );
  }

  const service = await describeService(clients, ref);
  const strategy = detectStrategy(service);
  const currentArn = currentTaskDefinition(service);
  if (config.verify && strategy === 'rolling') {
    throw new ConfigurationError(
      `verify checks need test traffic, which the rolling service ${ref.service} does not have: run the smoke-test action after the deploy`,
    );
  }
  timeline.add(
    `service ${service.serviceName} uses the ${strategy} strategy; running ${currentArn ?? 'no task definition'}`,
  );
  const cd = config.codedeploy;
  if (
    strategy !== 'codedeploy' &&
    (cd.application || cd.deploymentGroup || cd.appspecFile || cd.deploymentConfig || cd.hooks.size)
  ) {
    log.warning(`the codedeploy-* inputs are ignored: ${ref.service} uses the ECS deployment controller (${strategy})`);
  }

  let codedeploy: DeployResult['codedeploy'];
  let groupInfo: DeploymentGroupInfo | undefined;
  let groupError: string | undefined;
  if (strategy === 'codedeploy') {
    const derived = derivedCodeDeployNames(ref);
    codedeploy = {
      application: config.codedeploy.application ?? derived.application,
      deploymentGroup: config.codedeploy.deploymentGroup ?? derived.deploymentGroup,
    };
    try {
      const got = await clients.codedeploy.send(
        new GetDeploymentGroupCommand({
          applicationName: codedeploy.application,
          deploymentGroupName: codedeploy.deploymentGroup,
        }),
      );
      groupInfo = got.deploymentGroupInfo;
    } catch (error) {
      groupError = describeAwsError(error);
    }
  }

  // Render everything before any write.
  const current = currentArn ? await describeTaskDefinition(clients, currentArn) : undefined;
  let base: RegisterTaskDefinitionRequest;
  let existingArn: string | undefined;
  if (config.source.kind === 'file') {
    base = loadTaskDefinitionFile(config.source.path, config.workspace);
  } else {
    const reference = config.source.kind === 'existing' ? config.source.reference : currentArn;
    if (!reference)
      throw new ConfigurationError(`service ${ref.service} runs no task definition; give input 'task-definition'`);
    const found = reference === currentArn && current ? current : await describeTaskDefinition(clients, reference);
    base = stripDescribeOnly(found.definition, found.tags);
    if (!hasOverrides(config.render)) existingArn = found.definition.taskDefinitionArn;
  }
  const { request: rendered, movedToSecrets } = renderTaskDefinition(base, config.render);
  for (const key of movedToSecrets) log.warning(`${key} moved from plain environment to secrets (valueFrom)`);
  const changes = current ? diffTaskDefinitions(stripDescribeOnly(current.definition), rendered) : [];
  await log.group(`Task definition changes (${changes.length})`, () => {
    log.info(changes.length ? changes.map(formatChange).join('\n') : 'no changes from the running task definition');
    return Promise.resolve();
  });

  const preflight = await log.group('Preflight', async () => {
    const checks = await runPreflight(clients, {
      ref,
      service,
      rendered,
      region: config.region,
      codedeploy: codedeploy ? { ...codedeploy, info: groupInfo, error: groupError } : undefined,
    });
    for (const c of checks) log.info(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
    return checks;
  });
  const failedChecks = preflight.filter((c) => !c.ok);

  let conflicts = await findInFlight(clients, service, strategy, codedeploy);
  const common = {
    strategy,
    previousTaskDefinitionArn: currentArn,
    changes,
    preflight,
    region: config.region,
    ref,
    codedeploy,
    deregistered: [] as string[],
    reasons: [] as string[],
  };

  if (config.dryRun) {
    const problems = [
      ...failedChecks.map((c) => `preflight ${c.name}: ${c.detail}`),
      ...conflicts.map((d) => `deployment ${d.id} is in flight (${d.status})`),
      ...(blackout && !config.force ? [`inside blackout window ${blackout.text}`] : []),
    ];
    timeline.add(`dry run: ${changes.length} change(s), ${problems.length} problem(s); nothing changed`);
    return {
      ...common,
      status: 'dry-run',
      rolledBack: false,
      cancelled: false,
      durationMs: clock.now() - started,
      message: problems.length
        ? `dry run found problems: ${problems.join('; ')}`
        : `dry run: ${changes.length} change(s), preflight passed`,
      reasons: problems,
      timeline: timeline.entries,
      conflicts,
    };
  }
  if (failedChecks.length > 0) {
    throw new ConfigurationError(`preflight failed: ${failedChecks.map((c) => `${c.name}: ${c.detail}`).join('; ')}`);
  }
  // The AppSpec is read and checked before any write; each deployment points it at its own task definition.
  const appSpec =
    strategy === 'codedeploy'
      ? config.codedeploy.appspecFile
        ? loadAppSpec(config.codedeploy.appspecFile, '', config.workspace)
        : generateAppSpec(service, '', config.codedeploy.hooks)
      : undefined;

  if (conflicts.length > 0) {
    const listed = conflicts.map((d) => `${d.id} (${d.status})`).join(', ');
    if (config.onConflict === 'fail') {
      throw new ConfigurationError(
        `a deployment is already in flight on ${ref.service}: ${listed}; set on-conflict to wait or stop`,
      );
    }
    timeline.add(`deployment in flight: ${listed}; on-conflict ${config.onConflict}`);
    if (config.onConflict === 'stop') await stopInFlight(clients, strategy, conflicts);
    if (config.onConflict === 'wait' || strategy !== 'rolling') {
      const waitUntil = clock.now() + config.timeoutMs;
      let delay = timing.initialMs;
      while (conflicts.length > 0) {
        if (clock.now() >= waitUntil) {
          throw new ConfigurationError(
            `the deployment in flight on ${ref.service} did not finish within ${formatDuration(config.timeoutMs)}: ${listed}`,
          );
        }
        await clock.sleep(delay, env.signal);
        delay = Math.min(timing.maxMs, delay * timing.factor);
        conflicts = await findInFlight(clients, await describeService(clients, ref), strategy, codedeploy);
      }
      timeline.add('the earlier deployment finished');
    }
  }

  // From here on AWS changes.
  let taskDefinitionArn = existingArn;
  if (!taskDefinitionArn) {
    const registered = await clients.ecs.send(new RegisterTaskDefinitionCommand(rendered));
    taskDefinitionArn = registered.taskDefinition?.taskDefinitionArn;
    if (!taskDefinitionArn) throw new Error('RegisterTaskDefinition returned no ARN');
    timeline.add(`registered ${taskDefinitionArn}`);
  } else {
    timeline.add(`deploying existing ${taskDefinitionArn}`);
  }

  // CodeDeploy names both target groups (blue and green) in the deployment group; after the shift only green serves.
  const pairNames = (groupInfo?.loadBalancerInfo?.targetGroupPairInfoList ?? []).flatMap((p) =>
    (p.targetGroups ?? []).map((g) => g.name).filter((n): n is string => Boolean(n)),
  );
  const targetGroupArns = [
    ...new Set([...serviceTargetGroups(service), ...(await targetGroupArnsByName(clients, pairNames, log))]),
  ];
  const deployStarted = clock.now();
  const circuitBreakerRollback = service.deploymentConfiguration?.deploymentCircuitBreaker?.rollback === true;

  const startFollower = async (arn: string): Promise<Follower> => {
    if (appSpec) {
      return CodeDeployFollower.start(clients, {
        ref,
        application: codedeploy!.application,
        deploymentGroup: codedeploy!.deploymentGroup,
        taskDefinitionArn: arn,
        startedAtMs: deployStarted,
        targetGroupArns,
        revision: appSpecRevision(withTaskDefinition(appSpec, arn)),
        deploymentConfig: config.codedeploy.deploymentConfig,
        description: config.description,
      });
    }
    if (isNativeStrategy(strategy)) {
      return NativeFollower.start(clients, {
        ref,
        strategy,
        taskDefinitionArn: arn,
        startedAtMs: deployStarted,
        targetGroupArns,
      });
    }
    return RollingFollower.start(clients, {
      ref,
      taskDefinitionArn: arn,
      previousTaskDefinitionArn: currentArn,
      startedAtMs: deployStarted,
      targetGroupArns,
      circuitBreakerRollback,
    });
  };

  let follower = await startFollower(taskDefinitionArn);
  const deploymentId = follower.deploymentId;
  env.onStarted?.({
    strategy,
    deploymentId,
    cluster: ref.cluster,
    service: ref.service,
    taskDefinitionArn,
    previousTaskDefinitionArn: currentArn,
    application: codedeploy?.application,
    deploymentGroup: codedeploy?.deploymentGroup,
    startedAtMs: deployStarted,
    targetGroupArns,
    circuitBreakerRollback,
  });
  timeline.add(`started ${strategy} deployment ${deploymentId}`);

  // CodeDeploy's own waits count on top of the timeout: the ready wait when nobody here continues it, and the
  // termination wait when the action waits for it.
  const bg = groupInfo?.blueGreenDeploymentConfiguration;
  let extraMs = 0;
  if (strategy === 'codedeploy') {
    if (bg?.deploymentReadyOption?.actionOnTimeout === 'STOP_DEPLOYMENT' && !config.verify) {
      extraMs += (bg.deploymentReadyOption.waitTimeInMinutes ?? 0) * 60_000;
    }
    if (config.waitForTermination)
      extraMs += (bg?.terminateBlueInstancesOnDeploymentSuccess?.terminationWaitTimeInMinutes ?? 0) * 60_000;
  }
  let deadline = deployStarted + config.timeoutMs + extraMs;
  if (extraMs > 0) log.info(`deadline ${formatDuration(config.timeoutMs + extraMs)} (timeout plus CodeDeploy waits)`);

  let lastStatus = '';
  let lastPhase: Phase | undefined;
  let progress: Progress = { phase: 'in-progress', status: '' };
  let rollbackReason: string | undefined;
  let redeployingPrevious = false;
  let verified = false;
  let pauseNoted = false;
  let bakeUntil: number | undefined;
  let trafficShiftedLogged = false;
  let delay = timing.initialMs;
  let cancelled = false;
  let timedOut = false;
  let outcome: Phase | undefined;

  const issueRollback = async (reason: string): Promise<void> => {
    rollbackReason = reason;
    timeline.add(`rolling back: ${reason}`);
    if (progress.phase !== 'succeeded') {
      try {
        await follower.rollback();
        return;
      } catch (error) {
        // Only a deployment that finished in the meantime is undone by deploying the previous revision again.
        if (strategy === 'rolling' || !FINISHED_ERRORS.test(awsErrorFacts(error).name)) throw error;
        log.warning(
          `in-place rollback not possible (${describeAwsError(error)}); redeploying the previous task definition`,
        );
      }
    }
    if (!currentArn) throw new Error('no previous task definition to roll back to');
    follower = await startFollower(currentArn);
    redeployingPrevious = true;
    timeline.add(`started deployment ${follower.deploymentId} of the previous ${currentArn}`);
  };

  /** A rollback that could not be requested leaves the deployment to its controller: report that, do not crash. */
  const rollbackFailed = (reason: string, error: unknown): void => {
    rollbackReason = undefined;
    outcome = 'failed';
    progress = { ...progress, reason: `rollback (${reason}) could not be requested: ${describeAwsError(error)}` };
    timeline.add(progress.reason!);
  };
  const requestRollback = async (reason: string): Promise<boolean> => {
    try {
      await issueRollback(reason);
      return true;
    } catch (error) {
      if (env.signal.aborted) throw error;
      rollbackFailed(reason, error);
      return false;
    }
  };

  // Reads while waiting outlive throttling: the SDK retries first, then the loop backs off (bounded) and reads again.
  let throttles = 0;
  const throttled = async <T>(read: () => Promise<T>): Promise<{ value: T } | undefined> => {
    try {
      const value = await read();
      throttles = 0;
      return { value };
    } catch (error) {
      if (!isThrottlingError(error) || ++throttles > MAX_THROTTLES) throw error;
      delay = Math.min(timing.maxMs, delay * 2);
      log.warning(`AWS is throttling (${describeAwsError(error)}); reading again in ${formatDuration(delay)}`);
      await clock.sleep(delay, env.signal);
      return undefined;
    }
  };

  await log.group(`Following ${strategy} deployment ${deploymentId}`, async () => {
    try {
      for (;;) {
        const checked = await throttled(() => follower.check());
        if (!checked) continue;
        progress = checked.value;
        if (redeployingPrevious) {
          if (progress.phase === 'succeeded') progress = { ...progress, phase: 'rolled-back' };
          else if (progress.phase === 'rolled-back')
            progress = { ...progress, phase: 'failed', reason: 'the rollback deployment was itself rolled back' };
        }
        if (progress.status !== lastStatus) {
          log.info(`${progress.status}`);
          lastStatus = progress.status;
        }
        if (progress.phase !== lastPhase) {
          timeline.add(`${progress.phase}: ${progress.status}`);
          lastPhase = progress.phase;
          delay = timing.initialMs;
        }
        const now = clock.now();
        if (isTerminal(progress.phase) && progress.phase !== 'succeeded') {
          outcome = progress.phase;
          return;
        }
        if (!rollbackReason) {
          if ((progress.phase === 'awaiting-verify' || progress.phase === 'test-traffic-ready') && !verified) {
            if (config.verify) {
              verified = true;
              timeline.add('running verify checks on test traffic');
              const result = await log.group('Verify checks on test traffic', () => config.verify!(env.signal));
              timeline.add(`verify checks ${result.passed ? 'passed' : 'failed'}: ${result.summary}`);
              if (!result.passed) {
                if (!(await requestRollback(`verify checks failed on test traffic: ${result.summary}`))) return;
                continue;
              }
              await follower.continueAfterVerify();
              continue;
            }
            if (progress.phase === 'awaiting-verify' && !pauseNoted) {
              pauseNoted = true;
              log.warning(
                'the deployment is paused for test traffic and no verify checks are set: waiting for it to be continued',
              );
            }
          }
          const onNewVersion = progress.phase === 'traffic-shifted' || progress.phase === 'succeeded';
          if (triggersConfigured(config.triggers)) {
            const breach = await throttled(() =>
              checkTriggers(clients, config.triggers, follower.targetGroupArns, {
                now,
                trafficOnNewVersion: onNewVersion,
              }),
            );
            if (breach === undefined) continue;
            if (breach.value) {
              if (!(await requestRollback(breach.value.message))) return;
              continue;
            }
          }
          if (onNewVersion && bakeUntil === undefined) {
            bakeUntil = now + config.bakeTimeMs;
            if (!trafficShiftedLogged && config.bakeTimeMs > 0)
              timeline.add(`production traffic on the new version; baking for ${formatDuration(config.bakeTimeMs)}`);
            trafficShiftedLogged = true;
          }
          const baked = bakeUntil !== undefined && now >= bakeUntil;
          if (
            baked &&
            (progress.phase === 'succeeded' || (progress.phase === 'traffic-shifted' && !config.waitForTermination))
          ) {
            outcome = 'succeeded';
            return;
          }
        }
        if (now >= deadline) {
          if (rollbackReason) {
            outcome = 'failed';
            progress = { ...progress, reason: `the rollback did not finish in time (${rollbackReason})` };
            return;
          }
          timedOut = true;
          if (config.rollbackOnFailure === false) {
            outcome = 'failed';
            progress = {
              ...progress,
              reason: `timed out after ${formatDuration(now - deployStarted)} (${progress.status})`,
            };
            return;
          }
          if (!(await requestRollback(`timed out after ${formatDuration(now - deployStarted)} (${progress.status})`)))
            return;
          deadline = now + timing.rollbackGraceMs;
          continue;
        }
        let wait = Math.min(delay, deadline - now);
        if (bakeUntil !== undefined && now < bakeUntil) wait = Math.min(wait, bakeUntil - now);
        await clock.sleep(Math.max(wait, 0), env.signal);
        delay = Math.min(timing.maxMs, delay * timing.factor);
      }
    } catch (error) {
      if (!(env.signal.aborted && (error === env.signal.reason || error instanceof CancelledError))) throw error;
      cancelled = true;
      const reason = 'the job was cancelled';
      if (config.rollbackOnFailure === false) {
        log.warning(`cancelled; deployment ${follower.deploymentId} keeps running`);
        outcome = 'failed';
        return;
      }
      if (rollbackReason) {
        timeline.add(`cancelled while rolling back (${rollbackReason})`);
      } else if (!isTerminal(progress.phase) || progress.phase === 'succeeded') {
        try {
          await withinBudget(issueRollback(reason), CANCEL_ROLLBACK_BUDGET_MS);
        } catch (rollbackError) {
          rollbackFailed(reason, rollbackError);
          return;
        }
      }
      outcome = 'rolled-back';
    }
  });

  const rolledBack = outcome === 'rolled-back' || (outcome === 'failed' && rollbackReason !== undefined);
  let status: DeployStatus =
    outcome === 'succeeded' ? 'succeeded' : outcome === 'rolled-back' ? 'rolled-back' : 'failed';
  if (status === 'failed' && rolledBack && !progress.reason) status = 'rolled-back';
  const reasons: string[] = [];
  if (status !== 'succeeded') {
    if (rollbackReason) reasons.push(`rollback reason: ${rollbackReason}`);
    if (progress.reason) reasons.push(progress.reason);
    if (!cancelled) {
      const diagnostics = await log.group('Failure diagnostics', async () => {
        const lines = await follower
          .diagnostics()
          .catch((error: unknown) => [`(diagnostics failed: ${describeAwsError(error)})`]);
        for (const line of lines) log.info(line);
        return lines;
      });
      reasons.push(...diagnostics);
    }
  }

  let deregistered: string[] = [];
  if (status === 'succeeded' && config.keepRevisions !== undefined) {
    try {
      deregistered = await pruneRevisions(clients, familyOf(taskDefinitionArn).family, config.keepRevisions, [
        taskDefinitionArn,
        ...(currentArn ? [currentArn] : []),
      ]);
      if (deregistered.length)
        timeline.add(
          `deregistered ${deregistered.length} old revision(s): ${deregistered.map((a) => familyOf(a).revision).join(', ')}`,
        );
    } catch (error) {
      log.warning(`keep-revisions: could not deregister old revisions: ${describeAwsError(error)}`);
    }
  }

  const durationMs = clock.now() - started;
  const message =
    status === 'succeeded'
      ? `deployed ${taskDefinitionArn} to ${ref.service} with ${strategy} in ${formatDuration(durationMs)}`
      : cancelled
        ? `cancelled: rollback of deployment ${deploymentId} requested`
        : `deployment ${deploymentId} ${status === 'rolled-back' ? 'was rolled back' : 'failed'}${timedOut ? ' (timed out)' : ''}: ${reasons[0] ?? progress.status}`;
  timeline.add(message);
  return {
    ...common,
    status,
    taskDefinitionArn,
    deploymentId,
    rolledBack,
    cancelled,
    durationMs,
    message,
    reasons,
    timeline: timeline.entries,
    conflicts,
    deregistered,
  };
}
