import { isAbsolute, resolve } from 'node:path';
import { ConfigurationError, input } from '@credex/action-kit';
import {
  APPSPEC_HOOKS,
  checkSecretReferences,
  pairImages,
  parseBlackoutWindows,
  parseTaskDefinitionSource,
  type DeployConfig,
} from '@credex/ecs-deploy';
import { loadChecksFile, parseChecks, type CheckSuite } from '@credex/smoke';

export interface Inputs {
  config: Omit<DeployConfig, 'verify'>;
  verify?: { suite: CheckSuite; baseUrl: string; requestsPerMinute: number };
}

const NAME = /^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:[a-z]+\/)?[A-Za-z0-9_/-]{1,255}$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

function workspacePath(path: string): string {
  return isAbsolute(path) ? path : resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), path);
}

export function region(): string | undefined {
  const value = input.optional('aws-region');
  if (value !== undefined && !REGION.test(value)) {
    throw new ConfigurationError(`input 'aws-region' must be a region like af-south-1, got ${JSON.stringify(value)}`);
  }
  return value ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
}

export function resourceName(name: 'cluster' | 'service'): string {
  const value = input.required(name);
  if (!NAME.test(value))
    throw new ConfigurationError(`input '${name}' is not an ECS ${name} name or ARN: ${JSON.stringify(value)}`);
  return value;
}

async function readVerify(): Promise<Inputs['verify']> {
  const source = input.exclusive('verify-checks', 'verify-checks-file');
  if (!source) return undefined;
  const suite =
    source === 'verify-checks'
      ? parseChecks(input.structured('verify-checks'), "input 'verify-checks'")
      : await loadChecksFile(workspacePath(input.required('verify-checks-file')));
  if (input.optional('verify-base-url') === undefined) {
    throw new ConfigurationError(`input 'verify-base-url' (the test listener) is required with ${source}`);
  }
  return {
    suite,
    baseUrl: input.httpUrl('verify-base-url', { required: true }),
    requestsPerMinute: input.integer('verify-requests-per-minute', 12, { min: 0, max: 10_000 }),
  };
}

/** Reads and validates every input; nothing is sent to AWS before this returns. */
export async function readInputs(): Promise<Inputs> {
  const awsRegion = region();
  if (!awsRegion) throw new ConfigurationError("input 'aws-region' is required (or set AWS_REGION), e.g. af-south-1");
  const cluster = resourceName('cluster');
  const service = resourceName('service');

  const taskDefinition = input.optional('task-definition');
  if (taskDefinition?.includes('\n')) {
    throw new ConfigurationError(
      "input 'task-definition' must name one task definition: a file, an ARN or family:revision, not several",
    );
  }
  const source = parseTaskDefinitionSource(taskDefinition);
  const containerNames = input.list('container-name');
  const images = pairImages(containerNames, input.list('image'));
  const environment = input.keyValues('environment');
  const secrets = input.keyValues('secrets');
  checkSecretReferences(secrets);

  const hooks = input.keyValues('codedeploy-hooks');
  for (const hook of hooks.keys()) {
    if (!(APPSPEC_HOOKS as readonly string[]).includes(hook)) {
      throw new ConfigurationError(
        `input 'codedeploy-hooks': ${hook} is not an ECS AppSpec hook (${APPSPEC_HOOKS.join(', ')})`,
      );
    }
  }
  if (hooks.size > 0 && input.optional('codedeploy-appspec')) {
    throw new ConfigurationError(
      "inputs 'codedeploy-hooks' and 'codedeploy-appspec' cannot be used together: put the hooks in the AppSpec",
    );
  }

  const timeoutMs = input.duration('timeout', '30m');
  if (timeoutMs < 1000) throw new ConfigurationError("input 'timeout' must be at least 1s");
  const maxErrorRate = input.number('max-error-rate', undefined, { min: 0, max: 100 });
  const errorRateWindowMs = input.duration('error-rate-window', '5m');
  if (errorRateWindowMs < 60_000)
    throw new ConfigurationError("input 'error-rate-window' must be at least 1m (ALB metrics are per minute)");

  const keepRevisions = input.integer('keep-revisions', undefined, { min: 1, max: 1000 });
  const verify = await readVerify();

  return {
    config: {
      ref: { cluster, service },
      region: awsRegion,
      source,
      render: { images, environment, secrets, container: containerNames[0] },
      codedeploy: {
        application: input.optional('codedeploy-application'),
        deploymentGroup: input.optional('codedeploy-deployment-group'),
        appspecFile: input.optional('codedeploy-appspec'),
        deploymentConfig: input.optional('codedeploy-deployment-config'),
        hooks,
      },
      timeoutMs,
      waitForTermination: input.boolean('wait-for-termination', true),
      triggers: {
        alarms: input.list('rollback-on-alarms'),
        maxErrorRatePercent: maxErrorRate,
        errorRateWindowMs,
        minRequests: input.integer('error-rate-min-requests', 20, { min: 1 }),
        unhealthyTargets: input.boolean('rollback-on-unhealthy-targets', true),
      },
      bakeTimeMs: input.duration('bake-time', 0),
      onConflict: input.oneOf('on-conflict', ['fail', 'wait', 'stop'] as const, 'fail'),
      blackout: parseBlackoutWindows(blackoutEntries()),
      force: input.boolean('force', false),
      dryRun: input.boolean('dry-run', false),
      keepRevisions,
      workspace: process.env.GITHUB_WORKSPACE,
      description: deployDescription(),
    },
    verify,
  };
}

/** Windows are one per line (commas would split nothing useful here). */
function blackoutEntries(): string[] {
  return (input.optional('blackout-windows') ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function deployDescription(): string {
  const repo = process.env.GITHUB_REPOSITORY ?? 'local';
  const sha = process.env.GITHUB_SHA?.slice(0, 7) ?? '';
  const run = process.env.GITHUB_RUN_ID ? ` run ${process.env.GITHUB_RUN_ID}` : '';
  return `credex-actions blue-green-deploy: ${repo}${sha ? `@${sha}` : ''}${run}`;
}
