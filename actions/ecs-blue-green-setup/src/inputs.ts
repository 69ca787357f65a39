import { isAbsolute, resolve } from 'node:path';
import { ConfigurationError, input } from '@credex/action-kit';
import { parseBlackoutWindows, type BlackoutWindow } from '@credex/ecs-deploy/blackout';
import { defaultConfig, isElbName, type SetupConfig } from '@credex/ecs-setup/config';

const ENVIRONMENT = /^[a-z][a-z0-9_-]{0,30}$/;
const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const REPOSITORY = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export interface Inputs {
  mode: 'plan' | 'apply';
  config: SetupConfig;
  blackout: BlackoutWindow[];
  planFile: string | undefined;
}

function fail(message: string): never {
  throw new ConfigurationError(message);
}

function cidrs(): string[] | undefined {
  const values = input.list('test-cidrs');
  if (values.length === 0) return undefined;
  for (const value of values) {
    const m = CIDR.exec(value);
    const octets = m ? m.slice(1, 5).map(Number) : [];
    if (!m || octets.some((o) => o > 255) || Number(m[5]) > 32) {
      fail(`input 'test-cidrs' must list IPv4 ranges like 10.1.0.0/16, got ${JSON.stringify(value)}`);
    }
    if (Number(m[5]) === 0) fail(`input 'test-cidrs' must not open the test listener to everyone (${value})`);
  }
  if (values.length > 5) fail(`input 'test-cidrs' has ${values.length} ranges; a listener rule takes at most 5`);
  return values;
}

function named(inputName: string, fallback: string): string {
  const value = input.optional(inputName) ?? fallback;
  if (!NAME.test(value)) fail(`input '${inputName}' is not an ECS name: ${JSON.stringify(value)}`);
  return value;
}

/** Reads and validates every input; nothing is sent to AWS before this returns. */
export function readInputs(): Inputs {
  const environment = input.required('environment');
  if (!ENVIRONMENT.test(environment)) {
    fail(
      `input 'environment' must be an environment name like staging or model_001, got ${JSON.stringify(environment)}`,
    );
  }
  const mode = input.oneOf('mode', ['plan', 'apply'] as const, 'plan');
  const region = input.optional('aws-region') ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) fail("input 'aws-region' is required (or set AWS_REGION), e.g. af-south-1");
  if (!REGION.test(region)) fail(`input 'aws-region' must be a region like af-south-1, got ${JSON.stringify(region)}`);
  const repository = input.optional('github-repository') ?? process.env.GITHUB_REPOSITORY;
  if (!repository) fail("input 'github-repository' is required outside GitHub Actions (owner/name)");
  if (!REPOSITORY.test(repository)) {
    fail(`input 'github-repository' must be owner/name, got ${JSON.stringify(repository)}`);
  }
  const config = defaultConfig(environment, region, repository);
  config.cluster = named('cluster', config.cluster);
  config.service = named('service', config.service);
  const green = input.optional('green-target-group');
  if (green !== undefined && !isElbName(green)) {
    fail(
      `input 'green-target-group' must be a target group name (letters, digits, hyphens, at most 32), got ${JSON.stringify(green)}`,
    );
  }
  config.greenTargetGroup = green;
  config.productionRulePriority = input.integer('production-rule-priority', 50000, { min: 2, max: 50000 });
  config.testPort = input.integer('test-port', 8443, { min: 1, max: 65535 });
  if (config.testPort === 443 || config.testPort === 80) {
    fail(`input 'test-port' must not be a production port (80 or 443), got ${config.testPort}`);
  }
  config.testCidrs = cidrs();
  const githubEnvironment = input.optional('github-environment') ?? environment;
  if (!/^[A-Za-z0-9_.-]{1,255}$/.test(githubEnvironment)) {
    fail(`input 'github-environment' is not a GitHub environment name: ${JSON.stringify(githubEnvironment)}`);
  }
  config.githubEnvironment = githubEnvironment;
  config.bakeTimeMinutes = input.integer('bake-time', 5, { min: 0, max: 1440 });
  config.verifyHookTimeoutMinutes = input.integer('verify-hook-timeout', 30, { min: 0, max: 1440 });
  const planFile = input.optional('plan-file');
  const blackout = parseBlackoutWindows(
    (input.optional('blackout-windows') ?? '')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#')),
  );
  return {
    mode,
    config,
    blackout,
    planFile:
      planFile && (isAbsolute(planFile) ? planFile : resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), planFile)),
  };
}
