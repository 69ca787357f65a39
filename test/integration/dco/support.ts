import neo4j, { type Driver } from 'neo4j-driver';
import { DEFAULT_CONFIG, runDco, type DcoReport, type DcoRunOptions } from '@credex/dco';
import { servicesEnv } from '../../services/env';
import { clearGraph, loadGraph, type GenGraph } from './generator';
import { acquireGraphLock } from './lock';

export interface Servers {
  env: Record<string, string>;
  /** LedgerSpace: the first test server. */
  ledger: Driver;
  /** SearchSpace: the second, independent test server (Community has one user database per server). */
  search: Driver;
  close(): Promise<void>;
}

export async function openServers(): Promise<Servers> {
  const release = await acquireGraphLock();
  const env = servicesEnv();
  const ledger = neo4j.driver(env.NEO4J_URI!, neo4j.auth.basic(env.NEO4J_USER!, env.NEO4J_PASSWORD!));
  const search = neo4j.driver(env.NEO4J2_URI!, neo4j.auth.basic(env.NEO4J2_USER!, env.NEO4J2_PASSWORD!));
  return {
    env,
    ledger,
    search,
    async close() {
      await ledger.close();
      await search.close();
      release();
    },
  };
}

/**
 * Opens both servers before the file's tests and closes them after. The returned object is filled in by `beforeAll`,
 * so use it inside tests and hooks only.
 */
export function useServers(): Servers {
  const servers = {} as Servers;
  beforeAll(async () => {
    Object.assign(servers, await openServers());
  }, 660_000);
  afterAll(async () => {
    await servers.close?.();
  });
  return servers;
}

/** Empties both servers and loads `graph` into them. */
export async function reload(servers: Servers, graph: GenGraph): Promise<void> {
  await clearGraph(servers.ledger);
  await clearGraph(servers.search);
  await loadGraph(graph, servers.ledger, servers.search);
}

export async function runOn(
  servers: Servers,
  overrides: Partial<DcoRunOptions> & { batchSize?: number } = {},
): Promise<DcoReport> {
  const { batchSize, ...rest } = overrides;
  return runDco({
    ledger: { driver: servers.ledger },
    search: { driver: servers.search },
    config: { ...DEFAULT_CONFIG, batchSize: batchSize ?? 50 },
    mode: 'revalue',
    dryRun: false,
    verify: true,
    waitForMtq: true,
    breakLease: false,
    ...rest,
  });
}

export async function write(driver: Driver, statement: string, params: Record<string, unknown> = {}): Promise<void> {
  const session = driver.session();
  try {
    await session.run(statement, params);
  } finally {
    await session.close();
  }
}

/** The action's connection inputs for both test servers, plus a batch size and any extra inputs. */
export function actionInputs(
  servers: Servers,
  batchSize: number,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    'ledger-uri': servers.env.NEO4J_URI!,
    'ledger-user': servers.env.NEO4J_USER!,
    'ledger-password': servers.env.NEO4J_PASSWORD!,
    'search-uri': servers.env.NEO4J2_URI!,
    'search-user': servers.env.NEO4J2_USER!,
    'search-password': servers.env.NEO4J2_PASSWORD!,
    'batch-size': String(batchSize),
    ...extra,
  };
}
