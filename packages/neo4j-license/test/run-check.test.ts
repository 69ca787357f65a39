import { DescribeInstanceTypesCommand, DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetCommandInvocationCommand, SSMClient, SendCommandCommand } from '@aws-sdk/client-ssm';
import { clearSecretsForTest } from '@credex/action-kit';
import { mockClient } from 'aws-sdk-client-mock';
import { FixtureQueryRunner, parseInventory, readCredentials } from '@credex/neo4j-fleet';
import { DEFAULT_LIMITS } from '../src/limits';
import { runLicenseCheck, type CheckPlan } from '../src/run-check';
import { loadFixture } from './load-fixture';

// EC2 and SSM failure and output paths moto cannot produce (moto's SSM returns empty command output), mocked with
// aws-sdk-client-mock; the happy EC2 path runs against moto in test/integration/neo4j-license.

const inventory = parseInventory(
  `environments:
  staging:
    instances:
      - { name: ledger, role: ledger, uri: "neo4j://10.0.1.10:7687", user-env: U, password-env: P, license-file: /etc/neo4j/license/neo4j.license }
`,
  'inv.yml',
);
const instances = inventory.environments.staging!;
const plan: CheckPlan = {
  environments: ['staging'],
  instances: inventory.environments,
  credentials: readCredentials(instances, { U: 'neo4j', P: 'fixture-password' }),
  limits: DEFAULT_LIMITS,
  mode: 'read-only',
  discoveryFilters: { Project: 'credex-core' },
  expiryWarningDays: 14,
  expectedFingerprint: 'e'.repeat(64),
  logLookbackMs: 0,
  concurrency: 2,
  connectionTimeoutMs: 1000,
};
const runnerFor = () => new FixtureQueryRunner(loadFixture('enterprise-licensed.json'));

beforeEach(() => clearSecretsForTest());

it('a failed discovery fails the instance count and still checks the instances', async () => {
  const ec2 = mockClient(EC2Client);
  ec2
    .on(DescribeInstancesCommand)
    .rejects(Object.assign(new Error('not authorized'), { name: 'UnauthorizedOperation' }));
  const report = await runLicenseCheck(plan, { ec2: new EC2Client({ region: 'af-south-1' }), runnerFor });
  const count = report.results.find((r) => r.case === 'instance-count')!;
  expect(count.status).toBe('fail');
  expect(count.reason).toBe('EC2 discovery failed: UnauthorizedOperation: not authorized (1 known from the inventory)');
  expect(report.results.find((r) => r.case === 'license')!.status).toBe('pass');
  ec2.restore();
});

it('hashes the license file through SSM on the matched instance', async () => {
  const ec2 = mockClient(EC2Client);
  ec2.on(DescribeInstancesCommand).resolves({
    Reservations: [
      {
        Instances: [
          {
            InstanceId: 'i-0aaaaaaaaaaaaaaaa',
            InstanceType: 'r5.2xlarge',
            PrivateIpAddress: '10.0.1.10',
            Tags: [{ Key: 'Name', Value: 'Neo4j-LedgerSpace-staging' }],
          },
        ],
      },
    ],
  });
  ec2.on(DescribeInstanceTypesCommand).resolves({
    InstanceTypes: [
      { InstanceType: 'r5.2xlarge', VCpuInfo: { DefaultVCpus: 8, DefaultCores: 4 }, MemoryInfo: { SizeInMiB: 65536 } },
    ],
  });
  const ssm = mockClient(SSMClient);
  ssm.on(SendCommandCommand).resolves({ Command: { CommandId: 'c-9' } });
  ssm
    .on(GetCommandInvocationCommand)
    .resolves({ Status: 'Success', ResponseCode: 0, StandardOutputContent: `${'f'.repeat(64)}\n` });
  const report = await runLicenseCheck(plan, {
    ec2: new EC2Client({ region: 'af-south-1' }),
    ssm: new SSMClient({ region: 'af-south-1' }),
    runnerFor,
    ssmPollDelayMs: 1,
  });
  const renewal = report.results.find((r) => r.case === 'renewal')!;
  expect(renewal).toMatchObject({ status: 'fail', reason: 'the license file on the host has a different fingerprint' });
  expect(ssm.commandCalls(SendCommandCommand)[0]!.args[0].input.InstanceIds).toEqual(['i-0aaaaaaaaaaaaaaaa']);
  expect(report.results.find((r) => r.case === 'instance-count')!.reason).toBe('1 of 3 allowed');
  ec2.restore();
  ssm.restore();
});

describe('cancellation', () => {
  const hanging = {
    run: () => new Promise<never>(() => undefined),
    asUser() {
      return this;
    },
    close: () => Promise.resolve(),
  };
  const noDiscovery = { ...plan, discoveryFilters: undefined, expectedFingerprint: undefined };

  it('a cancelled read-only run stops at once although a connection hangs', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const run = runLicenseCheck(noDiscovery, { runnerFor: () => hanging, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('cancelled by SIGINT')), 50);
    await expect(run).rejects.toThrow('cancelled by SIGINT');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('mode full starts no step after the cancel and drops what it created', async () => {
    const controller = new AbortController();
    const fixture = loadFixture('enterprise-full.json');
    const runner = new FixtureQueryRunner(fixture);
    const original = runner.run.bind(runner);
    // Cancel right after the database is created.
    runner.run = async (query, options) => {
      const rows = await original(query, options);
      if (query.startsWith('CREATE DATABASE')) controller.abort(new Error('cancelled by SIGINT'));
      return rows;
    };
    const { runFullCheck } = await import('../src/full-check');
    const result = await runFullCheck(runner, {
      suffix: 'cx',
      password: 'generated-password-5',
      signal: controller.signal,
    });
    expect(result.steps.map((s) => [s.step, s.ok, s.detail])).toEqual([
      ['create database', true, 'credexliccx'],
      ['write and read a node', false, 'cancelled before this step'],
    ]);
    expect(result.cleanup).toEqual([{ step: 'drop database credexliccx', ok: true, detail: 'dropped' }]);
  });
});
