import { isAbsolute } from 'node:path';
import { ConfigurationError, input } from '@credex/action-kit';
import { parseTaskDefinitionSource } from '@credex/ecs-deploy';

const NAME = /^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:[a-z]+\/)?[A-Za-z0-9_/-]{1,255}$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

function resourceName(name: 'cluster' | 'service'): string {
  const value = input.required(name);
  if (!NAME.test(value))
    throw new ConfigurationError(`input '${name}' is not an ECS ${name} name or ARN: ${JSON.stringify(value)}`);
  return value;
}

export type Inputs = ReturnType<typeof readInputs>;

export function readInputs() {
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
