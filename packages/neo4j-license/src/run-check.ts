import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { describeAwsError } from '@credex/aws';
import {
  driverRunner,
  mapLimit,
  resolveTargets,
  untilAborted,
  type Credentials,
  type InventoryInstance,
  type QueryRunner,
  type Target,
} from '@credex/neo4j-fleet';
// The SSM fingerprint and the log scans are imported where they are used (the AWS SDK commands they bring are
// loaded only when their feature is on).
import { evaluateAll, type Attempted, type Observation } from './evaluate';
import { runFullCheck } from './full-check';
import type { Limits } from './limits';
import type { LicenseLogFindings } from './logs';
import { probeServer } from './probe';
import { buildReport, type InstanceSummary, type LicenseReport } from './report';
import type { Mode } from './types';

export interface CheckPlan {
  environments: string[];
  instances: Record<string, InventoryInstance[]>;
  credentials: Map<InventoryInstance, Credentials>;
  limits: Limits;
  mode: Mode;
  /** Tag filters for EC2 discovery; discovery is off when absent. */
  discoveryFilters?: Record<string, string>;
  expiryWarningDays: number;
  expectedFingerprint?: string;
  fingerprintTag?: string;
  /** Default license file path on hosts (an inventory entry's `license-file` wins). */
  licenseFile?: string;
  /** Templates with {environment}, {name}, {instance-id}; an inventory entry's own setting wins. */
  logFile?: string;
  logGroup?: string;
  logLookbackMs: number;
  concurrency: number;
  connectionTimeoutMs: number;
  trustedCertificates?: string[];
}

export interface CheckDeps {
  ec2?: EC2Client;
  ssm?: SSMClient;
  logs?: CloudWatchLogsClient;
  /** Builds the query boundary for an instance; the driver by default (tests feed recorded responses here). */
  runnerFor?: (instance: InventoryInstance, credentials: Credentials, plan: CheckPlan) => QueryRunner;
  signal?: AbortSignal;
  log?: (message: string) => void;
  now?: () => Date;
  /** SSM polling delay (tests shorten it). */
  ssmPollDelayMs?: number;
}

function defaultRunner(instance: InventoryInstance, credentials: Credentials, plan: CheckPlan): QueryRunner {
  return driverRunner(instance, credentials, plan);
}

function fill(template: string, target: Target): string {
  return template
    .replace(/\{environment\}/g, target.environment)
    .replace(/\{name\}/g, target.name)
    .replace(/\{instance-id\}/g, target.ec2?.instanceId ?? target.name);
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function attempt<T>(fn: () => Promise<T>, describe = message): Promise<Attempted<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return { ok: false, error: describe(error) };
  }
}

async function readLogs(
  target: Target,
  plan: CheckPlan,
  deps: CheckDeps,
  now: Date,
): Promise<Attempted<LicenseLogFindings> | undefined> {
  const inv = target.inventory;
  const file = inv?.logFile ?? (plan.logFile ? fill(plan.logFile, target) : undefined);
  if (file) return attempt(async () => (await import('./logs')).scanLogFile(file));
  const group = inv?.logGroup ?? (plan.logGroup ? fill(plan.logGroup, target) : undefined);
  if (!group) return undefined;
  if (!deps.logs) return { ok: false, error: 'no CloudWatch Logs client' };
  const streamPrefix = inv?.logStreamPrefix ?? target.ec2?.instanceId;
  return attempt(
    async () =>
      (await import('./logs')).scanCloudWatch(deps.logs!, {
        logGroup: group,
        streamPrefix,
        sinceMs: now.getTime() - plan.logLookbackMs,
      }),
    describeAwsError,
  );
}

async function observe(target: Target, plan: CheckPlan, deps: CheckDeps, now: Date): Promise<Observation> {
  const started = Date.now();
  const obs: Observation = { target, durationMs: 0 };
  const log = deps.log ?? (() => undefined);
  const inv = target.inventory;
  if (inv) {
    const credentials = plan.credentials.get(inv);
    if (!credentials) throw new Error(`no credentials read for ${inv.environment}/${inv.name}`);
    const runner = (deps.runnerFor ?? defaultRunner)(inv, credentials, plan);
    try {
      obs.facts = await probeServer(runner);
      const connection = obs.facts.connection;
      log(
        `${target.environment}/${target.name}: ${connection.ok ? `connected, ${connection.value.edition} ${connection.value.version}` : `${connection.problem.kind} (${connection.problem.code})`}`,
      );
      if (plan.mode === 'full' && connection.ok && !deps.signal?.aborted) {
        obs.full = await attempt(() => runFullCheck(runner, { signal: deps.signal }));
      }
    } finally {
      await runner.close().catch(() => undefined);
    }
  }
  const licenseFile = inv?.licenseFile ?? plan.licenseFile;
  if (plan.expectedFingerprint && licenseFile && target.ec2 && !inv?.aura) {
    const instanceId = target.ec2.instanceId;
    obs.ssmFingerprint = deps.ssm
      ? await attempt(
          async () =>
            (await import('./fingerprint')).readFingerprintWithSsm(deps.ssm!, {
              instanceId,
              path: licenseFile,
              signal: deps.signal,
              pollDelayMs: deps.ssmPollDelayMs,
            }),
          describeAwsError,
        )
      : { ok: false, error: 'no SSM client' };
  }
  obs.logs = await readLogs(target, plan, deps, now);
  obs.durationMs = Date.now() - started;
  return obs;
}

function summarise(target: Target, obs: Observation): InstanceSummary {
  const connection = obs.facts?.connection;
  return {
    environment: target.environment,
    name: target.name,
    role: target.inventory?.role,
    uri: target.inventory?.uri,
    aura: target.inventory?.aura ?? false,
    ec2: target.ec2
      ? { instanceId: target.ec2.instanceId, instanceType: target.ec2.instanceType, matchedBy: target.matchedBy }
      : undefined,
    edition: connection?.ok ? connection.value.edition : undefined,
    version: connection?.ok ? connection.value.version : undefined,
  };
}

const FULL_CLEANUP_GRACE_MS = 6_000;

/**
 * Runs the six cases for the planned environments: discovers EC2 instances (when asked), merges them with the
 * inventory, probes instances concurrently (a connection problem is that instance's result, never the run's),
 * and evaluates.
 */
export async function runLicenseCheck(plan: CheckPlan, deps: CheckDeps = {}): Promise<LicenseReport> {
  const now = deps.now?.() ?? new Date();
  const { targets, mismatches, discoveryError } = await resolveTargets(
    plan.environments,
    plan.instances,
    plan.discoveryFilters,
    deps.ec2,
  );
  const work = mapLimit(targets, plan.concurrency, (target) => {
    if (deps.signal?.aborted) throw deps.signal.reason;
    return observe(target, plan, deps, now);
  });
  // Mode full gets a moment to drop what it created (the runner kills the step 10 s after cancelling).
  const observations = await untilAborted(work, deps.signal, plan.mode === 'full' ? FULL_CLEANUP_GRACE_MS : 0);
  const results = evaluateAll(plan.environments, observations, mismatches, {
    limits: plan.limits,
    mode: plan.mode,
    expiryWarningDays: plan.expiryWarningDays,
    expectedFingerprint: plan.expectedFingerprint,
    fingerprintTag: plan.fingerprintTag,
    discovery: plan.discoveryFilters !== undefined,
    discoveryError,
  });
  return buildReport({
    mode: plan.mode,
    environments: plan.environments,
    limits: plan.limits,
    instances: observations.map((o) => summarise(o.target, o)),
    mismatches,
    results,
    now,
  });
}
