import { ECSClient, ListClustersCommand, CreateClusterCommand } from '@aws-sdk/client-ecs';
import neo4j from 'neo4j-driver';
import { servicesEnv } from '../services/env';

// The real services started by jest's global setup (or `npm run services:start`): two Neo4j servers and moto.

const env = servicesEnv();

async function editionOf(uri: string, user: string, password: string): Promise<string> {
  const driver = neo4j.driver(uri, neo4j.auth.basic(user, password), { connectionTimeout: 5_000 });
  try {
    const { records } = await driver.executeQuery(
      "CALL dbms.components() YIELD name, edition WHERE name = 'Neo4j Kernel' RETURN edition",
    );
    return records[0]!.get('edition') as string;
  } finally {
    await driver.close();
  }
}

describe('test services', () => {
  test('the env file has every coordinate', () => {
    for (const key of [
      'NEO4J_URI',
      'NEO4J_USER',
      'NEO4J_PASSWORD',
      'NEO4J2_URI',
      'NEO4J2_USER',
      'NEO4J2_PASSWORD',
      'AWS_ENDPOINT_URL',
      'AWS_REGION',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
    ]) {
      expect(env[key]).toMatch(/\S/);
    }
    expect(env.NEO4J_URI).toMatch(/^bolt:\/\/127\.0\.0\.1:\d+$/);
    expect(env.NEO4J2_URI).toMatch(/^bolt:\/\/127\.0\.0\.1:\d+$/);
    expect(env.NEO4J2_URI).not.toBe(env.NEO4J_URI);
    expect(env.AWS_ENDPOINT_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env.AWS_REGION).toBe('af-south-1');
    expect(env.NEO4J_PASSWORD!.length).toBeGreaterThanOrEqual(16);
  });

  test.each([
    ['NEO4J', 'first'],
    ['NEO4J2', 'second'],
  ])('%s (the %s server) answers Bolt as Neo4j 5 Community with its password', async (prefix) => {
    const uri = env[`${prefix}_URI`]!;
    expect(await editionOf(uri, env[`${prefix}_USER`]!, env[`${prefix}_PASSWORD`]!)).toBe('community');
  });

  test('a wrong password is refused', async () => {
    await expect(editionOf(env.NEO4J_URI!, env.NEO4J_USER!, `${env.NEO4J_PASSWORD}x`)).rejects.toMatchObject({
      code: 'Neo.ClientError.Security.Unauthorized',
    });
    // Each server has its own generated password.
    expect(env.NEO4J2_PASSWORD).not.toBe(env.NEO4J_PASSWORD);
    await expect(editionOf(env.NEO4J2_URI!, env.NEO4J2_USER!, env.NEO4J_PASSWORD!)).rejects.toMatchObject({
      code: 'Neo.ClientError.Security.Unauthorized',
    });
  });

  test('the two servers are independent databases', async () => {
    const marker = `services-test-${process.pid}-${Date.now()}`;
    const first = neo4j.driver(env.NEO4J_URI!, neo4j.auth.basic(env.NEO4J_USER!, env.NEO4J_PASSWORD!));
    const second = neo4j.driver(env.NEO4J2_URI!, neo4j.auth.basic(env.NEO4J2_USER!, env.NEO4J2_PASSWORD!));
    try {
      await first.executeQuery('CREATE (:ServicesTest {marker: $marker})', { marker });
      const count = async (driver: typeof first): Promise<number> => {
        const { records } = await driver.executeQuery('MATCH (n:ServicesTest {marker: $marker}) RETURN count(n) AS n', {
          marker,
        });
        return (records[0]!.get('n') as { toNumber(): number }).toNumber();
      };
      expect(await count(first)).toBe(1);
      expect(await count(second)).toBe(0);
    } finally {
      await first.executeQuery('MATCH (n:ServicesTest {marker: $marker}) DELETE n', { marker });
      await first.close();
      await second.close();
    }
  });

  test('moto answers ecs:ListClusters', async () => {
    const ecs = new ECSClient({
      region: env.AWS_REGION,
      endpoint: env.AWS_ENDPOINT_URL,
      credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! },
    });
    const name = `services-test-${process.pid}-${Date.now()}`;
    await ecs.send(new CreateClusterCommand({ clusterName: name }));
    const { clusterArns } = await ecs.send(new ListClustersCommand({}));
    expect(clusterArns).toContain(`arn:aws:ecs:af-south-1:123456789012:cluster/${name}`);
    ecs.destroy();
  });
});
