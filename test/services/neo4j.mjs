import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { spawnDetached, stopProcess, waitFor } from './process-utils.mjs';

/**
 * Real Neo4j 5.26 Community servers, all in one JVM started by our launcher (neo4j-launcher/). Maven resolves the
 * harness (offline when ~/.m2 is warm) only to produce a classpath; javac compiles the one launcher file.
 */

const LAUNCHER_DIR = join(import.meta.dirname, 'neo4j-launcher');
const LAUNCHER_SOURCE = join(LAUNCHER_DIR, 'src/main/java/credex/testservices/Neo4jLauncher.java');
export const LAUNCHER_CLASS = 'credex.testservices.Neo4jLauncher';
/** Found in the launcher's command line (java @<args file>), to tell our JVM from a recycled pid. */
export const LAUNCHER_MARKER = '.services/neo4j.args';

function sha(text) {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function resolveClasspath(stateDir) {
  const pom = readFileSync(join(LAUNCHER_DIR, 'pom.xml'), 'utf8');
  const cacheFile = join(stateDir, `classpath-${sha(pom)}.txt`);
  if (existsSync(cacheFile)) {
    const cached = readFileSync(cacheFile, 'utf8').trim();
    if (cached.split(':').every((jar) => existsSync(jar))) return cached;
  }
  const outputFile = `${cacheFile}.tmp`;
  const mvn = (offline) =>
    execFileSync(
      'mvn',
      ['-q', '-B', ...(offline ? ['-o'] : []), 'dependency:build-classpath', `-Dmdep.outputFile=${outputFile}`],
      { cwd: LAUNCHER_DIR, stdio: ['ignore', 'pipe', 'pipe'] },
    );
  try {
    mvn(true);
  } catch {
    process.stderr.write('services: resolving neo4j-harness with Maven (first run downloads it)\n');
    try {
      mvn(false);
    } catch (error) {
      const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim().split('\n').slice(-5).join('\n');
      throw new Error(`Maven could not resolve neo4j-harness:\n${output}`);
    }
  }
  const classpath = readFileSync(outputFile, 'utf8').trim();
  writeFileSync(cacheFile, classpath);
  rmSync(outputFile, { force: true });
  return classpath;
}

function compileLauncher(stateDir, classpath) {
  const source = readFileSync(LAUNCHER_SOURCE, 'utf8');
  const classesDir = join(stateDir, `classes-${sha(source + classpath)}`);
  if (!existsSync(join(classesDir, 'credex/testservices/Neo4jLauncher.class'))) {
    for (const old of readdirSync(stateDir).filter((name) => name.startsWith('classes-'))) {
      rmSync(join(stateDir, old), { recursive: true, force: true });
    }
    mkdirSync(classesDir, { recursive: true });
    execFileSync('javac', ['-nowarn', '-d', classesDir, '-cp', classpath, LAUNCHER_SOURCE], { stdio: 'inherit' });
  }
  return classesDir;
}

/** Builds (cached) and starts `count` servers in one detached JVM; resolves once every one answers `RETURN 1`. */
export async function startNeo4j(stateDir, count, { timeoutMs = 180_000 } = {}) {
  const classpath = resolveClasspath(stateDir);
  const classesDir = compileLauncher(stateDir, classpath);
  // An argument file keeps the 200-jar classpath out of the process listing.
  const argFile = join(stateDir, 'neo4j.args');
  writeFileSync(
    argFile,
    [
      '-Xmx1g',
      '-XX:+UseSerialGC',
      '-XX:+ExitOnOutOfMemoryError',
      '-cp',
      `${classesDir}:${classpath}`,
      LAUNCHER_CLASS,
      String(count),
    ]
      .map((arg) => `"${arg}"`)
      .join('\n'),
  );
  const passwords = Array.from({ length: count }, () => randomBytes(18).toString('base64url'));
  const env = { ...process.env };
  passwords.forEach((password, i) => (env[`NEO4J_LAUNCHER_PASSWORD_${i + 1}`] = password));
  const logFile = join(stateDir, 'neo4j.log');
  const { pid, exited } = spawnDetached('java', [`@${argFile}`], { logFile, env, cwd: stateDir });
  let exit;
  void exited.then((result) => (exit = result));
  const failed = () => (exit ? `the launcher exited (${exit.code ?? exit.signal}); see ${logFile}` : undefined);

  try {
    const readyLine = await waitFor(
      'Neo4j did not start',
      () => readFileSync(logFile, 'utf8').match(/^READY bolt-ports=([\d,]+)$/m),
      { timeoutMs, failed },
    );
    const dataDir = readFileSync(logFile, 'utf8').match(/^DATA (.+)$/m)?.[1];
    const servers = readyLine[1].split(',').map((port, i) => ({
      uri: `bolt://127.0.0.1:${port}`,
      user: 'neo4j',
      password: passwords[i],
    }));
    for (const server of servers) {
      await waitFor(`Neo4j at ${server.uri} does not answer`, () => checkNeo4j(server), { timeoutMs: 30_000, failed });
    }
    return { pid, dataDir, servers };
  } catch (error) {
    await stopProcess(pid);
    const dataDir = readFileSync(logFile, 'utf8').match(/^DATA (.+)$/m)?.[1];
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Resolves true when the server runs `RETURN 1` with these credentials; rejects otherwise. */
export async function checkNeo4j({ uri, user, password }) {
  const driver = neo4j.driver(uri, neo4j.auth.basic(user, password), { connectionTimeout: 5_000, logging: undefined });
  try {
    const { records } = await driver.executeQuery('RETURN 1 AS one');
    return records[0]?.get('one').toNumber?.() === 1 || records[0]?.get('one') === 1;
  } finally {
    await driver.close();
  }
}
