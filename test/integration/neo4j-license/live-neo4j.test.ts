import { createServer, type Server } from 'node:net';
import { totalmem } from 'node:os';
import { clearSecretsForTest } from '@credex/action-kit';
import { DEFAULT_LIMITS } from '../../../packages/neo4j-license/src/limits';
import { parseInventory, readCredentials } from '../../../packages/neo4j-fleet/src/inventory';
import { DriverQueryRunner } from '../../../packages/neo4j-fleet/src/query-runner';
import { renderLicenseJUnit, renderSummary, type LicenseReport } from '../../../packages/neo4j-license/src/report';
import { runLicenseCheck, type CheckPlan } from '../../../packages/neo4j-license/src/run-check';
import type { CaseId } from '../../../packages/neo4j-license/src/types';
import { servicesEnv } from '../../services/env';

// Two real Neo4j Community 5.26 servers from the test services; a closed loopback port stands in for an
// unreachable host.

const WRONG_PASSWORD = 'Wr0ng-Passw0rd-for-license-check';

async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

let env: Record<string, string>;
let processEnv: NodeJS.ProcessEnv;
let inventoryText: string;

beforeAll(async () => {
  env = servicesEnv();
  const port = await closedPort();
  processEnv = {
    LEDGER_USER: env.NEO4J_USER,
    LEDGER_PASS: env.NEO4J_PASSWORD,
    SEARCH_USER: env.NEO4J2_USER,
    SEARCH_PASS: env.NEO4J2_PASSWORD,
    BAD_USER: env.NEO4J_USER,
    BAD_PASS: WRONG_PASSWORD,
  };
  inventoryText = `
environments:
  development:
    instances:
      - { name: ledger, role: ledger, uri: "${env.NEO4J_URI}", user-env: LEDGER_USER, password-env: LEDGER_PASS }
      - { name: search, role: search, uri: "${env.NEO4J2_URI}", user-env: SEARCH_USER, password-env: SEARCH_PASS }
      - { name: wrong-password, uri: "${env.NEO4J_URI}", user-env: BAD_USER, password-env: BAD_PASS }
      - { name: gone, uri: "bolt://127.0.0.1:${port}", user-env: LEDGER_USER, password-env: LEDGER_PASS }
`;
});

beforeEach(() => clearSecretsForTest());

function plan(overrides: Partial<CheckPlan> = {}): CheckPlan {
  const inventory = parseInventory(inventoryText, 'live.yml');
  const instances = inventory.environments.development!;
  return {
    environments: ['development'],
    instances: { development: instances },
    credentials: readCredentials(instances, processEnv),
    limits: DEFAULT_LIMITS,
    mode: 'read-only',
    expiryWarningDays: 14,
    logLookbackMs: 0,
    concurrency: 4,
    connectionTimeoutMs: 5_000,
    ...overrides,
  };
}

function pick(report: LicenseReport, id: CaseId, instance: string) {
  const found = report.results.find((r) => r.case === id && r.instance === instance);
  if (!found) throw new Error(`no ${id} result for ${instance}`);
  return found;
}

async function directSetting(uri: string, user: string, password: string, name: string): Promise<string | null> {
  const runner = new DriverQueryRunner({ uri, user, password });
  try {
    const rows = await runner.run(`SHOW SETTINGS YIELD name, value WHERE name = '${name}' RETURN value`);
    return (rows[0]?.value as string | null) ?? null;
  } finally {
    await runner.close();
  }
}

describe('neo4j-license against live Neo4j Community 5.26', () => {
  let report: LicenseReport;
  beforeAll(async () => {
    report = await runLicenseCheck(plan());
  }, 60_000);

  it('case 1 fails with "edition community" on both servers and records the version', () => {
    for (const name of ['ledger', 'search']) {
      const r = pick(report, 'license', name);
      expect(r.status).toBe('fail');
      expect(r.reason).toMatch(/^edition community \(version 5\.26\.\d+\): the Enterprise license is not applied$/);
    }
    expect(report.instances.find((i) => i.name === 'ledger')).toMatchObject({ edition: 'community' });
  });

  it("case 4 read-only reports the Enterprise-only commands unavailable with the server's codes", () => {
    const r = pick(report, 'enterprise-features', 'ledger');
    expect(r.status).toBe('fail');
    expect(r.reason).toContain('SHOW ROLES unavailable (Neo.ClientError.Statement.UnsupportedAdministrationCommand)');
    expect(r.reason).toMatch(/SHOW SERVERS unavailable \(Neo\.ClientError\.Statement\.\w+\)/);
    expect(r.details.find((d) => d.startsWith('SHOW DATABASES:'))).toMatch(/neo4j@\S+ online/);
  });

  it('case 3 reads real JMX and settings values and names their sources', async () => {
    const r = pick(report, 'resources', 'ledger');
    const jmx = r.details.find((d) => d.startsWith('JMX java.lang:type=OperatingSystem'));
    const m = /AvailableProcessors (\d+), TotalMemorySize ([\d.]+) GiB/.exec(jmx ?? '');
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(0);
    // The JVM's view of memory is the machine's (or its cgroup's): never more than the host has.
    expect(Number(m![2]) * 1024 ** 3).toBeLessThanOrEqual(totalmem() * 1.01);
    const pageCache = await directSetting(
      env.NEO4J_URI!,
      env.NEO4J_USER!,
      env.NEO4J_PASSWORD!,
      'server.memory.pagecache.size',
    );
    const heap = await directSetting(
      env.NEO4J_URI!,
      env.NEO4J_USER!,
      env.NEO4J_PASSWORD!,
      'server.memory.heap.max_size',
    );
    const shown = (v: string | null): string => (v === null || v === '' ? '(not set)' : v);
    expect(r.details).toContain(
      `SHOW SETTINGS: server.memory.heap.max_size=${shown(heap)}, server.memory.pagecache.size=${shown(pageCache)}`,
    );
    expect(r.details).toContain('no EC2 facts: discovery is off (discover: ec2)');
    expect(r.status).toBe('pass');
  });

  it("case 5 is skipped with the server's code: Community has no dbms.licenseAgreementDetails()", () => {
    const r = pick(report, 'expiry', 'search');
    expect(r.status).toBe('skipped');
    expect(r.reason).toContain('(Neo.ClientError.Procedure.ProcedureNotFound) on edition community');
  });

  it('reports a wrong password as bad credentials and never shows it; the unreachable one as unreachable', () => {
    const bad = pick(report, 'license', 'wrong-password');
    expect(bad.status).toBe('fail');
    expect(bad.reason).toMatch(/^bad credentials \(Neo\.ClientError\.Security\.Unauthorized\)/);
    const gone = pick(report, 'license', 'gone');
    expect(gone.reason).toMatch(/^server unreachable \(ServiceUnavailable\)/);
    expect(pick(report, 'enterprise-features', 'gone').status).toBe('skipped');
    const everything = [JSON.stringify(report), renderLicenseJUnit(report), renderSummary(report)].join('\n');
    expect(everything).not.toContain(WRONG_PASSWORD);
    expect(everything).not.toContain(env.NEO4J_PASSWORD);
    // wrong-password names the ledger's server again: three servers, not four.
    const count = pick(report, 'instance-count', '*');
    expect(count.reason).toBe('3 of 6 allowed');
    expect(count.details.find((d) => d.includes('same server as wrong-password'))).toBeDefined();
    // The good instances were checked although their neighbours failed to connect.
    expect(pick(report, 'resources', 'search').status).toBe('pass');
  });

  it('mode full on Community stops at CREATE DATABASE with the server code and leaves nothing behind', async () => {
    const fullPlan = plan({ mode: 'full' });
    fullPlan.instances.development = fullPlan.instances.development!.slice(0, 1);
    const full = await runLicenseCheck(fullPlan);
    const r = pick(full, 'enterprise-features', 'ledger');
    expect(r.status).toBe('fail');
    expect(r.reason).toContain('create database failed (Neo.ClientError.Statement.UnsupportedAdministrationCommand)');
    const runner = new DriverQueryRunner({ uri: env.NEO4J_URI!, user: env.NEO4J_USER!, password: env.NEO4J_PASSWORD! });
    try {
      const dbs = await runner.run('SHOW DATABASES YIELD name RETURN name', { database: 'system' });
      expect(dbs.map((d) => d.name).filter((n) => String(n).startsWith('credexlic'))).toEqual([]);
    } finally {
      await runner.close();
    }
  }, 60_000);
});
