import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { everythingVisible, runAction } from '../harness/run-bundle';
import { servicesEnv } from '../services/env';

// Runs dist/neo4j-license-check exactly as the runner does, against the live Neo4j Community servers and moto.

const ACTION = 'neo4j-license-check';
const WRONG_PASSWORD = 'e2e-Wrong-Password-77';
const services = servicesEnv();

function workspace(inventory: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'license-e2e-'));
  writeFileSync(join(dir, 'inventory.yml'), inventory);
  return dir;
}

const liveInventory = `
environments:
  development:
    instances:
      - { name: ledger, role: ledger, uri: "${services.NEO4J_URI}", user-env: NEO_4J_LEDGER_SPACE_USER, password-env: NEO_4J_LEDGER_SPACE_PASS }
      - { name: search, role: search, uri: "${services.NEO4J2_URI}", user-env: NEO_4J_SEARCH_SPACE_USER, password-env: NEO_4J_SEARCH_SPACE_PASS }
      - { name: stale-secret, uri: "${services.NEO4J_URI}", user-env: NEO_4J_LEDGER_SPACE_USER, password-env: STALE_PASS }
`;
const liveEnv = {
  NEO_4J_LEDGER_SPACE_USER: services.NEO4J_USER,
  NEO_4J_LEDGER_SPACE_PASS: services.NEO4J_PASSWORD,
  NEO_4J_SEARCH_SPACE_USER: services.NEO4J2_USER,
  NEO_4J_SEARCH_SPACE_PASS: services.NEO4J2_PASSWORD,
  STALE_PASS: WRONG_PASSWORD,
};

describe('neo4j-license-check bundle against live Neo4j Community', () => {
  it('writes the JSON report, JUnit and summary and fails the step (fail-on fail)', async () => {
    const dir = workspace(liveInventory);
    const result = await runAction(ACTION, {
      workspace: dir,
      env: liveEnv,
      inputs: { inventory: 'inventory.yml', 'report-file': 'out/report.json', 'junit-file': 'out/junit.xml' },
    });
    expect(result.exitCode).toBe(1);
    expect(result.outputs['report-file']).toBe(join(dir, 'out/report.json'));
    expect(result.outputs['junit-file']).toBe(join(dir, 'out/junit.xml'));
    expect(result.outputs.passed).toBe('false');

    const report = JSON.parse(readFileSync(join(dir, 'out/report.json'), 'utf8')) as {
      results: { case: string; instance: string; status: string; reason: string }[];
      counts: Record<string, number>;
    };
    // Five per-instance cases for three instances, plus the environment's instance count.
    expect(report.results).toHaveLength(16);
    expect(String(report.counts.fail)).toBe(result.outputs['failed-count']);
    expect(String(report.counts.warn)).toBe(result.outputs['warn-count']);
    const license = report.results
      .filter((r) => r.case === 'license')
      .map((r) => [r.instance, r.reason.split(' (')[0]]);
    expect(license).toEqual([
      ['ledger', 'edition community'],
      ['search', 'edition community'],
      ['stale-secret', 'bad credentials'],
    ]);

    const junit = readFileSync(join(dir, 'out/junit.xml'), 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(16);
    expect(junit).toContain('name="1 License application [ledger]"');

    expect(result.summary).toContain('| Case | ledger | search | stale-secret |');
    expect(result.summary).toContain('| 1 License application | ❌ fail | ❌ fail | ❌ fail |');
    expect(result.summary).not.toContain('**Runbook:**'); // no expiry warning here: no runbook
    expect(result.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toContain(
      `neo4j-license-check: ${report.counts.fail} failed and ${report.counts.warn} warning case result(s) with fail-on fail`,
    );

    // Secrets: masked at once, and nowhere in what a person or a later step can read.
    expect(result.masks).toEqual(expect.arrayContaining([WRONG_PASSWORD, services.NEO4J_PASSWORD]));
    const visible = [everythingVisible(result), readFileSync(join(dir, 'out/report.json'), 'utf8'), junit].join('\n');
    for (const secret of [WRONG_PASSWORD, services.NEO4J_PASSWORD!, services.NEO4J2_PASSWORD!]) {
      expect(visible).not.toContain(secret);
    }
  }, 90_000);

  it('exits 0 with fail-on never but still reports the failures; reads license warnings from log files', async () => {
    const dir = workspace(liveInventory);
    writeFileSync(
      join(dir, 'neo4j-ledger.log'),
      [
        '2026-11-27 09:00:00.000+0000 INFO  Starting...',
        '2026-11-27 09:00:01.000+0000 WARN  License expires in 2 days',
        '2026-11-28 09:00:00.000+0000 INFO  Starting...',
        '2026-11-28 09:00:01.000+0000 WARN  Evaluation license: 9 days remaining',
        '2026-11-28 09:00:02.000+0000 INFO  Started.',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'neo4j-search.log'), '2026-11-28 09:00:00.000+0000 INFO  Starting...\n');
    const result = await runAction(ACTION, {
      workspace: dir,
      env: liveEnv,
      inputs: {
        inventory: 'inventory.yml',
        'fail-on': 'never',
        environment: 'development',
        'log-file': join(dir, 'neo4j-{name}.log'),
      },
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.passed).toBe('false');
    expect(Number(result.outputs['failed-count'])).toBeGreaterThan(0);
    expect(result.outputs['report-file']).toBe(join(result.files.temp, 'neo4j-license-report.json'));
    const report = JSON.parse(readFileSync(result.outputs['report-file']!, 'utf8')) as {
      results: { case: string; instance: string; status: string; reason: string }[];
    };
    const expiry = (name: string) => report.results.find((r) => r.case === 'expiry' && r.instance === name);
    expect(expiry('ledger')).toMatchObject({
      status: 'warn',
      reason: '1 license warning(s) in the logs since the last start',
    });
    expect(expiry('search')).toMatchObject({
      status: 'pass',
      reason: 'no license warnings in the logs since the last start',
    });
    expect(expiry('stale-secret')?.status).toBe('skipped');
    // An expiry warning links its runbook in the summary even when the step passes (fail-on: never).
    expect(result.summary).toContain(
      '**Runbook:** [Neo4j license near expiry](https://github.com/Great-Sun-Group/credex-actions/blob/v1/docs/runbooks/neo4j-license-near-expiry.md)',
    );
  }, 90_000);
});

describe('neo4j-license-check bundle with EC2 discovery (moto)', () => {
  const run = randomUUID();
  const awsEnv = {
    AWS_ENDPOINT_URL: services.AWS_ENDPOINT_URL,
    AWS_REGION: services.AWS_REGION,
    AWS_ACCESS_KEY_ID: services.AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: services.AWS_SECRET_ACCESS_KEY,
  };

  beforeAll(async () => {
    const ec2 = new EC2Client({
      region: services.AWS_REGION,
      endpoint: services.AWS_ENDPOINT_URL,
      credentials: { accessKeyId: services.AWS_ACCESS_KEY_ID!, secretAccessKey: services.AWS_SECRET_ACCESS_KEY! },
    });
    await ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-12c6146b',
        MinCount: 1,
        MaxCount: 1,
        InstanceType: 't3.medium',
        TagSpecifications: [
          {
            ResourceType: 'instance',
            Tags: [
              { Key: 'Name', Value: 'Neo4j-LedgerSpace-development' },
              { Key: 'Environment', Value: 'development' },
              { Key: 'Project', Value: 'credex-core' },
              { Key: 'TestRun', Value: run },
            ],
          },
        ],
      }),
    );
  });

  // An instance only EC2 knows: case 2 warns (mismatch), case 3 passes on t3.medium, the Neo4j cases are skipped.
  const inputs = (failOn: string) => ({
    inventory: 'inventory.yml',
    discover: 'ec2',
    'discover-filters': `Project=credex-core\nName=Neo4j-*\nEnvironment={environment}\nTestRun=${run}`,
    'aws-region': services.AWS_REGION,
    'fail-on': failOn,
  });

  it.each([
    ['warn', 1, 'false'],
    ['fail', 0, 'true'],
  ])(
    'fail-on %s on a warning-only result exits %d',
    async (failOn, code, passed) => {
      const dir = workspace('environments:\n  development:\n    instances: []\n');
      const result = await runAction(ACTION, { workspace: dir, env: awsEnv, inputs: inputs(failOn) });
      expect(result.exitCode).toBe(code);
      expect(result.outputs).toMatchObject({ 'failed-count': '0', 'warn-count': '1', passed });
      expect(result.summary).toContain('1 of 6 allowed, but inventory and EC2 disagree (1 mismatch)');
      expect(result.summary).toContain('| Case | Neo4j-LedgerSpace-development |');
    },
    90_000,
  );
});

describe('neo4j-license-check bad input', () => {
  let listener: Server;
  let connections = 0;
  let port = 0;
  beforeAll(async () => {
    listener = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
    port = (listener.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise<void>((r) => listener.close(() => r()));
  });

  const good = (extra = '', instanceExtra = '', env = 'development'): string => `
${extra}
environments:
  ${env}:
    instances:
      - name: ledger
        uri: bolt://127.0.0.1:PORT
        user-env: U
        password-env: P${instanceExtra}
`;

  it('control: the same inventory without the mistake does connect', async () => {
    const dir = workspace(good().replace('PORT', String(port)));
    const before = connections;
    const result = await runAction(ACTION, {
      workspace: dir,
      env: { U: 'neo4j', P: 'irrelevant-password' },
      inputs: { inventory: 'inventory.yml', 'connection-timeout': '2s' },
    });
    expect(result.exitCode).toBe(1);
    expect(connections).toBeGreaterThan(before);
    expect(result.outputs['failed-count']).toBe('1');
  }, 60_000);

  it('cancel (SIGINT) while a connection hangs: ends at once with one line', async () => {
    const silent = createServer(() => undefined); // accepts and never answers the Bolt handshake
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const silentPort = (silent.address() as { port: number }).port;
    try {
      const dir = workspace(good().replace('PORT', String(silentPort)));
      const result = await runAction(ACTION, {
        workspace: dir,
        env: { U: 'neo4j', P: 'irrelevant-password' },
        inputs: { inventory: 'inventory.yml', 'connection-timeout': '60s' },
        cancelWhenStdout: 'read-only check of',
      });
      expect(result.cancelled).toBe(true);
      expect(result.exitCode).toBe(1);
      expect(result.durationMs).toBeLessThan(10_000);
      expect(result.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
        'neo4j-license-check: cancelled by SIGINT',
      ]);
    } finally {
      silent.close();
    }
  }, 60_000);

  it.each([
    [
      'an unknown key',
      good('', '\n        colour: red'),
      {},
      "environments.development.instances.0: unknown key 'colour'",
    ],
    [
      'an instance without a URI',
      good().replace('        uri: bolt://127.0.0.1:PORT\n', ''),
      {},
      "environments.development.instances.0: missing 'uri'",
    ],
    ['a limit that is not a number', good('limits: { development: six }'), {}, 'limits.development: must be integer'],
    ['an unknown environment name', good('', '', 'developmnt'), {}, "unknown environment 'developmnt'"],
    [
      'an environment input the inventory lacks',
      good(),
      { environment: 'staging' },
      "input 'environment' names 'staging'",
    ],
    [
      'a limits input that is not a number',
      good(),
      { limits: '{ max-cores: lots }' },
      "input 'limits' max-cores: must be integer",
    ],
    ['a bad fail-on', good(), { 'fail-on': 'sometimes' }, "input 'fail-on' must be one of fail, warn, never"],
  ])(
    '%s: one line, exit 1, no connection attempted',
    async (_what, inventory, extraInputs, expected) => {
      const dir = workspace(inventory.replace('PORT', String(port)));
      const before = connections;
      const result = await runAction(ACTION, {
        workspace: dir,
        env: { U: 'neo4j', P: 'irrelevant-password' },
        inputs: { inventory: 'inventory.yml', ...extraInputs },
      });
      expect(result.exitCode).toBe(1);
      const errors = result.annotations.filter((a) => a.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toContain(expected);
      expect(errors[0]!.message).toMatch(/^neo4j-license-check: /);
      expect(errors[0]!.message).not.toContain('\n');
      expect(result.log).not.toMatch(/\bat .+\.js:\d+/);
      expect(result.outputs).toEqual({});
      expect(existsSync(join(result.files.temp, 'neo4j-license-report.json'))).toBe(false);
      expect(connections).toBe(before);
    },
    60_000,
  );
});
