import type { Driver } from 'neo4j-driver';
import { classifyNeo4jError, type Neo4jProblem } from './errors';

export interface ServerFacts {
  edition: string;
  version: string;
  /** The address the driver actually talked to. */
  address?: string;
}

export type ConnectivityResult = { ok: true; facts: ServerFacts } | { ok: false; problem: Neo4jProblem };

/**
 * Reads the kernel's edition and version: `CALL dbms.components()` returns a row per component; newer servers
 * add rows besides `Neo4j Kernel`, so filter by name.
 */
export async function detectServer(driver: Driver, database?: string): Promise<ServerFacts> {
  const session = driver.session({ database, defaultAccessMode: 'READ' });
  try {
    const result = await session.run(
      'CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition',
    );
    const kernel = result.records.find((r) => r.get('name') === 'Neo4j Kernel') ?? result.records[0];
    if (!kernel) throw new Error('dbms.components() returned no rows');
    const versions = kernel.get('versions') as string[];
    return {
      edition: String(kernel.get('edition')).toLowerCase(),
      version: versions[0] ?? 'unknown',
      address: result.summary.server.address,
    };
  } finally {
    await session.close();
  }
}

/** Connects, authenticates, opens the database and reads edition/version, classifying any failure. */
export async function checkConnectivity(driver: Driver, database?: string): Promise<ConnectivityResult> {
  try {
    await driver.verifyConnectivity(database ? { database } : undefined);
    const facts = await detectServer(driver, database);
    return { ok: true, facts };
  } catch (error) {
    return { ok: false, problem: classifyNeo4jError(error) };
  }
}
