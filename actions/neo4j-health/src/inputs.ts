import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { ConfigurationError, input, registerSecret } from '@credex/action-kit';
import { parseInventory, parseSize, readCredentials } from '@credex/neo4j-fleet';
import { DEFAULT_HEALTH_THRESHOLDS, type HealthPlan } from '@credex/neo4j-health';

export const NAME = 'neo4j-health';

export interface Inputs {
  plan: HealthPlan;
  failOn: 'fail' | 'never';
  publishMetrics: boolean;
  region: string;
  reportFile: string;
  junitFile: string;
}

const workspacePath = (path: string): string => resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), path);

function readText(inputName: string, path: string): string {
  try {
    return readFileSync(workspacePath(path), 'utf8');
  } catch (error) {
    throw new ConfigurationError(
      `input '${inputName}': cannot read ${path} (${(error as NodeJS.ErrnoException).code})`,
    );
  }
}

/** Store sizes from the previous run's JSON report; no file yet (the first run) is no previous run. */
function previousStoreSizes(): Record<string, number> {
  const path = input.optional('previous-report');
  if (path === undefined) return {};
  let text: string;
  try {
    text = readFileSync(workspacePath(path), 'utf8');
  } catch {
    return {};
  }
  try {
    const report = JSON.parse(text) as {
      instances?: { environment: string; instance: string; observation?: { readings?: { storeSizeBytes?: number } } }[];
    };
    const sizes: Record<string, number> = {};
    for (const i of report.instances ?? []) {
      const size = i.observation?.readings?.storeSizeBytes;
      if (typeof size === 'number') sizes[`${i.environment}/${i.instance}`] = size;
    }
    return sizes;
  } catch {
    throw new ConfigurationError(`input 'previous-report': ${path} is not a neo4j-health JSON report`);
  }
}

const percent = (name: string, fallback: number): number => input.number(name, fallback, { min: 0, max: 100 })!;

/** Reads and validates every input, the inventory and the credentials; nothing is contacted yet. */
export function readInputs(): Inputs {
  const inventoryPath = input.required('inventory');
  const only = input.optional('environment');
  const discover = input.oneOf('discover', ['none', 'ec2'] as const, 'none');
  const filters = input.keyValues('discover-filters', { keyPattern: /^[A-Za-z0-9_.:/+=@ -]+$/ });
  if (discover === 'ec2' && filters.size === 0) {
    throw new ConfigurationError("input 'discover-filters' is empty: discovery would list every instance");
  }
  const region = input.optional('aws-region') ?? process.env.AWS_REGION ?? 'af-south-1';
  const d = DEFAULT_HEALTH_THRESHOLDS;
  const growthText = input.optional('store-growth');
  const storeGrowthBytes = growthText === undefined ? undefined : parseSize(growthText);
  if (growthText !== undefined && storeGrowthBytes === undefined) {
    throw new ConfigurationError(`input 'store-growth' must be a size like 512MB or 2GB, got "${growthText}"`);
  }
  const limits = {
    cpuPercent: percent('cpu-percent', d.cpuPercent),
    memoryPercent: percent('memory-percent', d.memoryPercent),
    heapPercent: percent('heap-percent', d.heapPercent),
    diskFreePercent: percent('disk-free-percent', d.diskFreePercent),
    pageCacheHitPercent: percent('page-cache-hit-percent', d.pageCacheHitPercent),
    longestTransactionSeconds: input.duration('longest-transaction', d.longestTransactionSeconds * 1000) / 1000,
    openTransactions: input.integer('open-transactions', d.openTransactions, { min: 0 }),
    storeGrowthBytes,
  };
  const caFile = input.optional('ca-file');
  const concurrency = input.integer('concurrency', 4, { min: 1, max: 32 });
  const connectionTimeoutMs = input.duration('connection-timeout', '15s');
  if (connectionTimeoutMs < 1000) throw new ConfigurationError("input 'connection-timeout' must be at least 1s");
  const failOn = input.oneOf('fail-on', ['fail', 'never'] as const, 'fail');
  const publishMetrics = input.boolean('publish-metrics', true);
  const temp = process.env.RUNNER_TEMP ?? tmpdir();
  const reportFile = workspacePath(input.optional('report-file') ?? join(temp, 'neo4j-health-report.json'));
  const junitFile = workspacePath(input.optional('junit-file') ?? join(temp, 'neo4j-health-junit.xml'));
  if (caFile) readText('ca-file', caFile);
  const previous = previousStoreSizes();

  const inventory = parseInventory(readText('inventory', inventoryPath), inventoryPath);
  if (only !== undefined && !(only in inventory.environments)) {
    const inFile = Object.keys(inventory.environments).join(', ');
    throw new ConfigurationError(`input 'environment' names '${only}', which the inventory does not have (${inFile})`);
  }
  const environments = only === undefined ? Object.keys(inventory.environments) : [only];
  const instances = Object.fromEntries(environments.map((e) => [e, inventory.environments[e] ?? []]));
  const credentials = readCredentials(Object.values(instances).flat(), process.env);
  for (const { password } of credentials.values()) registerSecret(password);

  const plan: HealthPlan = {
    environments,
    instances,
    credentials,
    discoveryFilters: discover === 'ec2' ? Object.fromEntries(filters) : undefined,
    limits,
    concurrency,
    connectionTimeoutMs,
    trustedCertificates: caFile ? [workspacePath(caFile)] : undefined,
    previousStoreSizes: previous,
  };
  return { plan, failOn, publishMetrics, region, reportFile, junitFile };
}
