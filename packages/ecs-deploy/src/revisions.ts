import {
  DeregisterTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  type ListTaskDefinitionsCommandOutput,
} from '@aws-sdk/client-ecs';
import type { DeployClients } from './clients';

export function familyOf(arn: string): { family: string; revision: number } {
  const tail = arn.includes('task-definition/') ? arn.split('task-definition/')[1]! : arn;
  const [family, revision] = tail.split(':');
  return { family: family ?? tail, revision: Number(revision ?? 0) };
}

/** ACTIVE revisions of a family, newest first. */
export async function activeRevisions(clients: Pick<DeployClients, 'ecs'>, family: string): Promise<string[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page: ListTaskDefinitionsCommandOutput = await clients.ecs.send(
      new ListTaskDefinitionsCommand({ familyPrefix: family, status: 'ACTIVE', sort: 'DESC', nextToken }),
    );
    arns.push(...(page.taskDefinitionArns ?? []).filter((a) => familyOf(a).family === family));
    nextToken = page.nextToken;
  } while (nextToken);
  return arns.sort((a, b) => familyOf(b).revision - familyOf(a).revision);
}

/** The newest ACTIVE revision of the family older than `current` (a rollback target when no history says more). */
export async function previousRevision(
  clients: Pick<DeployClients, 'ecs'>,
  current: string,
): Promise<string | undefined> {
  const { family, revision } = familyOf(current);
  return (await activeRevisions(clients, family)).find((arn) => familyOf(arn).revision < revision);
}

/**
 * Deregisters ACTIVE revisions beyond the newest `keep`, never the ones named in `protect` (the new and the
 * previous revision). Returns the ARNs deregistered.
 */
export async function pruneRevisions(
  clients: Pick<DeployClients, 'ecs'>,
  family: string,
  keep: number,
  protect: string[],
): Promise<string[]> {
  const active = await activeRevisions(clients, family);
  const kept = new Set([...active.slice(0, keep), ...protect]);
  const removed: string[] = [];
  for (const arn of active) {
    if (kept.has(arn)) continue;
    await clients.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn }));
    removed.push(arn);
  }
  return removed;
}
