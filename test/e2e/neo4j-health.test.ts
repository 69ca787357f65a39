import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient, GetMetricStatisticsCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import neo4j from 'neo4j-driver';
import { everythingVisible, runAction } from '../harness/run-bundle';
import { motoEnv } from '../integration/ecs/moto';
import { servicesEnv } from '../services/env';

// Runs dist/neo4j-health exactly as the runner does against the live Neo4j Community servers of the test services
// (LedgerSpace and SearchSpace stand-ins) and moto's CloudWatch, which stores what PutMetricData sends. The test
// crosses thresholds for real: it loads data (store growth) and holds a transaction open (longest transaction).

const ACTION = 'neo4j-health';
const services = servicesEnv();
const awsEnv = motoEnv();
const cloudwatch = new CloudWatchClient({
  region: services.AWS_REGION,
  endpoint: services.AWS_ENDPOINT_URL,
  credentials: { accessKeyId: services.AWS_ACCESS_KEY_ID!, secretAccessKey: services.AWS_SECRET_ACCESS_KEY! },
});
const env = {
  ...awsEnv,
  NEO_4J_LEDGER_SPACE_USER: services.NEO4J_USER,
  NEO_4J_LEDGER_SPACE_PASS: services.NEO4J_PASSWORD,
  NEO_4J_SEARCH_SPACE_USER: services.NEO4J2_USER,
  NEO_4J_SEARCH_SPACE_PASS: services.NEO4J2_PASSWORD,
};
// The machine's own load and memory are not under test: those limits are opened up here.
const loose = { 'cpu-percent': '100', 'memory-percent': '100', 'heap-percent': '100', 'disk-free-percent': '0' };

function workspace(environment: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'health-e2e-'));
  writeFileSync(
    join(dir, 'inventory.yml'),
    `environments:\n  ${environment}:\n    instances:\n` +
      `      - { name: ledger, role: ledger, uri: "${services.NEO4J_URI}", user-env: NEO_4J_LEDGER_SPACE_USER, password-env: NEO_4J_LEDGER_SPACE_PASS }\n` +
      `      - { name: search, role: search, uri: "${services.NEO4J2_URI}", user-env: NEO_4J_SEARCH_SPACE_USER, password-env: NEO_4J_SEARCH_SPACE_PASS }\n`,
  );
  return dir;
}

interface Report {
  instances: {
    instance: string;
    checks: { check: string; status: string; reason: string }[];
    observation: { readings: { storeSizeBytes?: number; heapUsedBytes?: number; transactions?: unknown[] } };
  }[];
}

const readReport = (path: string): Report => JSON.parse(readFileSync(path, 'utf8')) as Report;
const check = (report: Report, instance: string, id: string) =>
  report.instances.find((i) => i.instance === instance)?.checks.find((c) => c.check === id);

async function maximum(environment: string, instance: string, metric: string): Promise<number | undefined> {
  const answer = await cloudwatch.send(
    new GetMetricStatisticsCommand({
      Namespace: 'Credex/Neo4j',
      MetricName: metric,
      Dimensions: [
        { Name: 'Environment', Value: environment },
        { Name: 'Instance', Value: instance },
      ],
      StartTime: new Date(Date.now() - 3600_000),
      EndTime: new Date(Date.now() + 60_000),
      Period: 60,
      Statistics: ['Maximum'],
    }),
  );
  const points = answer.Datapoints ?? [];
  return points.length ? Math.max(...points.map((p) => p.Maximum ?? 0)) : undefined;
}

describe('neo4j-health bundle against live Neo4j and moto', () => {
  const environment = `e2e${randomBytes(4).toString('hex')}`;
  const label = `HealthE2E_${randomBytes(4).toString('hex')}`;
  const driver = neo4j.driver(services.NEO4J_URI!, neo4j.auth.basic(services.NEO4J_USER!, services.NEO4J_PASSWORD!));

  afterAll(async () => {
    const session = driver.session();
    await session
      .run(`MATCH (n:${label}) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS`)
      .catch(() => undefined);
    await session.close();
    await driver.close();
  });

  it('passes both databases within the limits and publishes their figures', async () => {
    const dir = workspace(environment);
    const result = await runAction(ACTION, {
      workspace: dir,
      env,
      inputs: { inventory: 'inventory.yml', 'report-file': 'report.json', ...loose },
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.passed).toBe('true');
    const report = readReport(join(dir, 'report.json'));
    expect(report.instances.map((i) => i.instance)).toEqual(['ledger', 'search']);
    for (const instance of ['ledger', 'search']) {
      expect(check(report, instance, 'connection')?.reason).toMatch(/^community 5\.26/);
      expect(check(report, instance, 'heap')?.status).toBe('pass');
      expect(check(report, instance, 'store-growth')?.reason).toMatch(/no previous run$/);
      expect(check(report, instance, 'page-cache')).toMatchObject({ status: 'skipped' });
    }
    expect(Number(result.outputs['metrics-published'])).toBeGreaterThanOrEqual(2 * 6);
    expect(await maximum(environment, 'ledger', 'FailedChecks')).toBe(0);
    expect(await maximum(environment, 'search', 'HeapUsedPercent')).toBeGreaterThan(0);
    expect(result.summary).toContain('| Check | ledger | search |');
    const junit = readFileSync(result.outputs['junit-file']!, 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(2 * 9);
    const visible = [everythingVisible(result), readFileSync(join(dir, 'report.json'), 'utf8'), junit].join('\n');
    expect(visible).not.toContain(services.NEO4J_PASSWORD);
    expect(visible).not.toContain(services.NEO4J2_PASSWORD);
    expect(result.masks).toEqual(expect.arrayContaining([services.NEO4J_PASSWORD, services.NEO4J2_PASSWORD]));
  }, 120_000);

  it('fails the step when loaded data and a long transaction cross the limits, and publishes the breach', async () => {
    const dir = workspace(environment);
    const first = await runAction(ACTION, {
      workspace: dir,
      env,
      inputs: { inventory: 'inventory.yml', 'report-file': 'previous.json', 'publish-metrics': 'false', ...loose },
    });
    expect(first.exitCode).toBe(0);
    const before = readReport(join(dir, 'previous.json')).instances[0]!.observation.readings.storeSizeBytes!;

    // About 8 MB of node properties: the transaction log grows at once (Community cannot force a checkpoint, which
    // is when the store files would grow).
    const loader = driver.session();
    await loader.run(
      `UNWIND range(1, 4000) AS i CREATE (:${label} {i: i, payload: reduce(s = '', x IN range(1, 64) | s + $chunk)})`,
      {
        chunk: 'x'.repeat(32),
      },
    );
    await loader.close();

    // A transaction left open, as a stuck client would.
    const holder = driver.session();
    const open = holder.beginTransaction();
    await open.run(`MATCH (n:${label}) WITH count(n) AS c RETURN c`);
    await new Promise((r) => setTimeout(r, 3000));
    try {
      const result = await runAction(ACTION, {
        workspace: dir,
        env,
        inputs: {
          inventory: 'inventory.yml',
          'previous-report': 'previous.json',
          'report-file': 'report.json',
          'store-growth': '1MB',
          'longest-transaction': '2s',
          ...loose,
        },
      });
      expect(result.exitCode).toBe(1);
      expect(result.outputs.passed).toBe('false');
      const report = readReport(join(dir, 'report.json'));
      const growth = check(report, 'ledger', 'store-growth')!;
      expect(growth.status).toBe('fail');
      expect(report.instances[0]!.observation.readings.storeSizeBytes! - before).toBeGreaterThan(1024 ** 2);
      const longest = check(report, 'ledger', 'longest-transaction')!;
      expect(longest.status).toBe('fail');
      // The held transaction is idle between queries, as a stuck client's is: it is named by id, user and address.
      expect(longest.reason).toMatch(
        new RegExp(
          `^longest transaction \\d+\\.\\d s, above the limit of 2\\.0 s \\(neo4j-transaction-\\d+ on neo4j by ${services.NEO4J_USER} from 127\\.0\\.0\\.1:\\d+, Running, idle between queries\\)$`,
        ),
      );
      expect(check(report, 'search', 'longest-transaction')?.status).toBe('pass');
      const errors = result.annotations.filter((a) => a.level === 'error').map((a) => a.message);
      expect(errors).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            new RegExp(
              `^${environment}/ledger longest-transaction: longest transaction \\d+\\.\\d s, above the limit of 2\\.0 s`,
            ),
          ),
          expect.stringMatching(new RegExp(`^${environment}/ledger store-growth: `)),
          `neo4j-health: ${result.outputs['failed-count']} health check(s) failed`,
        ]),
      );
      expect(await maximum(environment, 'ledger', 'LongestTransactionSeconds')).toBeGreaterThanOrEqual(2);
      expect(await maximum(environment, 'ledger', 'FailedChecks')).toBe(2);
      expect(await maximum(environment, 'ledger', 'StoreGrowthBytes')).toBeGreaterThan(1024 ** 2);
    } finally {
      await open.rollback();
      await holder.close();
    }
  }, 180_000);
});

describe('neo4j-health bad input', () => {
  it.each([
    [{ 'heap-percent': '85%' }, `input 'heap-percent' must be a number, got "85%"`],
    [{ 'store-growth': 'lots' }, `input 'store-growth' must be a size like 512MB or 2GB, got "lots"`],
    [{ inventory: 'missing.yml' }, `input 'inventory': cannot read missing.yml (ENOENT)`],
    [{ 'fail-on': 'warn' }, `input 'fail-on' must be one of fail, never, got "warn"`],
  ])(
    '%j fails in one line, contacts nothing and publishes nothing',
    async (given, message) => {
      const environment = `e2e${randomBytes(4).toString('hex')}`;
      const dir = workspace(environment);
      const result = await runAction(ACTION, { workspace: dir, env, inputs: { inventory: 'inventory.yml', ...given } });
      expect(result.exitCode).toBe(1);
      const errors = result.annotations.filter((a) => a.level === 'error');
      expect(errors.map((e) => e.message)).toEqual([`neo4j-health: ${message}`]);
      expect(result.log).not.toMatch(/\n\s+at /);
      const metrics = await cloudwatch.send(
        new ListMetricsCommand({
          Namespace: 'Credex/Neo4j',
          Dimensions: [{ Name: 'Environment', Value: environment }],
        }),
      );
      expect(metrics.Metrics ?? []).toEqual([]);
    },
    60_000,
  );

  it('a missing credential variable names the variable, not its value', async () => {
    const dir = workspace(`e2e${randomBytes(4).toString('hex')}`);
    const result = await runAction(ACTION, {
      workspace: dir,
      env: { ...env, NEO_4J_SEARCH_SPACE_PASS: undefined },
      inputs: { inventory: 'inventory.yml' },
    });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.filter((a) => a.level === 'error').map((a) => a.message)[0]).toMatch(
      /^neo4j-health: instance e2e[0-9a-f]+\/search: environment variable NEO_4J_SEARCH_SPACE_PASS is not set$/,
    );
  }, 60_000);
});
