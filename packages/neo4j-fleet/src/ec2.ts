import {
  DescribeInstanceTypesCommand,
  paginateDescribeInstances,
  type EC2Client,
  type Filter,
  type Instance,
  type _InstanceType,
} from '@aws-sdk/client-ec2';

export interface Ec2Instance {
  instanceId: string;
  name?: string;
  environment: string;
  instanceType: string;
  privateIp?: string;
  publicIp?: string;
  privateDns?: string;
  publicDns?: string;
  tags: Record<string, string>;
  /** From DescribeInstanceTypes. */
  vcpus?: number;
  physicalCores?: number;
  memoryBytes?: number;
}

export interface TypeFacts {
  vcpus?: number;
  physicalCores?: number;
  memoryBytes?: number;
}

/** EC2 filters for tags; `{environment}` in a value is replaced by the environment being discovered. */
export function tagFilters(filters: Record<string, string>, environment: string): Filter[] {
  return [
    ...Object.entries(filters).map(([key, value]) => ({
      Name: `tag:${key}`,
      Values: [value.replace(/\{environment\}/g, environment)],
    })),
    { Name: 'instance-state-name', Values: ['running'] },
  ];
}

function toInstance(raw: Instance, environment: string): Ec2Instance | undefined {
  if (!raw.InstanceId) return undefined;
  const tags = Object.fromEntries((raw.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
  return {
    instanceId: raw.InstanceId,
    name: tags.Name,
    environment,
    instanceType: raw.InstanceType ?? 'unknown',
    privateIp: raw.PrivateIpAddress || undefined,
    publicIp: raw.PublicIpAddress || undefined,
    privateDns: raw.PrivateDnsName || undefined,
    publicDns: raw.PublicDnsName || undefined,
    tags,
  };
}

/** vCPUs, physical cores and memory per instance type, in one call for all types. */
export async function describeTypes(client: EC2Client, types: string[]): Promise<Map<string, TypeFacts>> {
  const facts = new Map<string, TypeFacts>();
  const unique = [...new Set(types)].filter((t) => t !== 'unknown');
  for (let i = 0; i < unique.length; i += 100) {
    const answer = await client.send(
      new DescribeInstanceTypesCommand({ InstanceTypes: unique.slice(i, i + 100) as _InstanceType[] }),
    );
    for (const t of answer.InstanceTypes ?? []) {
      if (!t.InstanceType) continue;
      facts.set(t.InstanceType, {
        vcpus: t.VCpuInfo?.DefaultVCpus,
        physicalCores: t.VCpuInfo?.DefaultCores,
        memoryBytes: t.MemoryInfo?.SizeInMiB === undefined ? undefined : t.MemoryInfo.SizeInMiB * 1024 ** 2,
      });
    }
  }
  return facts;
}

/** Running instances tagged for each environment, with their instance types' sizes. */
export async function discoverInstances(
  client: EC2Client,
  environments: string[],
  filters: Record<string, string>,
): Promise<Map<string, Ec2Instance[]>> {
  const result = new Map<string, Ec2Instance[]>();
  for (const environment of environments) {
    const found: Ec2Instance[] = [];
    const pages = paginateDescribeInstances({ client }, { Filters: tagFilters(filters, environment) });
    for await (const page of pages) {
      for (const reservation of page.Reservations ?? []) {
        for (const raw of reservation.Instances ?? []) {
          const instance = toInstance(raw, environment);
          if (instance) found.push(instance);
        }
      }
    }
    found.sort((a, b) => (a.name ?? a.instanceId).localeCompare(b.name ?? b.instanceId));
    result.set(environment, found);
  }
  const types = await describeTypes(
    client,
    [...result.values()].flat().map((i) => i.instanceType),
  );
  for (const instance of [...result.values()].flat()) Object.assign(instance, types.get(instance.instanceType) ?? {});
  return result;
}
