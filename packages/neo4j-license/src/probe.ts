import { classifyNeo4jError, type Neo4jProblem } from '@credex/neo4j';
import { parseSize, readComponents, type QueryRunner, type Row } from '@credex/neo4j-fleet';

export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: Neo4jProblem };

export interface ServerRow {
  name: string;
  address: string;
  state: string;
  health: string;
}

export interface DatabaseRow {
  name: string;
  status: string;
  address?: string;
}

export interface LicenseDetails {
  status: string;
  daysLeftOnTrial?: number;
  totalTrialDays?: number;
}

export interface MemorySettings {
  /** Where the values came from: `SHOW SETTINGS` or `dbms.listConfig()`. */
  source: string;
  heapMaxBytes?: number;
  pageCacheBytes?: number;
  /** Raw values as the server gave them (empty means not set: Neo4j sizes it at start). */
  raw: Record<string, string | null>;
}

export interface JmxFacts {
  availableProcessors?: number;
  totalMemoryBytes?: number;
}

/** What a read-only look at one server found. Every probe keeps its own failure, with the server's code. */
export interface Neo4jFacts {
  connection: Outcome<{ edition: string; version: string }>;
  jmx?: Outcome<JmxFacts>;
  settings?: Outcome<MemorySettings>;
  roles?: Outcome<number>;
  servers?: Outcome<ServerRow[]>;
  databases?: Outcome<DatabaseRow[]>;
  license?: Outcome<LicenseDetails>;
}

export const MEMORY_SETTINGS = ['server.memory.heap.max_size', 'server.memory.pagecache.size'] as const;

async function attempt<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return { ok: false, problem: classifyNeo4jError(error) };
  }
}

const text = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return `${value}`;
  return JSON.stringify(value);
};
const num = (value: unknown): number | undefined => {
  const n = typeof value === 'number' ? value : Number(value);
  return value === null || value === undefined || value === '' || !Number.isFinite(n) ? undefined : n;
};

/** The JVM's view of the machine: `dbms.queryJmx` returns attributes as name → {description, value}. */
export async function readJmx(runner: QueryRunner): Promise<JmxFacts> {
  const rows = await runner.run(
    "CALL dbms.queryJmx('java.lang:type=OperatingSystem') YIELD name, attributes RETURN name, attributes",
  );
  const attributes = (rows[0]?.attributes ?? {}) as Record<string, { value?: unknown } | undefined>;
  if (rows.length === 0)
    throw Object.assign(new Error('dbms.queryJmx returned no OperatingSystem bean'), { code: 'NoRows' });
  return {
    availableProcessors: num(attributes.AvailableProcessors?.value),
    totalMemoryBytes: num(attributes.TotalMemorySize?.value) ?? num(attributes.TotalPhysicalMemorySize?.value),
  };
}

function memorySettings(rows: Row[], source: string): MemorySettings {
  const raw: Record<string, string | null> = {};
  for (const name of MEMORY_SETTINGS) {
    const row = rows.find((r) => r.name === name);
    raw[name] = row && row.value !== null && row.value !== undefined ? text(row.value) : null;
  }
  const size = (name: string): number | undefined => {
    const value = raw[name];
    return value ? parseSize(value) : undefined;
  };
  return {
    source,
    raw,
    heapMaxBytes: size('server.memory.heap.max_size'),
    pageCacheBytes: size('server.memory.pagecache.size'),
  };
}

const NAME_LIST = MEMORY_SETTINGS.map((n) => `'${n}'`).join(', ');

/** Heap and page cache as configured: `SHOW SETTINGS`, falling back to `dbms.listConfig()` on older servers. */
export async function readMemorySettings(runner: QueryRunner): Promise<MemorySettings> {
  try {
    const rows = await runner.run(`SHOW SETTINGS YIELD name, value WHERE name IN [${NAME_LIST}] RETURN name, value`);
    return memorySettings(rows, 'SHOW SETTINGS');
  } catch (first) {
    const problem = classifyNeo4jError(first);
    if (problem.kind !== 'unsupported') throw first;
    const rows = await runner.run(
      `CALL dbms.listConfig() YIELD name, value WHERE name IN [${NAME_LIST}] RETURN name, value`,
    );
    return memorySettings(rows, 'dbms.listConfig()');
  }
}

export async function readServers(runner: QueryRunner): Promise<ServerRow[]> {
  const rows = await runner.run('SHOW SERVERS YIELD name, address, state, health RETURN name, address, state, health', {
    database: 'system',
  });
  return rows.map((r) => ({
    name: text(r.name),
    address: text(r.address),
    state: text(r.state),
    health: text(r.health),
  }));
}

export async function readDatabases(runner: QueryRunner): Promise<DatabaseRow[]> {
  const rows = await runner.run(
    'SHOW DATABASES YIELD name, currentStatus, address RETURN name, currentStatus, address',
    {
      database: 'system',
    },
  );
  return rows.map((r) => ({
    name: text(r.name),
    status: text(r.currentStatus),
    address: text(r.address) || undefined,
  }));
}

export async function readRoleCount(runner: QueryRunner): Promise<number> {
  const rows = await runner.run('SHOW ROLES YIELD role RETURN role', { database: 'system' });
  return rows.length;
}

export async function readLicense(runner: QueryRunner): Promise<LicenseDetails> {
  const rows = await runner.run('CALL dbms.licenseAgreementDetails()', { database: 'system' });
  const row = rows[0];
  if (!row) throw new Error('dbms.licenseAgreementDetails() returned no rows');
  return {
    status: text(row.status).toLowerCase(),
    daysLeftOnTrial: num(row.daysLeftOnTrial),
    totalTrialDays: num(row.totalTrialDays),
  };
}

/**
 * Reads everything the checks need without changing anything. When the first query cannot connect
 * (unreachable, bad credentials, TLS), nothing else is tried: each would fail the same way.
 */
export async function probeServer(runner: QueryRunner): Promise<Neo4jFacts> {
  const connection = await attempt(() => readComponents(runner));
  if (!connection.ok && ['unreachable', 'credentials', 'tls'].includes(connection.problem.kind)) {
    return { connection };
  }
  return {
    connection,
    jmx: await attempt(() => readJmx(runner)),
    settings: await attempt(() => readMemorySettings(runner)),
    roles: await attempt(() => readRoleCount(runner)),
    servers: await attempt(() => readServers(runner)),
    databases: await attempt(() => readDatabases(runner)),
    license: await attempt(() => readLicense(runner)),
  };
}
