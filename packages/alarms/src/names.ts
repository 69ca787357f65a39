/**
 * Stable names: a second run finds what the first created, and blue-green-deploy's `rollback-on-alarms` can name
 * the alarms literally. Every alarm of an environment starts with `credex-core-<env>-`.
 */
export const ENVIRONMENT_PATTERN = /^[a-z][a-z0-9_-]{0,40}$/;

export const alarmPrefix = (environment: string): string => `credex-core-${environment}-`;

export const alarmName = (environment: string, key: string): string => `${alarmPrefix(environment)}${key}`;

export const dashboardName = (environment: string): string => `credex-core-${environment}`;

/**
 * The part of a Neo4j instance's alarm names: the inventory's name (`ledger`), or for an instance found only in
 * EC2 its Name tag without the `Neo4j-` prefix and the environment suffix (`Neo4j-LedgerSpace-staging` → `ledgerspace`).
 */
export function instanceKey(name: string, environment: string): string {
  const key = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^neo4j-/, '')
    .replace(new RegExp(`-${environment.replace(/[^a-z0-9]+/g, '-')}$`), '')
    .replace(/^-+|-+$/g, '');
  return key === '' ? 'instance' : key;
}
