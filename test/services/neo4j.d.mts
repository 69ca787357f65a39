export interface Neo4jServer {
  uri: string;
  user: string;
  password: string;
}
export const LAUNCHER_CLASS: string;
export const LAUNCHER_MARKER: string;
export function startNeo4j(
  stateDir: string,
  count: number,
  options?: { timeoutMs?: number },
): Promise<{ pid: number; dataDir: string | undefined; servers: Neo4jServer[] }>;
export function checkNeo4j(server: Neo4jServer): Promise<boolean>;
