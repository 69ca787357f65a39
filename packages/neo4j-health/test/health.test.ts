import { FixtureQueryRunner, parseInventory, readCredentials, type RecordedServer } from '@credex/neo4j-fleet';
import { evaluate, type Limits } from '../src/evaluate';
import { DEFAULT_HEALTH_THRESHOLDS } from '../src/metrics';
import { metricData } from '../src/publish';
import { runHealthCheck, type HealthPlan } from '../src/run-health';

// An Enterprise server as the query boundary sees it. Community (the live servers in test/e2e/neo4j-health.test.ts)
// gives the java.lang beans, SHOW SETTINGS and SHOW TRANSACTIONS in exactly these shapes (recorded from the 5.26
// test services); the `neo4j.metrics` beans are Enterprise-only and follow the metric names of Neo4j 5's operations
// manual (metrics reference: global `<prefix>.dbms.page_cache.hit_ratio`, per database
// `<prefix>.database.<db>.store.size.total`, gauges with a `Value` attribute).
const bean = (value: unknown) => ({ Value: { description: 'Attribute exposed for management', value } });
const enterprise: RecordedServer = {
  description: 'Neo4j 5.26 Enterprise, 31 GiB host, page cache hit ratio 82 %',
  responses: [
    { match: 'dbms.components()', rows: [{ name: 'Neo4j Kernel', versions: ['5.26.0'], edition: 'enterprise' }] },
    {
      match: "queryJmx('java.lang:type=Memory')",
      rows: [
        {
          name: 'java.lang:type=Memory',
          attributes: {
            HeapMemoryUsage: {
              description: 'HeapMemoryUsage',
              value: {
                description: 'java.lang.management.MemoryUsage',
                properties: { used: 6 * 2 ** 30, max: 8 * 2 ** 30 },
              },
            },
          },
        },
      ],
    },
    {
      match: "queryJmx('java.lang:type=OperatingSystem')",
      rows: [
        {
          name: 'java.lang:type=OperatingSystem',
          attributes: {
            TotalMemorySize: { value: 32 * 2 ** 30 },
            FreeMemorySize: { value: 2 * 2 ** 30 },
            CpuLoad: { value: 0.42 },
          },
        },
      ],
    },
    {
      match: "queryJmx('neo4j.metrics:*')",
      rows: [
        { name: 'neo4j.metrics:name=neo4j.dbms.page_cache.hit_ratio', attributes: bean(0.82) },
        { name: 'neo4j.metrics:name=neo4j.dbms.page_cache.usage_ratio', attributes: bean(0.97) },
        { name: 'neo4j.metrics:name=neo4j.database.neo4j.store.size.total', attributes: bean(5 * 2 ** 30) },
        { name: 'neo4j.metrics:name=neo4j.database.system.store.size.total', attributes: bean(2 ** 20) },
      ],
    },
    {
      match: 'SHOW TRANSACTIONS',
      rows: [
        {
          transactionId: 'neo4j-transaction-7',
          database: 'neo4j',
          elapsedTime: 'PT12.5S',
          status: 'Running',
          currentQuery: 'MATCH (n) RETURN n',
          username: 'app',
          clientAddress: '10.0.1.5:40000',
        },
        {
          transactionId: 'neo4j-transaction-9',
          database: 'neo4j',
          elapsedTime: 'PT0.01S',
          status: 'Running',
          currentQuery: 'SHOW TRANSACTIONS YIELD transactionId',
        },
      ],
    },
    { match: "name = 'server.directories.data'", rows: [{ value: '/var/lib/neo4j/data-not-on-this-runner' }] },
  ],
};

const inventory = parseInventory(
  'environments:\n  production:\n    instances:\n      - { name: ledger, uri: "bolt://10.0.0.1:7687", user-env: U, password-env: P }\n',
  'inventory.yml',
);
const limits: Limits = { ...DEFAULT_HEALTH_THRESHOLDS, storeGrowthBytes: 2 ** 30 };

function plan(previous: Record<string, number> = {}): HealthPlan {
  const instances = inventory.environments;
  return {
    environments: ['production'],
    instances,
    credentials: readCredentials(instances.production!, { U: 'neo4j', P: 'secret-password' }),
    limits,
    concurrency: 2,
    connectionTimeoutMs: 5000,
    previousStoreSizes: previous,
  };
}

describe('runHealthCheck on a recorded Enterprise server', () => {
  it('reads every figure, fails the page cache and store growth, and skips free disk with the reason', async () => {
    const report = await runHealthCheck(plan({ 'production/ledger': 3 * 2 ** 30 }), {
      runnerFor: () => new FixtureQueryRunner(enterprise),
    });
    const checks = Object.fromEntries(report.instances[0]!.checks.map((c) => [c.check, c]));
    expect(checks.connection).toEqual({ check: 'connection', status: 'pass', reason: 'enterprise 5.26.0' });
    expect(checks.heap).toMatchObject({ status: 'pass', reason: 'heap used 75 %' });
    expect(checks['host-memory']).toMatchObject({
      status: 'fail',
      reason: 'host memory used 93.8 %, above the limit of 85 %',
    });
    expect(checks['host-cpu']).toMatchObject({ status: 'pass', reason: 'host CPU 42 %' });
    expect(checks['page-cache']).toMatchObject({
      status: 'fail',
      reason: 'page cache hit ratio 82 %, below the limit of 90 %',
    });
    expect(checks['store-growth']).toMatchObject({ status: 'fail' });
    expect(checks['store-growth']!.reason).toContain(`grew ${2 * 2 ** 30} bytes since the previous run`);
    expect(checks['disk-free']).toMatchObject({ status: 'skipped' });
    // The check's own SHOW TRANSACTIONS is not counted.
    expect(checks['open-transactions']).toMatchObject({ status: 'pass', reason: 'open transactions 1' });
    expect(checks['longest-transaction']).toMatchObject({ status: 'pass', reason: 'longest transaction 12.5 s' });
    expect(report.counts).toEqual({ pass: 5, fail: 3, skipped: 1 });

    const data = metricData(report);
    const value = (name: string) => data.find((d) => d.MetricName === name)?.Value;
    expect(value('PageCacheHitPercent')).toBe(82);
    expect(value('StoreSizeBytes')).toBe(5 * 2 ** 30);
    expect(value('StoreGrowthBytes')).toBe(2 * 2 ** 30);
    expect(value('FailedChecks')).toBe(3);
    expect(value('DiskFreePercent')).toBeUndefined();
    expect(data[0]!.Dimensions).toEqual([
      { Name: 'Environment', Value: 'production' },
      { Name: 'Instance', Value: 'ledger' },
    ]);
  });

  it('a server that cannot be reached fails its connection check and skips the rest', async () => {
    const refused: RecordedServer = {
      responses: [
        {
          match: 'dbms.components()',
          error: { code: 'ServiceUnavailable', message: 'connect ECONNREFUSED 10.0.0.1:7687' },
        },
      ],
    };
    const report = await runHealthCheck(plan(), { runnerFor: () => new FixtureQueryRunner(refused) });
    const [connection, ...rest] = report.instances[0]!.checks;
    expect(connection).toMatchObject({ status: 'fail', reason: expect.stringContaining('server unreachable') });
    expect(rest.every((c) => c.status === 'skipped' && c.reason === 'no connection')).toBe(true);
    expect(metricData(report).map((d) => [d.MetricName, d.Value])).toEqual([['FailedChecks', 1]]);
  });

  it('compares against the given limits, not fixed ones', () => {
    const observation = {
      environment: 'staging',
      instance: 'search',
      readings: { heapUsedBytes: 50, heapMaxBytes: 100, transactions: [] },
      durationMs: 1,
    };
    const heap = (heapPercent: number) =>
      evaluate(observation, { ...limits, heapPercent }).find((c) => c.check === 'heap');
    expect(heap(49)?.status).toBe('fail');
    expect(heap(50)?.status).toBe('pass');
  });
});
