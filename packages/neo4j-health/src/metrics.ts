/**
 * The CloudWatch custom metrics neo4j-health publishes (PutMetricData), one datum per instance and run with the
 * dimensions Environment and Instance (the inventory's name for the instance). credex-alarms builds its Neo4j
 * health alarms on the same names, so both sides read them from here.
 */
export const HEALTH_NAMESPACE = 'Credex/Neo4j';

export const HEALTH_METRICS = {
  storeSize: { name: 'StoreSizeBytes', unit: 'Bytes' },
  storeGrowth: { name: 'StoreGrowthBytes', unit: 'Bytes' },
  diskFree: { name: 'DiskFreePercent', unit: 'Percent' },
  heapUsed: { name: 'HeapUsedPercent', unit: 'Percent' },
  pageCacheUsed: { name: 'PageCacheUsedPercent', unit: 'Percent' },
  pageCacheHitRatio: { name: 'PageCacheHitPercent', unit: 'Percent' },
  hostMemoryUsed: { name: 'HostMemoryUsedPercent', unit: 'Percent' },
  openTransactions: { name: 'OpenTransactions', unit: 'Count' },
  longestTransaction: { name: 'LongestTransactionSeconds', unit: 'Seconds' },
  failedChecks: { name: 'FailedChecks', unit: 'Count' },
} as const;

export type HealthMetricKey = keyof typeof HEALTH_METRICS;

/** Limits a health check compares against; the sizing document gives CPU 80 % and memory 85 %, the rest are ours. */
export interface HealthThresholds {
  cpuPercent: number;
  memoryPercent: number;
  heapPercent: number;
  diskFreePercent: number;
  pageCacheHitPercent: number;
  longestTransactionSeconds: number;
  openTransactions: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = {
  cpuPercent: 80,
  memoryPercent: 85,
  heapPercent: 85,
  diskFreePercent: 15,
  pageCacheHitPercent: 90,
  longestTransactionSeconds: 300,
  openTransactions: 200,
};
