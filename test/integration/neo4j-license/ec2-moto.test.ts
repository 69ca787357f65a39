import { randomUUID } from 'node:crypto';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client, RunInstancesCommand, type _InstanceType } from '@aws-sdk/client-ec2';
import { clearSecretsForTest } from '@credex/action-kit';
import { createClient } from '@credex/aws';
import { FixtureQueryRunner } from '../../../packages/neo4j-fleet/src/fixture-runner';
import { parseInventory, readCredentials } from '../../../packages/neo4j-fleet/src/inventory';
import { DEFAULT_LIMITS } from '../../../packages/neo4j-license/src/limits';
import { scanCloudWatch } from '../../../packages/neo4j-license/src/logs';
import type { LicenseReport } from '../../../packages/neo4j-license/src/report';
import { runLicenseCheck, type CheckPlan } from '../../../packages/neo4j-license/src/run-check';
import type { CaseId } from '../../../packages/neo4j-license/src/types';
import { loadFixture } from '../../../packages/neo4j-license/test/load-fixture';
import { servicesEnv } from '../../services/env';

// EC2 from moto (RunInstances, DescribeInstances, DescribeInstanceTypes with AWS's real sizes) and CloudWatch Logs
// from moto. No Neo4j runs on moto's instances, so their servers answer with the recorded Enterprise responses.

const RUN = randomUUID();
const GOOD = 'c'.repeat(64);
const env = servicesEnv();
// The SDK's default credential chain reads the process environment.
for (const key of ['AWS_ENDPOINT_URL', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
  process.env[key] = env[key];
}
const awsEnv = process.env;
let ec2: EC2Client;
const launched = new Map<string, { id: string; ip: string }>();

async function launch(name: string, environment: string, type: string, fingerprint = GOOD): Promise<void> {
  const answer = await ec2.send(
    new RunInstancesCommand({
      ImageId: 'ami-12c6146b',
      MinCount: 1,
      MaxCount: 1,
      InstanceType: type as _InstanceType,
      TagSpecifications: [
        {
          ResourceType: 'instance',
          Tags: [
            { Key: 'Name', Value: name },
            { Key: 'Environment', Value: environment },
            { Key: 'Project', Value: 'credex-core' },
            { Key: 'TestRun', Value: RUN },
            { Key: 'credex:license-sha256', Value: fingerprint },
          ],
        },
      ],
    }),
  );
  const instance = answer.Instances![0]!;
  launched.set(`${environment}/${name}`, { id: instance.InstanceId!, ip: instance.PrivateIpAddress! });
}

beforeAll(async () => {
  ec2 = createClient(EC2Client, { region: env.AWS_REGION, env: awsEnv });
  await launch('Neo4j-LedgerSpace-production', 'production', 'r5.2xlarge');
  await launch('Neo4j-SearchSpace-production', 'production', 'r5.2xlarge', 'd'.repeat(64));
  await launch('Neo4j-Analytics-production', 'production', 'r5.12xlarge');
  await launch('Neo4j-Spare-production', 'production', 'r5.2xlarge');
  await launch('Neo4j-LedgerSpace-development', 'development', 't3.medium');
  await launch('Neo4j-LedgerSpace-staging', 'staging', 'r5.2xlarge');
  await launch('Neo4j-SearchSpace-staging', 'staging', 'r5.2xlarge');
}, 60_000);

beforeEach(() => clearSecretsForTest());

function plan(): CheckPlan {
  const host = (key: string): string => launched.get(key)!.ip;
  const inventory = parseInventory(
    `
environments:
  production:
    instances:
      - { name: ledger, role: ledger, uri: "neo4j://${host('production/Neo4j-LedgerSpace-production')}:7687", user-env: U, password-env: P }
      - { name: search, role: search, uri: "neo4j://search.production.internal:7687", user-env: U, password-env: P }
  development:
    instances:
      - { name: ledger, role: ledger, uri: "neo4j://ledger.development.internal:7687", user-env: U, password-env: P }
      - { name: search, role: search, uri: "neo4j://search.development.internal:7687", user-env: U, password-env: P }
  staging:
    instances:
      - { name: ledger, role: ledger, uri: "neo4j://ledger.staging.internal:7687", user-env: U, password-env: P }
      - { name: search, role: search, uri: "neo4j+s://abcd1234.databases.neo4j.io", user-env: U, password-env: P }
`,
    'moto.yml',
  );
  const all = Object.values(inventory.environments).flat();
  return {
    environments: ['production', 'development', 'staging'],
    instances: inventory.environments,
    credentials: readCredentials(all, { U: 'neo4j', P: 'not-used-by-fixtures' }),
    limits: DEFAULT_LIMITS,
    mode: 'read-only',
    discoveryFilters: { Project: 'credex-core', Name: 'Neo4j-*', Environment: '{environment}', TestRun: RUN },
    expiryWarningDays: 14,
    expectedFingerprint: GOOD,
    fingerprintTag: 'credex:license-sha256',
    logLookbackMs: 0,
    concurrency: 3,
    connectionTimeoutMs: 5_000,
  };
}

function pick(report: LicenseReport, environment: string, id: CaseId, instance: string) {
  const found = report.results.find((r) => r.environment === environment && r.case === id && r.instance === instance);
  if (!found) throw new Error(`no ${id} for ${environment}/${instance}`);
  return found;
}

describe('neo4j-license with EC2 discovery on moto', () => {
  let report: LicenseReport;
  beforeAll(async () => {
    report = await runLicenseCheck(plan(), {
      ec2,
      // A standalone server lists itself in SHOW SERVERS: at the host the inventory names.
      runnerFor: (instance) => {
        const server = loadFixture('enterprise-licensed.json');
        for (const response of server.responses) {
          if (response.match === 'SHOW SERVERS')
            response.rows = [{ ...response.rows![0], address: `${instance.host}:7687` }];
        }
        return new FixtureQueryRunner(server);
      },
    });
  }, 60_000);

  it('case 2 fails production (four instances, limit 3) and passes or warns elsewhere', () => {
    const production = pick(report, 'production', 'instance-count', '*');
    expect(production.status).toBe('fail');
    expect(production.reason).toBe('4 instances in production, the license allows 3');
    const development = pick(report, 'development', 'instance-count', '*');
    expect(development).toMatchObject({
      status: 'warn',
      reason: '2 of 6 allowed, but inventory and EC2 disagree (1 mismatch)',
    });
    const staging = pick(report, 'staging', 'instance-count', '*');
    expect(staging.status).toBe('warn');
    expect(staging.details).toContain('not counted (Aura, managed by Neo4j): search');
  });

  it('reports inventory/discovery mismatches both ways', () => {
    expect(report.mismatches.map((m) => `${m.environment} ${m.kind} ${m.name}`).sort()).toEqual([
      'development inventory-only search',
      'production ec2-only Neo4j-Analytics-production',
      'production ec2-only Neo4j-Spare-production',
      'staging ec2-only Neo4j-SearchSpace-staging',
    ]);
    const ledger = report.instances.find((i) => i.environment === 'production' && i.name === 'ledger');
    expect(ledger?.ec2).toMatchObject({ instanceType: 'r5.2xlarge', matchedBy: 'host' });
    const search = report.instances.find((i) => i.environment === 'production' && i.name === 'search');
    expect(search?.ec2?.matchedBy).toBe('role in Name tag');
  });

  it('case 3 fails exactly on the r5.12xlarge, from DescribeInstanceTypes', () => {
    const failed = report.results.filter((r) => r.case === 'resources' && r.status === 'fail');
    expect(failed.map((r) => `${r.environment}/${r.instance}`)).toEqual(['production/Neo4j-Analytics-production']);
    expect(failed[0]!.reason).toBe('EC2 r5.12xlarge has 384 GiB > 256 GiB');
    expect(failed[0]!.details[0]).toBe('EC2 DescribeInstanceTypes r5.12xlarge: 48 vCPUs (24 physical cores), 384 GiB');
    expect(pick(report, 'development', 'resources', 'ledger').details[0]).toBe(
      'EC2 DescribeInstanceTypes t3.medium: 2 vCPUs (1 physical cores), 4 GiB',
    );
    expect(pick(report, 'staging', 'resources', 'search').details).toContain(
      'Aura instance: no EC2 facts (sized and managed by Neo4j)',
    );
  });

  it('case 6 compares the fingerprint tag with the expected one', () => {
    expect(pick(report, 'production', 'renewal', 'ledger').status).toBe('pass');
    expect(pick(report, 'production', 'renewal', 'search')).toMatchObject({
      status: 'fail',
      reason: 'EC2 tag credex:license-sha256 has a different fingerprint',
    });
    expect(pick(report, 'staging', 'renewal', 'search').reason).toBe('Aura instance: the license is managed by Neo4j');
    expect(pick(report, 'development', 'renewal', 'search').reason).toBe(
      'no EC2 instance for it (the tag and SSM need one)',
    );
  });

  it('EC2-only instances skip the Neo4j cases with the reason', () => {
    expect(pick(report, 'production', 'license', 'Neo4j-Spare-production')).toMatchObject({
      status: 'skipped',
      reason: 'in EC2 only: the inventory has no URI or credentials for it',
    });
  });
});

describe('license warnings from CloudWatch Logs on moto', () => {
  it('finds warnings after the last start in the instance stream', async () => {
    const logs = createClient(CloudWatchLogsClient, { region: env.AWS_REGION, env: awsEnv });
    const group = `/credex/neo4j-license-test/${RUN}`;
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'i-0abc/neo4j.log' }));
    const now = Date.now();
    const lines = [
      'INFO  Starting...',
      'WARN  The license will expire in 5 days',
      'INFO  Starting...',
      'WARN  Evaluation license: 9 days remaining',
      'INFO  Started.',
    ];
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 'i-0abc/neo4j.log',
        logEvents: lines.map((message, i) => ({ timestamp: now - 60_000 + i * 1000, message })),
      }),
    );
    const found = await scanCloudWatch(logs, { logGroup: group, streamPrefix: 'i-0abc', sinceMs: now - 3_600_000 });
    expect(found.linesRead).toBe(5);
    expect(found.warnings).toEqual(['WARN  Evaluation license: 9 days remaining']);
  });
});
