import type { Ec2Instance } from './ec2';
import type { InventoryInstance } from './inventory';

/** One instance to check: from the inventory, from EC2, or both once matched. */
export interface Target {
  environment: string;
  name: string;
  inventory?: InventoryInstance;
  ec2?: Ec2Instance;
  /** How the inventory entry and the EC2 instance were matched. */
  matchedBy?: string;
}

export interface Mismatch {
  environment: string;
  kind: 'ec2-only' | 'inventory-only';
  name: string;
  detail: string;
}

const squash = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, '');

function hostMatches(instance: InventoryInstance, ec2: Ec2Instance): boolean {
  return [ec2.privateIp, ec2.publicIp, ec2.privateDns, ec2.publicDns]
    .filter((v): v is string => v !== undefined)
    .some((v) => v.toLowerCase() === instance.host);
}

/**
 * Matches inventory entries to discovered instances: by `ec2-instance-id`, then `ec2-name` (the Name tag), then
 * the Bolt host against the instance's IPs and DNS names, then, when exactly one unmatched instance's Name tag
 * contains the role or the name (`ledger` in `Neo4j-LedgerSpace-staging`), by that. Aura instances are never
 * matched (they are not EC2). What stays unmatched on either side is a mismatch.
 */
export function mergeEnvironment(
  environment: string,
  inventory: InventoryInstance[],
  discovered: Ec2Instance[] | undefined,
): { targets: Target[]; mismatches: Mismatch[] } {
  const targets: Target[] = [];
  const mismatches: Mismatch[] = [];
  const free = new Set(discovered ?? []);
  const pending: InventoryInstance[] = [];

  const take = (instance: InventoryInstance, ec2: Ec2Instance, by: string): void => {
    free.delete(ec2);
    targets.push({ environment, name: instance.name, inventory: instance, ec2, matchedBy: by });
  };

  for (const instance of inventory) {
    if (instance.aura || discovered === undefined) {
      targets.push({ environment, name: instance.name, inventory: instance });
      continue;
    }
    const byId = instance.ec2InstanceId && [...free].find((e) => e.instanceId === instance.ec2InstanceId);
    const byName = instance.ec2Name && [...free].find((e) => e.name === instance.ec2Name);
    const byHost = [...free].find((e) => hostMatches(instance, e));
    if (byId) take(instance, byId, 'ec2-instance-id');
    else if (byName) take(instance, byName, 'ec2-name');
    else if (byHost) take(instance, byHost, 'host');
    else pending.push(instance);
  }
  for (const instance of pending) {
    const keys = [instance.role, instance.name].filter((k): k is string => !!k).map(squash);
    const candidates = [...free].filter((e) => e.name && keys.some((k) => squash(e.name!).includes(k)));
    if (candidates.length === 1 && !instance.ec2InstanceId && !instance.ec2Name) {
      take(instance, candidates[0]!, 'role in Name tag');
      continue;
    }
    targets.push({ environment, name: instance.name, inventory: instance });
    const wanted = instance.ec2InstanceId ?? instance.ec2Name ?? instance.host;
    mismatches.push({
      environment,
      kind: 'inventory-only',
      name: instance.name,
      detail: `${instance.name} (${wanted}) is in the inventory but no running EC2 instance matches it`,
    });
  }
  for (const ec2 of free) {
    const name = ec2.name ?? ec2.instanceId;
    targets.push({ environment, name, ec2 });
    mismatches.push({
      environment,
      kind: 'ec2-only',
      name,
      detail: `${name} (${ec2.instanceId}, ${ec2.instanceType}) runs in EC2 but is not in the inventory`,
    });
  }
  return { targets, mismatches };
}
