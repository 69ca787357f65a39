import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { ConfigurationError, input, registerSecret } from '@credex/action-kit';
import {
  DEFAULT_LIMITS,
  SAFE_PATH,
  checkLimitsShape,
  mergeLimits,
  normaliseFingerprint,
  type CheckPlan,
} from '@credex/neo4j-license';
import { parseInventory, readCredentials, selectEnvironments } from '@credex/neo4j-fleet';

export const NAME = 'neo4j-license-check';

function workspacePath(path: string): string {
  return resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), path);
}

function readText(inputName: string, path: string): string {
  try {
    return readFileSync(workspacePath(path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigurationError(`input '${inputName}': cannot read ${path} (${code})`);
  }
}

export interface Inputs {
  plan: CheckPlan;
  failOn: 'fail' | 'warn' | 'never';
  reportFile: string;
  junitFile: string;
  region: string;
}

/** Reads and validates every input, the inventory and the credentials; nothing is contacted yet. */
export function readPlan(): Inputs {
  const inventoryPath = input.required('inventory');
  const only = input.optional('environment');
  const limitsInput = input.structured('limits');
  const mode = input.oneOf('mode', ['read-only', 'full'] as const, 'read-only');
  const discover = input.oneOf('discover', ['none', 'ec2'] as const, 'none');
  const filters = input.keyValues('discover-filters', { keyPattern: /^[A-Za-z0-9_.:/+=@ -]+$/ });
  const region = input.optional('aws-region') ?? process.env.AWS_REGION ?? 'af-south-1';
  const expiryWarningDays = input.integer('expiry-warning-days', 14, { min: 0, max: 3650 });
  const logFile = input.optional('log-file');
  const logGroup = input.optional('log-group');
  const logLookbackMs = input.duration('log-lookback', '7d');
  const expectedRaw = input.optional('expected-license-sha256');
  const fingerprintTag = input.optional('license-fingerprint-tag');
  const licenseFile = input.optional('license-file');
  const caFile = input.optional('ca-file');
  const concurrency = input.integer('concurrency', 4, { min: 1, max: 32 });
  const connectionTimeoutMs = input.duration('connection-timeout', '15s');
  const failOn = input.oneOf('fail-on', ['fail', 'warn', 'never'] as const, 'fail');
  const temp = process.env.RUNNER_TEMP ?? tmpdir();
  const reportFile = workspacePath(input.optional('report-file') ?? join(temp, 'neo4j-license-report.json'));
  const junitFile = workspacePath(input.optional('junit-file') ?? join(temp, 'neo4j-license-junit.xml'));

  const expectedFingerprint = expectedRaw === undefined ? undefined : normaliseFingerprint(expectedRaw);
  if (expectedRaw !== undefined && expectedFingerprint === undefined) {
    throw new ConfigurationError("input 'expected-license-sha256' must be 64 hexadecimal characters");
  }
  if (licenseFile !== undefined && !SAFE_PATH.test(licenseFile)) {
    throw new ConfigurationError(
      "input 'license-file' must be an absolute path of letters, digits, '.', '_', '-' and '/'",
    );
  }
  if (connectionTimeoutMs < 1000) throw new ConfigurationError("input 'connection-timeout' must be at least 1s");
  if (filters.size === 0 && discover === 'ec2') {
    throw new ConfigurationError("input 'discover-filters' is empty: discovery would list every instance");
  }
  const inputLimits = limitsInput === undefined ? undefined : checkLimitsShape(limitsInput, "input 'limits'");
  const trustedCertificates = caFile ? [workspacePath(caFile)] : undefined;
  if (caFile) readText('ca-file', caFile);

  const inventory = parseInventory(readText('inventory', inventoryPath), inventoryPath);
  const limits = mergeLimits(DEFAULT_LIMITS, inventory.limits, inputLimits);
  const environments = selectEnvironments(inventory, limits.instances, only);
  const selected = environments.flatMap((e) => inventory.environments[e] ?? []);
  const credentials = readCredentials(selected, process.env);
  // Passwords are masked as soon as they are read; user names are not secret.
  for (const { password } of credentials.values()) registerSecret(password);

  const plan: CheckPlan = {
    environments,
    instances: Object.fromEntries(environments.map((e) => [e, inventory.environments[e] ?? []])),
    credentials,
    limits,
    mode,
    discoveryFilters: discover === 'ec2' ? Object.fromEntries(filters) : undefined,
    expiryWarningDays,
    expectedFingerprint,
    fingerprintTag,
    licenseFile,
    logFile,
    logGroup,
    logLookbackMs,
    concurrency,
    connectionTimeoutMs,
    trustedCertificates,
  };
  return { plan, failOn, reportFile, junitFile, region };
}
