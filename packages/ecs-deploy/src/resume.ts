import type { DeployClients } from './clients';
import { CodeDeployFollower } from './codedeploy';
import type { InFlight } from './deploy';
import type { Follower } from './follower';
import { NativeFollower } from './native';
import { RollingFollower } from './rolling';
import { isNativeStrategy } from './service';

/** Rebuilds the follower of a deployment the main step started (from saved state). */
export function resumeFollower(
  clients: DeployClients,
  inflight: InFlight,
  options: { rollbackRequested?: boolean } = {},
): Follower {
  const ref = { cluster: inflight.cluster, service: inflight.service };
  const common = {
    ref,
    taskDefinitionArn: inflight.taskDefinitionArn,
    startedAtMs: inflight.startedAtMs,
    targetGroupArns: inflight.targetGroupArns,
  };
  if (inflight.strategy === 'codedeploy') {
    return CodeDeployFollower.resume(
      clients,
      { ...common, application: inflight.application ?? '', deploymentGroup: inflight.deploymentGroup ?? '' },
      inflight.deploymentId,
      options.rollbackRequested,
    );
  }
  if (isNativeStrategy(inflight.strategy)) {
    return NativeFollower.resume(clients, { ...common, strategy: inflight.strategy }, inflight.deploymentId);
  }
  return RollingFollower.resume(
    clients,
    {
      ...common,
      previousTaskDefinitionArn: inflight.previousTaskDefinitionArn,
      circuitBreakerRollback: inflight.circuitBreakerRollback,
    },
    inflight.deploymentId,
  );
}

/**
 * Rolls back a deployment started by the main step when the main process died before it could (the post step
 * after a cancel). Skips deployments that already finished. Returns what it did, for the log.
 */
export async function rollbackInFlight(clients: DeployClients, inflight: InFlight): Promise<string> {
  const follower = resumeFollower(clients, inflight);
  const progress = await follower.check();
  if (progress.phase === 'rolled-back' || progress.phase === 'rolling-back' || progress.phase === 'failed') {
    return `deployment ${inflight.deploymentId} is already ${progress.phase} (${progress.status}); nothing to roll back`;
  }
  if (progress.phase === 'succeeded' && inflight.strategy !== 'rolling') {
    return `deployment ${inflight.deploymentId} already succeeded; use the rollback action to return to ${inflight.previousTaskDefinitionArn ?? 'the previous revision'}`;
  }
  await follower.rollback();
  return `rollback of deployment ${inflight.deploymentId} requested (${inflight.strategy}); it was ${progress.phase}: ${progress.status}`;
}
