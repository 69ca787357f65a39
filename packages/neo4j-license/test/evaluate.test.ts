import { clearSecretsForTest } from '@credex/action-kit';
import { type Ec2Instance, FixtureQueryRunner, type InventoryInstance } from '@credex/neo4j-fleet';
import { evaluateAll, type EvaluationSettings, type Observation } from '../src/evaluate';
import { runFullCheck } from '../src/full-check';
import { DEFAULT_LIMITS } from '../src/limits';
import { probeServer } from '../src/probe';
import type { CaseId, CaseResult } from '../src/types';
import { loadFixture } from './load-fixture';

const GiB = 1024 ** 3;

function inventoryInstance(name: string, host: string, extra: Partial<InventoryInstance> = {}): InventoryInstance {
  return {
    environment: 'production',
    name,
    role: name,
    uri: `neo4j+s://${host}:7687`,
    host,
    port: 7687,
    userEnv: 'U',
    passwordEnv: 'P',
    aura: false,
    ...extra,
  };
}

function ec2(name: string, type: string, ip: string, vcpus: number, cores: number, memGiB: number): Ec2Instance {
  return {
    instanceId: `i-0${ip.replace(/\./g, '')}`.slice(0, 19).padEnd(10, '0'),
    name,
    environment: 'production',
    instanceType: type,
    privateIp: ip,
    tags: { Name: name, 'credex:license-sha256': 'a'.repeat(64) },
    vcpus,
    physicalCores: cores,
    memoryBytes: memGiB * GiB,
  };
}

const settings: EvaluationSettings = {
  limits: DEFAULT_LIMITS,
  mode: 'read-only',
  expiryWarningDays: 14,
  discovery: true,
};

async function observeFixture(fixture: string, name = 'ledger', withEc2?: Ec2Instance): Promise<Observation> {
  const facts = await probeServer(new FixtureQueryRunner(loadFixture(fixture)));
  return {
    target: { environment: 'production', name, inventory: inventoryInstance(name, '10.0.1.10'), ec2: withEc2 },
    facts,
    durationMs: 5,
  };
}

function pick(results: CaseResult[], id: CaseId, instance = 'ledger'): CaseResult {
  const found = results.find((r) => r.case === id && r.instance === instance);
  if (!found) throw new Error(`no result for ${id} ${instance}`);
  return found;
}

describe('the six cases against recorded Enterprise answers', () => {
  beforeEach(() => clearSecretsForTest());

  it('passes a licensed Enterprise instance on r5.2xlarge', async () => {
    const obs = await observeFixture(
      'enterprise-licensed.json',
      'ledger',
      ec2('Neo4j-LedgerSpace-production', 'r5.2xlarge', '10.0.1.10', 8, 4, 64),
    );
    const results = evaluateAll(['production'], [obs], [], settings);
    expect(pick(results, 'license')).toMatchObject({ status: 'pass', reason: 'edition enterprise, version 5.26.0' });
    expect(pick(results, 'instance-count', '*')).toMatchObject({ status: 'pass', reason: '1 of 3 allowed' });
    const resources = pick(results, 'resources');
    expect(resources.status).toBe('pass');
    expect(resources.details).toEqual([
      'EC2 DescribeInstanceTypes r5.2xlarge: 8 vCPUs (4 physical cores), 64 GiB',
      'JMX java.lang:type=OperatingSystem: AvailableProcessors 8, TotalMemorySize 64 GiB',
      'SHOW SETTINGS: server.memory.heap.max_size=24.00GiB, server.memory.pagecache.size=32.00GiB',
    ]);
    expect(pick(results, 'enterprise-features')).toMatchObject({ status: 'pass' });
    expect(pick(results, 'expiry')).toMatchObject({ status: 'pass', reason: 'license accepted (status yes)' });
    expect(pick(results, 'renewal')).toMatchObject({ status: 'skipped', reason: 'no expected-license-sha256 given' });
  });

  it('warns on an evaluation license below the warning days and passes above them', async () => {
    const obs = await observeFixture('enterprise-eval.json');
    const warned = pick(evaluateAll(['production'], [obs], [], settings), 'expiry');
    expect(warned).toMatchObject({ status: 'warn', reason: 'evaluation license: 9 days left (< 14)' });
    const relaxed = pick(evaluateAll(['production'], [obs], [], { ...settings, expiryWarningDays: 7 }), 'expiry');
    expect(relaxed).toMatchObject({ status: 'pass', reason: 'evaluation license, 9 days left' });
  });

  it('fails an expired license', async () => {
    const obs = await observeFixture('enterprise-expired.json');
    expect(pick(evaluateAll(['production'], [obs], [], settings), 'expiry')).toMatchObject({
      status: 'fail',
      reason: 'the license has expired',
    });
  });

  it('reads cluster members, unhealthy servers, over-sized JVMs and falls back to dbms.listConfig()', async () => {
    const obs = await observeFixture('enterprise-cluster.json');
    const results = evaluateAll(['production'], [obs], [], settings);
    const count = pick(results, 'instance-count', '*');
    // 10.0.1.10 is the inventory host itself; three more members come from SHOW SERVERS.
    expect(count).toMatchObject({ status: 'fail', reason: '4 instances in production, the license allows 3' });
    expect(count.details.filter((d) => d.includes('cluster member'))).toHaveLength(3);
    const features = pick(results, 'enterprise-features');
    expect(features.status).toBe('fail');
    expect(features.reason).toContain('server a3 is Cordoned/Available, expected Enabled/Available');
    expect(features.reason).toContain('server a4 is Enabled/Unavailable');
    const resources = pick(results, 'resources');
    expect(resources.status).toBe('fail');
    expect(resources.reason).toContain('the JVM sees 384 GiB of memory > 256 GiB');
    expect(resources.reason).toContain('heap + page cache configured at 331 GiB > 256 GiB');
    expect(resources.details).toContain(
      'dbms.listConfig(): server.memory.heap.max_size=31g, server.memory.pagecache.size=300g',
    );
  });

  it("reports Community's refusals with the server's codes", async () => {
    const obs = await observeFixture('community-5.26.json');
    const results = evaluateAll(['production'], [obs], [], settings);
    expect(pick(results, 'license')).toMatchObject({ status: 'fail' });
    expect(pick(results, 'license').reason).toMatch(/^edition community/);
    const features = pick(results, 'enterprise-features');
    expect(features.reason).toBe(
      'SHOW ROLES unavailable (Neo.ClientError.Statement.UnsupportedAdministrationCommand); ' +
        'SHOW SERVERS unavailable (Neo.ClientError.Statement.UnsupportedAdministrationCommand)',
    );
    const expiry = pick(results, 'expiry');
    expect(expiry.status).toBe('skipped');
    expect(expiry.reason).toContain('Neo.ClientError.Procedure.ProcedureNotFound');
  });

  it('fails resources and renewal where EC2 says so', async () => {
    const big = ec2('Neo4j-LedgerSpace-production', 'r5.12xlarge', '10.0.1.10', 48, 24, 384);
    big.tags['credex:license-sha256'] = 'b'.repeat(64);
    const obs = await observeFixture('enterprise-licensed.json', 'ledger', big);
    obs.ssmFingerprint = { ok: true, value: 'a'.repeat(64) };
    const results = evaluateAll(['production'], [obs], [], {
      ...settings,
      expectedFingerprint: 'a'.repeat(64),
      fingerprintTag: 'credex:license-sha256',
    });
    expect(pick(results, 'resources').reason).toBe('EC2 r5.12xlarge has 384 GiB > 256 GiB');
    const renewal = pick(results, 'renewal');
    expect(renewal.status).toBe('fail');
    expect(renewal.reason).toBe('EC2 tag credex:license-sha256 has a different fingerprint');
    expect(renewal.details).toContain(`SSM sha256sum of the license file: ${'a'.repeat(64)}`);
  });

  it('warns when vCPUs exceed the core limit but physical cores do not', async () => {
    const obs = await observeFixture(
      'enterprise-licensed.json',
      'ledger',
      ec2('Neo4j-x', 'm5.12xlarge', '10.0.1.10', 48, 24, 192),
    );
    expect(pick(evaluateAll(['production'], [obs], [], settings), 'resources')).toMatchObject({
      status: 'warn',
      reason: 'EC2 m5.12xlarge has 48 vCPUs > 24 (24 physical cores)',
    });
  });

  it('skips what needs a connection for an unreachable instance, with the reason', async () => {
    const runner = new FixtureQueryRunner({
      responses: [
        {
          match: 'dbms.components',
          error: { code: 'ServiceUnavailable', message: 'Could not perform discovery. No routing servers available.' },
        },
      ],
    });
    const obs: Observation = {
      target: { environment: 'production', name: 'search', inventory: inventoryInstance('search', 'search.example') },
      facts: await probeServer(runner),
      durationMs: 1,
    };
    expect(runner.calls).toHaveLength(1);
    const results = evaluateAll(['production'], [obs], [], { ...settings, discovery: false });
    expect(pick(results, 'license', 'search').reason).toMatch(/^server unreachable \(ServiceUnavailable\)/);
    expect(pick(results, 'enterprise-features', 'search')).toMatchObject({ status: 'skipped' });
    expect(pick(results, 'resources', 'search').reason).toMatch(/^nothing measured: not connected: server unreachable/);
  });

  it('runs mode full and reports each step; read-only issues no write', async () => {
    const fixture = loadFixture('enterprise-full.json');
    const readOnly = new FixtureQueryRunner(fixture);
    await probeServer(readOnly);
    expect(
      readOnly.calls.map((c) => c.query).filter((q) => /\b(CREATE|DROP|GRANT|SET|DELETE|MERGE)\b/i.test(q)),
    ).toEqual([]);

    const runner = new FixtureQueryRunner(fixture);
    const facts = await probeServer(runner);
    const full = await runFullCheck(runner, { suffix: 'test', password: 'generated-password-1' });
    expect(full.ok).toBe(true);
    expect(full.cleanup.map((c) => c.step)).toEqual([
      'drop user credex_lic_user_test',
      'drop role credex_lic_role_test',
      'drop database credexlictest',
    ]);
    const asUser = runner.calls.filter((c) => c.user === 'credex_lic_user_test').map((c) => c.query);
    expect(asUser).toEqual(['MATCH (n:LicenseProbe) RETURN count(n) AS n', 'CREATE (:LicenseProbeDenied)']);
    const obs: Observation = {
      target: { environment: 'production', name: 'ledger', inventory: inventoryInstance('ledger', '10.0.1.10') },
      facts,
      full: { ok: true, value: full },
      durationMs: 1,
    };
    const features = pick(evaluateAll(['production'], [obs], [], { ...settings, mode: 'full' }), 'enterprise-features');
    expect(features.status).toBe('pass');
    expect(features.details).toContain(
      'full: denied write is denied: ok - denied with Neo.ClientError.Security.Forbidden',
    );
  });

  it('mode full drops what it created when a later step fails, and nothing when the first create is refused', async () => {
    const fixture = loadFixture('enterprise-full.json');
    fixture.responses.unshift({
      match: 'GRANT MATCH',
      error: { code: 'Neo.ClientError.Security.Forbidden', message: 'Permission denied' },
    });
    const runner = new FixtureQueryRunner(fixture);
    const result = await runFullCheck(runner, { suffix: 'test', password: 'generated-password-2' });
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => [s.step, s.ok])).toEqual([
      ['create database', true],
      ['write and read a node', true],
      ['create role with grants', false],
    ]);
    expect(result.cleanup.map((c) => [c.step, c.ok])).toEqual([
      ['drop role credex_lic_role_test', true],
      ['drop database credexlictest', true],
    ]);

    const community = new FixtureQueryRunner(loadFixture('community-5.26.json'));
    const refused = await runFullCheck(community, { suffix: 'c', password: 'generated-password-3' });
    expect(refused.steps).toEqual([
      {
        step: 'create database',
        ok: false,
        detail:
          'Neo.ClientError.Statement.UnsupportedAdministrationCommand: Unsupported administration command: CREATE DATABASE',
      },
    ]);
    expect(refused.cleanup).toEqual([]);
  });

  it('mode full drops a database whose create timed out (it may exist)', async () => {
    const fixture = loadFixture('enterprise-full.json');
    fixture.responses.unshift({
      match: 'CREATE DATABASE',
      error: { code: 'ServiceUnavailable', message: 'connection lost' },
    });
    const runner = new FixtureQueryRunner(fixture);
    const result = await runFullCheck(runner, { suffix: 't', password: 'generated-password-4' });
    expect(result.cleanup.map((c) => c.step)).toEqual(['drop database credexlict']);
    expect(runner.calls.at(-1)?.query).toBe('DROP DATABASE `credexlict` IF EXISTS WAIT 60 SECONDS');
  });
});

describe('instance count with SHOW SERVERS', () => {
  const observation = async (name: string, host: string, fixture: string): Promise<Observation> => ({
    target: { environment: 'production', name, inventory: inventoryInstance(name, host) },
    facts: await probeServer(new FixtureQueryRunner(loadFixture(fixture))),
    durationMs: 1,
  });

  it('does not count a standalone server twice when it advertises an IP for a DNS name', async () => {
    const obs = await observation('ledger', 'ledger.production.internal', 'enterprise-licensed.json');
    const count = pick(evaluateAll(['production'], [obs], [], settings), 'instance-count', '*');
    expect(count.reason).toBe('1 of 3 allowed');
    expect(count.details).toContain(
      'ledger advertises itself as 10.0.1.10:7687 (8f1b0c1e-0d4e-4c3b-9a57-5d0d8a1f2b11) in SHOW SERVERS',
    );
  });

  it('counts the other members of a cluster reached by a DNS name', async () => {
    const ledger = await observation('ledger', 'ledger.production.internal', 'enterprise-licensed.json');
    const search = await observation('search', 'search.production.internal', 'enterprise-cluster.json');
    // ledger advertises 10.0.1.10, which search's four-member cluster lists too: ledger, search and two more.
    for (const order of [
      [ledger, search],
      [search, ledger],
    ]) {
      const count = pick(evaluateAll(['production'], order, [], settings), 'instance-count', '*');
      expect(count.reason).toBe('4 instances in production, the license allows 3');
      expect(count.details.filter((d) => d.startsWith('counted: cluster member'))).toHaveLength(2);
    }
  });
});
