import { appendSummary, failStep, log, setOutput, type ActionContext } from '@credex/action-kit';
import { createDeployClients, deploySummary, realClock, rollbackService } from '@credex/ecs-deploy';
import type { Inputs } from './inputs';

export async function main(config: Inputs, { signal }: ActionContext): Promise<void> {
  const clients = createDeployClients({ region: config.region });
  const result = await rollbackService(clients, config, { clock: realClock, signal, log });
  setOutput(
    'rolled-back-to',
    result.rolledBackTo ?? (result.status === 'rolled-back' ? (result.previousTaskDefinitionArn ?? '') : ''),
  );
  setOutput('deployment-id', result.deploymentId ?? '');
  setOutput('status', result.status);
  await appendSummary(deploySummary('rollback', result));
  if (result.status === 'rolled-back') {
    log.info(result.message);
    return;
  }
  failStep(
    'rollback',
    `${result.message}${result.reasons.length > 1 ? ` | ${result.reasons.slice(1, 4).join(' | ')}` : ''}`,
  );
}
