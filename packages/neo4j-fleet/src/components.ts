import type { QueryRunner } from './query-runner';

const text = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return `${value}`;
  return JSON.stringify(value);
};

/** The kernel's edition and version: the first query of every look at a server (it also proves the connection). */
export async function readComponents(runner: QueryRunner): Promise<{ edition: string; version: string }> {
  const rows = await runner.run('CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition');
  const kernel = rows.find((r) => r.name === 'Neo4j Kernel') ?? rows[0];
  if (!kernel) throw new Error('dbms.components() returned no rows');
  const versions = Array.isArray(kernel.versions) ? kernel.versions : [];
  return { edition: text(kernel.edition).toLowerCase(), version: text(versions[0]) || 'unknown' };
}
