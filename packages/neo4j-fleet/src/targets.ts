import type { EC2Client } from '@aws-sdk/client-ec2';
import { describeAwsError } from '@credex/aws';
// EC2 discovery is imported where it is used: its SDK commands load only when discovery is on.
import type { Ec2Instance } from './ec2';
import type { Credentials, InventoryInstance } from './inventory';
import { mergeEnvironment, type Mismatch, type Target } from './merge';
import { DriverQueryRunner, type QueryRunner } from './query-runner';

export interface ConnectionSettings {
  connectionTimeoutMs: number;
  trustedCertificates?: string[];
}

/** The query boundary for an inventory instance through the driver. */
export function driverRunner(
  instance: InventoryInstance,
  credentials: Credentials,
  settings: ConnectionSettings,
): QueryRunner {
  return new DriverQueryRunner({
    uri: instance.uri,
    user: credentials.user,
    password: credentials.password,
    database: instance.database,
    connectionTimeoutMs: settings.connectionTimeoutMs,
    trustedCertificates: settings.trustedCertificates,
  });
}

export interface ResolvedTargets {
  targets: Target[];
  mismatches: Mismatch[];
  /** Set when discovery was asked for and failed: the inventory's instances are still targets. */
  discoveryError?: string;
}

/**
 * The instances to look at per environment: the inventory's, matched with the running EC2 instances when
 * `discoveryFilters` is set (what runs but is not listed, and what is listed but does not run, are mismatches).
 */
export async function resolveTargets(
  environments: string[],
  instances: Record<string, InventoryInstance[]>,
  discoveryFilters: Record<string, string> | undefined,
  ec2: EC2Client | undefined,
): Promise<ResolvedTargets> {
  let discovered: Map<string, Ec2Instance[]> | undefined;
  let discoveryError: string | undefined;
  if (discoveryFilters) {
    if (!ec2) throw new Error('EC2 discovery needs an EC2 client');
    try {
      discovered = await (await import('./ec2')).discoverInstances(ec2, environments, discoveryFilters);
    } catch (error) {
      discoveryError = `EC2 discovery failed: ${describeAwsError(error)}`;
    }
  }
  const targets: Target[] = [];
  const mismatches: Mismatch[] = [];
  for (const environment of environments) {
    const merged = mergeEnvironment(environment, instances[environment] ?? [], discovered?.get(environment));
    targets.push(...merged.targets);
    mismatches.push(...merged.mismatches);
  }
  return { targets, mismatches, discoveryError };
}
