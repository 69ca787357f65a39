import { isAbsolute } from 'node:path';
import {
  appendSummary,
  ConfigurationError,
  failStep,
  input,
  log,
  setOutput,
  type ActionContext,
} from '@credex/action-kit';
import {
  createDeployClients,
  deploySummary,
  parseTaskDefinitionSource,
  realClock,
  rollbackService,
} from '@credex/ecs-deploy';
import { RUNBOOKS, runbookSuffix, runbookSummary } from '@credex/runbooks';

const NAME = /^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:[a-z]+\/)?[A-Za-z0-9_/-]{1,255}$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

function resourceName(name: 'cluster' | 'service'): string {
  const value = input.required(name);
  if (!NAME.test(value))
    throw new ConfigurationError(`input '${name}' is not an ECS ${name} name or ARN: ${JSON.stringify(value)}`);
  return value;
}

function readInputs() {
  const region = input.optional('aws-region') ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new ConfigurationError("input 'aws-region' is required (or set AWS_REGION), e.g. af-south-1");
  if (!REGION.test(region))
    throw new ConfigurationError(`input 'aws-region' must be a region like af-south-1, got ${JSON.stringify(region)}`);
  const cluster = resourceName('cluster');
  const service = resourceName('service');
  const to = input.optional('to-task-definition');
  if (to !== undefined && (parseTaskDefinitionSource(to).kind !== 'existing' || isAbsolute(to))) {
    throw new ConfigurationError(
      `input 'to-task-definition' must be a task definition ARN or family:revision, got ${JSON.stringify(to)}`,
    );
  }
  const timeoutMs = input.duration('timeout', '30m');
  if (timeoutMs < 1000) throw new ConfigurationError("input 'timeout' must be at least 1s");
  return {
    ref: { cluster, service },
    region,
    toTaskDefinition: to,
    codedeploy: {
      application: input.optional('codedeploy-application'),
      deploymentGroup: input.optional('codedeploy-deployment-group'),
    },
    timeoutMs,
    description: `credex-actions rollback: ${process.env.GITHUB_REPOSITORY ?? 'local'} run ${process.env.GITHUB_RUN_ID ?? '-'}`,
  };
}

export async function main({ signal }: ActionContext): Promise<void> {
  const config = readInputs();
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
  await appendSummary(runbookSummary(RUNBOOKS.deployStuck));
  failStep(
    'rollback',
    `${result.message}${result.reasons.length > 1 ? ` | ${result.reasons.slice(1, 4).join(' | ')}` : ''}${runbookSuffix(RUNBOOKS.deployStuck)}`,
  );
}
