import { checkConnectivity, createDriver } from '@credex/neo4j';
import { servicesEnv } from '../services/env';

describe('the neo4j package against the live Neo4j 5.26 server', () => {
  const env = servicesEnv();

  test('connects with the generated credentials and reads edition and version', async () => {
    const driver = createDriver({ uri: env.NEO4J_URI!, user: env.NEO4J_USER!, password: env.NEO4J_PASSWORD! });
    try {
      const result = await checkConnectivity(driver);
      expect(result).toMatchObject({ ok: true, facts: { edition: 'community' } });
      if (result.ok) expect(result.facts.version).toMatch(/^5\.26\./);
    } finally {
      await driver.close();
    }
  });

  test('a wrong password is reported as bad credentials', async () => {
    const driver = createDriver({ uri: env.NEO4J_URI!, user: env.NEO4J_USER!, password: 'definitely-wrong' });
    try {
      const result = await checkConnectivity(driver);
      expect(result).toMatchObject({
        ok: false,
        problem: { kind: 'credentials', code: 'Neo.ClientError.Security.Unauthorized' },
      });
    } finally {
      await driver.close();
    }
  });

  test('a database that does not exist is reported as such', async () => {
    const driver = createDriver({ uri: env.NEO4J_URI!, user: env.NEO4J_USER!, password: env.NEO4J_PASSWORD! });
    try {
      const result = await checkConnectivity(driver, 'searchspace');
      expect(result).toMatchObject({ ok: false, problem: { kind: 'database' } });
    } finally {
      await driver.close();
    }
  });

  test('a port with nothing listening is unreachable', async () => {
    const driver = createDriver({
      uri: 'bolt://127.0.0.1:1',
      user: 'neo4j',
      password: 'whatever',
      connectionTimeoutMs: 2_000,
    });
    try {
      const result = await checkConnectivity(driver);
      expect(result).toMatchObject({ ok: false, problem: { kind: 'unreachable' } });
    } finally {
      await driver.close();
    }
  });

  test('TLS to a server that speaks plain Bolt is a TLS failure', async () => {
    const uri = env.NEO4J_URI!.replace(/^(bolt|neo4j):/, 'bolt+s:');
    const driver = createDriver({
      uri,
      user: env.NEO4J_USER!,
      password: env.NEO4J_PASSWORD!,
      connectionTimeoutMs: 3_000,
    });
    try {
      const result = await checkConnectivity(driver);
      expect(result).toMatchObject({ ok: false, problem: { kind: 'tls' } });
    } finally {
      await driver.close();
    }
  });
});
