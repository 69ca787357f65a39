import { formatGiB } from '@credex/neo4j-fleet';
import type { HealthMetricKey, HealthThresholds } from './metrics';
import type { Readings, TransactionRow } from './readings';

export const CHECK_IDS = [
  'connection',
  'heap',
  'host-memory',
  'host-cpu',
  'disk-free',
  'page-cache',
  'store-growth',
  'open-transactions',
  'longest-transaction',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];
export type CheckStatus = 'pass' | 'fail' | 'skipped';

export interface CheckResult {
  check: CheckId;
  status: CheckStatus;
  /** What was seen, and for a fail what it was compared with; for skipped, why. */
  reason: string;
}

export interface Observation {
  environment: string;
  instance: string;
  /** Why nothing could be read (unreachable, bad credentials): every check after `connection` is skipped. */
  connectionProblem?: string;
  readings: Readings;
  /** Store size of the previous run (the `previous-report` input), for the growth. */
  previousStoreSizeBytes?: number;
  /** Free disk from the runner's view of the data directory. */
  diskFreePercent?: number;
  durationMs: number;
}

export interface Limits extends HealthThresholds {
  /** Largest acceptable store growth since the previous run; growth is only reported when absent. */
  storeGrowthBytes?: number;
}

const pct = (part: number, whole: number): number => Math.round((part / whole) * 1000) / 10;

function describeTx(t: TransactionRow): string {
  const who = [t.username, t.clientAddress].filter(Boolean).join(' from ');
  const query = t.query ? `: ${t.query}` : ', idle between queries';
  return `${t.id} on ${t.database}${who ? ` by ${who}` : ''}, ${t.status}${query}`;
}

/** The derived figures checks and metrics share. */
export function figures(o: Observation): Partial<Record<HealthMetricKey, number>> {
  const r = o.readings;
  const growth =
    r.storeSizeBytes !== undefined && o.previousStoreSizeBytes !== undefined
      ? r.storeSizeBytes - o.previousStoreSizeBytes
      : undefined;
  const txs = r.transactions;
  return {
    storeSize: r.storeSizeBytes,
    storeGrowth: growth,
    diskFree: o.diskFreePercent,
    heapUsed: r.heapUsedBytes !== undefined && r.heapMaxBytes ? pct(r.heapUsedBytes, r.heapMaxBytes) : undefined,
    pageCacheUsed: r.pageCacheUsedPercent,
    pageCacheHitRatio: r.pageCacheHitPercent,
    hostMemoryUsed:
      r.hostMemoryTotalBytes && r.hostMemoryFreeBytes !== undefined
        ? pct(r.hostMemoryTotalBytes - r.hostMemoryFreeBytes, r.hostMemoryTotalBytes)
        : undefined,
    openTransactions: txs?.length,
    longestTransaction: txs ? (txs[0]?.elapsedSeconds ?? 0) : undefined,
  };
}

/** Compares one instance's readings with the limits; a figure the server does not give is skipped with the reason. */
export function evaluate(o: Observation, limits: Limits): CheckResult[] {
  if (o.connectionProblem) {
    return CHECK_IDS.map((check) =>
      check === 'connection'
        ? { check, status: 'fail', reason: o.connectionProblem! }
        : { check, status: 'skipped', reason: 'no connection' },
    );
  }
  const f = figures(o);
  const r = o.readings;
  const above = (
    check: CheckId,
    value: number | undefined,
    limit: number,
    what: string,
    unit: (v: number) => string,
    missing: string,
  ): CheckResult => {
    if (value === undefined) return { check, status: 'skipped', reason: missing };
    return value > limit
      ? { check, status: 'fail', reason: `${what} ${unit(value)}, above the limit of ${unit(limit)}` }
      : { check, status: 'pass', reason: `${what} ${unit(value)}` };
  };
  const below = (check: CheckId, value: number | undefined, limit: number, what: string, missing: string) => {
    if (value === undefined) return { check, status: 'skipped' as const, reason: missing };
    return value < limit
      ? { check, status: 'fail' as const, reason: `${what} ${value} %, below the limit of ${limit} %` }
      : { check, status: 'pass' as const, reason: `${what} ${value} %` };
  };
  const percent = (v: number) => `${v} %`;
  const longest = r.transactions?.[0];
  const longestCheck = above(
    'longest-transaction',
    f.longestTransaction,
    limits.longestTransactionSeconds,
    'longest transaction',
    (v) => `${v.toFixed(1)} s`,
    'SHOW TRANSACTIONS gave no answer',
  );
  if (longestCheck.status === 'fail' && longest) longestCheck.reason += ` (${describeTx(longest)})`;
  return [
    { check: 'connection', status: 'pass', reason: `${r.edition ?? 'unknown'} ${r.version ?? ''}`.trim() },
    above('heap', f.heapUsed, limits.heapPercent, 'heap used', percent, 'the JVM gave no heap figures'),
    above('host-memory', f.hostMemoryUsed, limits.memoryPercent, 'host memory used', percent, 'no host memory figures'),
    above('host-cpu', r.hostCpuPercent, limits.cpuPercent, 'host CPU', percent, 'the JVM gave no CPU load'),
    below(
      'disk-free',
      f.diskFree,
      limits.diskFreePercent,
      'free disk',
      'the data directory is not visible from this runner (run it on the database host, or alarm on the CloudWatch agent)',
    ),
    below(
      'page-cache',
      f.pageCacheHitRatio,
      limits.pageCacheHitPercent,
      'page cache hit ratio',
      'no page cache metrics (Enterprise metrics over JMX; Community has none)',
    ),
    storeGrowth(f.storeSize, f.storeGrowth, limits.storeGrowthBytes),
    above(
      'open-transactions',
      f.openTransactions,
      limits.openTransactions,
      'open transactions',
      (v) => `${v}`,
      'SHOW TRANSACTIONS gave no answer',
    ),
    longestCheck,
  ];
}

function storeGrowth(size: number | undefined, growth: number | undefined, limit: number | undefined): CheckResult {
  if (size === undefined) {
    return {
      check: 'store-growth',
      status: 'skipped',
      reason: 'store size unknown (no data directory here, no metrics)',
    };
  }
  const sizeText = `store ${formatGiB(size)} (${size} bytes)`;
  if (growth === undefined) return { check: 'store-growth', status: 'pass', reason: `${sizeText}, no previous run` };
  const text = `${sizeText}, grew ${growth} bytes since the previous run`;
  if (limit !== undefined && growth > limit) {
    return { check: 'store-growth', status: 'fail', reason: `${text}, above the limit of ${limit} bytes` };
  }
  return { check: 'store-growth', status: 'pass', reason: text };
}
