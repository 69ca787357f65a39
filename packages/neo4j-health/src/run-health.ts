import type { EC2Client } from '@aws-sdk/client-ec2';
import { classifyNeo4jError, describeNeo4jProblem } from '@credex/neo4j';
import {
  driverRunner,
  mapLimit,
  readComponents,
  resolveTargets,
  untilAborted,
  type Credentials,
  type InventoryInstance,
  type Mismatch,
  type QueryRunner,
  type Target,
} from '@credex/neo4j-fleet';
import { readLocalStore } from './disk';
import { evaluate, type CheckResult, type Limits, type Observation } from './evaluate';
import {
  readDataDirectory,
  readEnterpriseMetrics,
  readHeap,
  readHost,
  readTransactions,
  type Readings,
} from './readings';

export interface HealthPlan {
  environments: string[];
  instances: Record<string, InventoryInstance[]>;
  credentials: Map<InventoryInstance, Credentials>;
  discoveryFilters?: Record<string, string>;
  limits: Limits;
  concurrency: number;
  connectionTimeoutMs: number;
  trustedCertificates?: string[];
  /** Store sizes of the previous run by `<environment>/<instance>`. */
  previousStoreSizes: Record<string, number>;
}

export interface HealthDeps {
  ec2?: EC2Client;
  runnerFor?: (instance: InventoryInstance, credentials: Credentials, plan: HealthPlan) => QueryRunner;
  signal?: AbortSignal;
  log?: (message: string) => void;
}

export interface InstanceHealth {
  environment: string;
  instance: string;
  instanceId?: string;
  observation: Observation;
  checks: CheckResult[];
}

export interface HealthReport {
  generatedAt: string;
  environments: string[];
  instances: InstanceHealth[];
  mismatches: Mismatch[];
  discoveryError?: string;
  counts: { pass: number; fail: number; skipped: number };
}

/** Each reading on its own: one the server refuses leaves its check skipped, never the others. */
async function tryRead<T>(what: string, fn: () => Promise<T>, log: (m: string) => void): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    log(`${what}: ${describeNeo4jProblem(classifyNeo4jError(error))}`);
    return undefined;
  }
}

async function observe(target: Target, plan: HealthPlan, deps: HealthDeps): Promise<Observation> {
  const started = Date.now();
  const inv = target.inventory!;
  const where = `${target.environment}/${target.name}`;
  const log = (message: string) => deps.log?.(`${where}: ${message}`);
  const runner = (deps.runnerFor ?? driverRunner)(inv, plan.credentials.get(inv)!, plan);
  const observation: Observation = {
    environment: target.environment,
    instance: target.name,
    readings: {},
    durationMs: 0,
  };
  try {
    let readings: Readings;
    try {
      readings = { ...(await readComponents(runner)) };
    } catch (error) {
      observation.connectionProblem = describeNeo4jProblem(classifyNeo4jError(error));
      return observation;
    }
    const database = inv.database ?? 'neo4j';
    readings.database = database;
    Object.assign(readings, (await tryRead('heap', () => readHeap(runner), log)) ?? {});
    Object.assign(readings, (await tryRead('host', () => readHost(runner), log)) ?? {});
    Object.assign(readings, (await tryRead('metrics', () => readEnterpriseMetrics(runner, database), log)) ?? {});
    readings.transactions = await tryRead('transactions', () => readTransactions(runner), log);
    readings.dataDirectory = await tryRead('settings', () => readDataDirectory(runner), log);
    const local = readings.dataDirectory ? await readLocalStore(readings.dataDirectory, database) : undefined;
    if (local) {
      observation.diskFreePercent = local.diskFreePercent;
      readings.storeSizeBytes ??= local.storeSizeBytes;
    }
    observation.readings = readings;
    observation.previousStoreSizeBytes = plan.previousStoreSizes[where];
    return observation;
  } finally {
    await runner.close().catch(() => undefined);
    observation.durationMs = Date.now() - started;
  }
}

/** Looks at every inventory instance of the planned environments (concurrently) and checks each against the limits. */
export async function runHealthCheck(plan: HealthPlan, deps: HealthDeps = {}): Promise<HealthReport> {
  const { targets, mismatches, discoveryError } = await resolveTargets(
    plan.environments,
    plan.instances,
    plan.discoveryFilters,
    deps.ec2,
  );
  // An instance only EC2 knows has no Bolt URI or credentials: it is reported as a mismatch, not checked.
  const reachable = targets.filter((t) => t.inventory);
  const work = mapLimit(reachable, plan.concurrency, (target) => {
    if (deps.signal?.aborted) throw deps.signal.reason;
    return observe(target, plan, deps);
  });
  const observations = await untilAborted(work, deps.signal, 0);
  const instances = observations.map((observation, i) => ({
    environment: observation.environment,
    instance: observation.instance,
    instanceId: reachable[i]!.ec2?.instanceId,
    observation,
    checks: evaluate(observation, plan.limits),
  }));
  const all = instances.flatMap((i) => i.checks);
  return {
    generatedAt: new Date().toISOString(),
    environments: plan.environments,
    instances,
    mismatches,
    discoveryError,
    counts: {
      pass: all.filter((c) => c.status === 'pass').length,
      fail: all.filter((c) => c.status === 'fail').length,
      skipped: all.filter((c) => c.status === 'skipped').length,
    },
  };
}
