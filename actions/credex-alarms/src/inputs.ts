import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { ConfigurationError, input } from '@credex/action-kit';
import { DEFAULT_ALARM_THRESHOLDS, ENVIRONMENT_PATTERN, type AlarmsPlan } from '@credex/alarms';
import { parseInventory } from '@credex/neo4j-fleet';

export const NAME = 'credex-alarms';

export interface Inputs {
  plan: AlarmsPlan;
  planFile: string;
}

const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:[A-Za-z0-9_:/.-]+$/;

function arns(name: string): string[] {
  const values = input.list(name);
  const bad = values.find((v) => !ARN.test(v));
  if (bad !== undefined)
    throw new ConfigurationError(`input '${name}' must list ARNs (e.g. an SNS topic's), got "${bad}"`);
  return values;
}

/** A name input whose default may use {environment}; `none` turns the feature off. */
function named(name: string, fallback: string, environment: string): string | undefined {
  const value = (input.optional(name) ?? fallback).replace(/\{environment\}/g, environment);
  if (value.toLowerCase() === 'none') return undefined;
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/.test(value)) {
    throw new ConfigurationError(
      `input '${name}' must be a name of letters, digits, '-' and '_' (or none), got "${value}"`,
    );
  }
  return value;
}

function percent(name: string, fallback: number): number {
  return input.number(name, fallback, { min: 0, max: 100 })!;
}

function inventoryInstances(environment: string) {
  const path = input.optional('inventory');
  if (path === undefined) return [];
  let text: string;
  try {
    text = readFileSync(resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), path), 'utf8');
  } catch (error) {
    throw new ConfigurationError(`input 'inventory': cannot read ${path} (${(error as NodeJS.ErrnoException).code})`);
  }
  const inventory = parseInventory(text, path);
  const instances = inventory.environments[environment];
  if (!instances) {
    const inFile = Object.keys(inventory.environments).join(', ');
    throw new ConfigurationError(`input 'inventory': ${path} has no environment '${environment}' (it has ${inFile})`);
  }
  return instances;
}

/** Reads and validates every input; nothing is looked up or written yet. */
export function readInputs(): Inputs {
  const environment = input.required('environment');
  if (!ENVIRONMENT_PATTERN.test(environment)) {
    throw new ConfigurationError(
      `input 'environment' must be lower-case letters, digits, '-' or '_' starting with a letter, got "${environment}"`,
    );
  }
  const region = input.optional('aws-region') ?? process.env.AWS_REGION ?? 'af-south-1';
  const loadBalancerName = named('load-balancer', 'credex-alb-{environment}', environment);
  const cluster = named('cluster', 'credex-cluster-{environment}', environment);
  const service = named('service', 'credex-core-service-{environment}', environment);
  if ((cluster === undefined) !== (service === undefined)) {
    throw new ConfigurationError("inputs 'cluster' and 'service' must both be set or both be none");
  }
  const discover = input.oneOf('discover', ['none', 'ec2'] as const, 'ec2');
  const filters = input.keyValues('discover-filters', { keyPattern: /^[A-Za-z0-9_.:/+=@ -]+$/ });
  if (discover === 'ec2' && filters.size === 0) {
    throw new ConfigurationError("input 'discover-filters' is empty: discovery would list every instance");
  }
  const d = DEFAULT_ALARM_THRESHOLDS;
  const thresholds = {
    errorRatePercent: percent('error-rate-percent', d.errorRatePercent),
    responseTimeSeconds: input.duration('response-time', d.responseTimeSeconds * 1000) / 1000,
    ecsCpuPercent: percent('ecs-cpu-percent', d.ecsCpuPercent),
    ecsMemoryPercent: percent('ecs-memory-percent', d.ecsMemoryPercent),
    neo4jCpuPercent: percent('neo4j-cpu-percent', d.neo4jCpuPercent),
    neo4jMemoryPercent: percent('neo4j-memory-percent', d.neo4jMemoryPercent),
    heapPercent: percent('neo4j-heap-percent', d.heapPercent),
    diskFreePercent: percent('neo4j-disk-free-percent', d.diskFreePercent),
    pageCacheHitPercent: percent('neo4j-page-cache-hit-percent', d.pageCacheHitPercent),
    longestTransactionSeconds: input.duration('neo4j-longest-transaction', d.longestTransactionSeconds * 1000) / 1000,
    minutes: input.integer('evaluation-minutes', d.minutes, { min: 1, max: 60 }),
  };
  if (thresholds.responseTimeSeconds <= 0) throw new ConfigurationError("input 'response-time' must be more than 0s");
  const alarmActions = arns('alarm-actions');
  const okActions = arns('ok-actions');
  const dryRun = input.boolean('dry-run', true);
  const prune = input.boolean('prune', false);
  const planFile = resolve(
    process.env.GITHUB_WORKSPACE ?? process.cwd(),
    input.optional('plan-file') ?? join(process.env.RUNNER_TEMP ?? tmpdir(), 'credex-alarms-plan.json'),
  );
  const plan: AlarmsPlan = {
    environment,
    region,
    loadBalancerName,
    ecs: cluster && service ? { cluster, service } : undefined,
    neo4jInventory: inventoryInstances(environment),
    discoveryFilters:
      discover === 'ec2'
        ? Object.fromEntries([...filters].map(([k, v]) => [k, v.replace(/\{environment\}/g, environment)]))
        : undefined,
    thresholds,
    alarmActions,
    okActions,
    dryRun,
    prune,
  };
  return { plan, planFile };
}
