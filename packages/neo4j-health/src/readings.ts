import { plain, type QueryRunner, type Row } from '@credex/neo4j-fleet';

/** What one look at a server found; every figure is absent when the server does not give it. */
export interface Readings {
  edition?: string;
  version?: string;
  heapUsedBytes?: number;
  heapMaxBytes?: number;
  hostMemoryTotalBytes?: number;
  hostMemoryFreeBytes?: number;
  /** The whole machine's CPU load, 0–100 (the JVM's `CpuLoad`). */
  hostCpuPercent?: number;
  dataDirectory?: string;
  database?: string;
  /** From Enterprise's metrics (JMX `neo4j.metrics`); Community has none. */
  pageCacheHitPercent?: number;
  pageCacheUsedPercent?: number;
  storeSizeBytes?: number;
  transactions?: TransactionRow[];
}

export interface TransactionRow {
  id: string;
  database: string;
  elapsedSeconds: number;
  status: string;
  /** The first 120 characters of the running query (no parameters); empty when the transaction is idle. */
  query: string;
  username?: string;
  clientAddress?: string;
}

const num = (value: unknown): number | undefined => {
  const n = typeof value === 'number' ? value : Number(value);
  return value === null || value === undefined || value === '' || !Number.isFinite(n) ? undefined : n;
};

type Attributes = Record<string, { value?: unknown } | undefined>;

/** `pattern` is one of this module's constants, so it is written into the query (the recorded answers match on it). */
async function jmx(runner: QueryRunner, pattern: string): Promise<{ name: string; attributes: Attributes }[]> {
  const rows = await runner.run(`CALL dbms.queryJmx('${pattern}') YIELD name, attributes RETURN name, attributes`);
  return rows.map((r) => ({ name: String(r.name), attributes: (r.attributes ?? {}) as Attributes }));
}

/** Neo4j durations come back as {months, days, seconds, nanoseconds} (plain() turns them into ISO text). */
function seconds(value: unknown): number {
  if (typeof value === 'string') {
    const match = /^P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(value);
    if (match) {
      const [, d, h, m, s] = match;
      return Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0);
    }
  }
  return num(value) ?? 0;
}

export async function readHeap(runner: QueryRunner): Promise<Partial<Readings>> {
  const [memory] = await jmx(runner, 'java.lang:type=Memory');
  const usage = (memory?.attributes.HeapMemoryUsage?.value ?? {}) as Row;
  const properties = (usage.properties ?? usage) as Row;
  return { heapUsedBytes: num(properties.used), heapMaxBytes: num(properties.max) };
}

export async function readHost(runner: QueryRunner): Promise<Partial<Readings>> {
  const [os] = await jmx(runner, 'java.lang:type=OperatingSystem');
  const a = os?.attributes ?? {};
  const load = num(a.CpuLoad?.value) ?? num(a.SystemCpuLoad?.value);
  return {
    hostMemoryTotalBytes: num(a.TotalMemorySize?.value) ?? num(a.TotalPhysicalMemorySize?.value),
    hostMemoryFreeBytes: num(a.FreeMemorySize?.value) ?? num(a.FreePhysicalMemorySize?.value),
    hostCpuPercent: load === undefined || load < 0 ? undefined : Math.round(load * 1000) / 10,
  };
}

export async function readDataDirectory(runner: QueryRunner): Promise<string | undefined> {
  const rows = await runner.run("SHOW SETTINGS YIELD name, value WHERE name = 'server.directories.data' RETURN value");
  const value = rows[0]?.value;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Enterprise publishes its metrics over JMX (`server.metrics.jmx.enabled`, on by default): page cache hit and
 * usage ratios and each database's store size (5.x names them `neo4j.dbms.page_cache.hit_ratio` and
 * `neo4j.database.<db>.store.size.total`, 4.x without `dbms.`/`database.`). Community answers with no beans.
 */
export async function readEnterpriseMetrics(runner: QueryRunner, database: string): Promise<Partial<Readings>> {
  const beans = await jmx(runner, 'neo4j.metrics:*');
  const value = (suffix: string): number | undefined => {
    const bean = beans.find((b) => b.name.endsWith(suffix));
    return bean ? num(bean.attributes.Value?.value ?? bean.attributes.Count?.value) : undefined;
  };
  const ratio = (suffix: string): number | undefined => {
    const v = value(suffix);
    return v === undefined ? undefined : Math.round((v <= 1 ? v * 100 : v) * 10) / 10;
  };
  return {
    pageCacheHitPercent: ratio('.page_cache.hit_ratio'),
    pageCacheUsedPercent: ratio('.page_cache.usage_ratio'),
    storeSizeBytes: value(`.${database}.store.size.total`),
  };
}

export async function readTransactions(runner: QueryRunner): Promise<TransactionRow[]> {
  const rows = await runner.run(
    'SHOW TRANSACTIONS YIELD transactionId, database, elapsedTime, status, currentQuery, username, clientAddress ' +
      'RETURN transactionId, database, elapsedTime, status, currentQuery, username, clientAddress',
  );
  return rows
    .map((r) => ({
      id: String(r.transactionId),
      database: String(r.database),
      elapsedSeconds: seconds(plain(r.elapsedTime)),
      status: String(r.status),
      query: (typeof r.currentQuery === 'string' ? r.currentQuery : '').replace(/\s+/g, ' ').slice(0, 120),
      username: typeof r.username === 'string' && r.username !== '' ? r.username : undefined,
      clientAddress: typeof r.clientAddress === 'string' && r.clientAddress !== '' ? r.clientAddress : undefined,
    }))
    .filter((t) => !t.query.startsWith('SHOW TRANSACTIONS'))
    .sort((a, b) => b.elapsedSeconds - a.elapsedSeconds);
}
