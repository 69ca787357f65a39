import {
  appendSummary,
  failStep,
  formatDuration,
  getState,
  log,
  saveState,
  setOutput,
  type ActionContext,
} from '@credex/action-kit';
import {
  createDeployClients,
  deployService,
  deploySummary,
  realClock,
  rollbackInFlight,
  smokeVerifier,
  type DeployResult,
  type InFlight,
} from '@credex/ecs-deploy';
import type { Inputs } from './inputs';

const ACTION = 'blue-green-deploy';
const INFLIGHT = 'inflight';
const FINISHED = 'finished';

function setOutputs(result: DeployResult): void {
  setOutput('task-definition-arn', result.taskDefinitionArn ?? '');
  setOutput('previous-task-definition-arn', result.previousTaskDefinitionArn ?? '');
  setOutput('deployment-id', result.deploymentId ?? '');
  setOutput('strategy', result.strategy);
  setOutput('status', result.status);
  setOutput('rolled-back', result.rolledBack);
  setOutput('duration', Math.round(result.durationMs / 1000));
}

export async function main(inputs: Inputs, { signal }: ActionContext): Promise<void> {
  const clients = createDeployClients({ region: inputs.config.region });
  try {
    const result = await deployService(
      clients,
      {
        ...inputs.config,
        verify: inputs.verify ? smokeVerifier({ ...inputs.verify, log: (line) => log.info(line) }) : undefined,
      },
      {
        clock: realClock,
        signal,
        log,
        onStarted: (inflight: InFlight) => saveState(INFLIGHT, { ...inflight, region: inputs.config.region }),
      },
    );
    setOutputs(result);
    await appendSummary(deploySummary('blue-green-deploy', result));
    const clean = result.status === 'succeeded' || (result.status === 'dry-run' && result.reasons.length === 0);
    if (clean) {
      log.info(result.message);
      return;
    }
    const more = result.reasons.slice(1, 4);
    failStep(ACTION, `${result.message}${more.length ? ` | ${more.join(' | ')}` : ''}`);
  } finally {
    saveState(FINISHED, true);
  }
}

/** Runs when the main step was cancelled or failed: rolls back a deployment the main step could not see through. */
export async function post(): Promise<void> {
  const inflight = getState<InFlight & { region: string }>(INFLIGHT);
  if (getState<boolean>(FINISHED)) {
    log.info('the main step finished and reported; nothing to roll back here');
    return;
  }
  if (!inflight) {
    log.info('no deployment was started; nothing to roll back');
    return;
  }
  const started = Date.now();
  const clients = createDeployClients({ region: inflight.region });
  const outcome = await rollbackInFlight(clients, inflight);
  log.warning(`post step: ${outcome}`);
  await appendSummary(
    `## ↩️ blue-green-deploy: the main step was interrupted\n\n${outcome} (in ${formatDuration(Date.now() - started)}).\n`,
  );
}
