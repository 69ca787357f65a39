import type { Ec2Instance } from '../src/ec2';
import type { InventoryInstance } from '../src/inventory';
import { mergeEnvironment } from '../src/merge';
import { tagFilters } from '../src/ec2';

const inv = (name: string, host: string, extra: Partial<InventoryInstance> = {}): InventoryInstance => ({
  environment: 'staging',
  name,
  role: name,
  uri: `neo4j://${host}:7687`,
  host,
  port: 7687,
  userEnv: 'U',
  passwordEnv: 'P',
  aura: false,
  ...extra,
});
const ec2 = (instanceId: string, name: string, privateIp: string): Ec2Instance => ({
  instanceId,
  name,
  environment: 'staging',
  instanceType: 'r5.2xlarge',
  privateIp,
  tags: { Name: name },
});

describe('mergeEnvironment', () => {
  it('matches by instance id, Name tag, host and role, and reports both kinds of mismatch', () => {
    const discovered = [
      ec2('i-00000000000000001', 'Neo4j-LedgerSpace-staging', '10.0.0.1'),
      ec2('i-00000000000000002', 'Neo4j-SearchSpace-staging', '10.0.0.2'),
      ec2('i-00000000000000003', 'Neo4j-Other-staging', '10.0.0.3'),
      ec2('i-00000000000000004', 'Neo4j-Spare-staging', '10.0.0.4'),
      ec2('i-00000000000000005', 'Neo4j-Stray-staging', '10.0.0.5'),
    ];
    const { targets, mismatches } = mergeEnvironment(
      'staging',
      [
        inv('ledger', 'ledger.internal'),
        inv('search', '10.0.0.2'),
        inv('other', 'x.internal', { ec2InstanceId: 'i-00000000000000003' }),
        inv('spare', 'y.internal', { ec2Name: 'Neo4j-Spare-staging' }),
        inv('ghost', 'ghost.internal'),
        inv('managed', 'abc.databases.neo4j.io', { aura: true }),
      ],
      discovered,
    );
    expect(targets.map((t) => [t.name, t.ec2?.instanceId, t.matchedBy])).toEqual([
      ['search', 'i-00000000000000002', 'host'],
      ['other', 'i-00000000000000003', 'ec2-instance-id'],
      ['spare', 'i-00000000000000004', 'ec2-name'],
      ['managed', undefined, undefined],
      ['ledger', 'i-00000000000000001', 'role in Name tag'],
      ['ghost', undefined, undefined],
      ['Neo4j-Stray-staging', 'i-00000000000000005', undefined],
    ]);
    expect(mismatches).toEqual([
      {
        environment: 'staging',
        kind: 'inventory-only',
        name: 'ghost',
        detail: 'ghost (ghost.internal) is in the inventory but no running EC2 instance matches it',
      },
      {
        environment: 'staging',
        kind: 'ec2-only',
        name: 'Neo4j-Stray-staging',
        detail: 'Neo4j-Stray-staging (i-00000000000000005, r5.2xlarge) runs in EC2 but is not in the inventory',
      },
    ]);
  });

  it('reports no mismatch when discovery is off', () => {
    const { targets, mismatches } = mergeEnvironment('staging', [inv('ledger', 'l')], undefined);
    expect(targets).toHaveLength(1);
    expect(mismatches).toEqual([]);
  });

  it('builds tag filters with the environment filled in and only running instances', () => {
    expect(tagFilters({ Project: 'credex-core', Environment: '{environment}' }, 'production')).toEqual([
      { Name: 'tag:Project', Values: ['credex-core'] },
      { Name: 'tag:Environment', Values: ['production'] },
      { Name: 'instance-state-name', Values: ['running'] },
    ]);
  });
});
