import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { checkMoto, startMoto } from './moto.mjs';
import { checkNeo4j, LAUNCHER_MARKER, startNeo4j } from './neo4j.mjs';
import { findOnPath, isAlive, isOurProcess, stopProcess, waitFor } from './process-utils.mjs';

/**
 * Starts, reuses and stops the real services the tests use: two Neo4j servers (one JVM) and the moto server.
 * State lives in test/.services/ (pids, ports, logs, build caches); coordinates go to test/.services.env.
 * Several test runs can share one set of services: each jest run holds a lease, and services that a jest run
 * started are stopped by the last jest run to finish. Services started from the command line stay until `stop`.
 */

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const STATE_DIR = join(REPO_ROOT, 'test', '.services');
export const ENV_FILE = join(REPO_ROOT, 'test', '.services.env');
const STATE_FILE = join(STATE_DIR, 'state.json');
const LOCK_FILE = join(STATE_DIR, 'lock');
const LEASE_DIR = join(STATE_DIR, 'leases');
const MOTO_MARKER = 'moto_server';
const NEO4J_SERVERS = 2;

export class MissingToolsError extends Error {}

const INSTALL_HINTS = {
  java: 'a JDK 17+ with javac (apt-get install openjdk-17-jdk-headless)',
  javac: 'a JDK 17+ with javac (apt-get install openjdk-17-jdk-headless)',
  mvn: 'Maven (apt-get install maven)',
  python3: 'Python 3 (apt-get install python3 python3-venv)',
  pip: 'pip (apt-get install python3-pip)',
};

function checkTools() {
  const missing = ['java', 'javac', 'mvn', 'python3'].filter((tool) => !findOnPath(tool));
  if (!findOnPath('pip3') && !findOnPath('pip')) missing.push('pip');
  if (missing.length > 0) {
    const hints = [...new Set(missing.map((tool) => INSTALL_HINTS[tool]))].join(', ');
    throw new MissingToolsError(`missing ${missing.join(', ')}: install ${hints}`);
  }
}

function readState() {
  try {
    return JSON.parse(readFileSync(STATE_FILE, 'utf8'));
  } catch {
    return {};
  }
}

function writePrivate(file, text) {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text, { mode: 0o600 });
  renameSync(temp, file);
}

async function withLock(fn) {
  mkdirSync(STATE_DIR, { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      writeFileSync(LOCK_FILE, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(LOCK_FILE, { encoding: 'utf8', flag: 'r' }) || 0);
      if (holder > 0 && !isAlive(holder)) {
        rmSync(LOCK_FILE, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another services command (pid ${holder}) holds ${LOCK_FILE}`);
      await delay(200);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK_FILE, { force: true });
  }
}

// A probe is one query (Neo4j) or one HTTP request (moto) with a 5 s limit of its own. On a loaded machine one try
// could miss that limit while the service was up (`services status` then said NOT answering and exited 1), so a
// service whose process lives is asked again until PROBE_PATIENCE_MS has passed; a dead process fails at once.
const PROBE_PATIENCE_MS = 30_000;

/** Resolves { answers, problem }: problem names the probe that failed and its last error. */
async function probe(what, alive, check) {
  if (!alive()) return { answers: false, problem: `${what}: the process is not running` };
  try {
    await waitFor(what, check, {
      timeoutMs: PROBE_PATIENCE_MS,
      intervalMs: 500,
      failed: () => !alive() && 'the process exited',
    });
    return { answers: true };
  } catch (error) {
    return { answers: false, problem: error.message };
  }
}

async function neo4jAnswers(neo4j) {
  if (!neo4j) return { answers: false, problem: 'neo4j: not started' };
  const alive = () => isOurProcess(neo4j.pid, LAUNCHER_MARKER);
  for (const server of neo4j.servers) {
    const result = await probe(`neo4j ${server.uri}`, alive, () => checkNeo4j(server));
    if (!result.answers) return result;
  }
  return { answers: true };
}

async function motoAnswers(moto) {
  if (!moto) return { answers: false, problem: 'moto: not started' };
  return probe(
    `moto ${moto.endpoint}`,
    () => isOurProcess(moto.pid, MOTO_MARKER),
    () => checkMoto(moto.endpoint),
  );
}

async function stopNeo4j(neo4j) {
  if (!neo4j) return;
  if (isOurProcess(neo4j.pid, LAUNCHER_MARKER)) await stopProcess(neo4j.pid);
  if (neo4j.dataDir) rmSync(neo4j.dataDir, { recursive: true, force: true });
}

async function stopMoto(moto) {
  if (moto && isOurProcess(moto.pid, MOTO_MARKER)) await stopProcess(moto.pid, 5_000);
}

export function envFileText({ neo4j, moto }) {
  const [ledger, search] = neo4j.servers;
  const lines = {
    NEO4J_URI: ledger.uri,
    NEO4J_USER: ledger.user,
    NEO4J_PASSWORD: ledger.password,
    NEO4J2_URI: search.uri,
    NEO4J2_USER: search.user,
    NEO4J2_PASSWORD: search.password,
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_REGION: 'af-south-1',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
  };
  return `${Object.entries(lines)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;
}

/**
 * Starts what is not already running and answering; reuses the rest. `owner` is 'cli' or 'jest'; a jest run also
 * takes a lease (released by releaseJestLease). Returns what happened, with timings in milliseconds.
 */
export async function startServices({ owner = 'cli' } = {}) {
  checkTools();
  return withLock(async () => {
    const began = Date.now();
    const state = readState();
    const [neo4jProbe, motoProbe] = await Promise.all([neo4jAnswers(state.neo4j), motoAnswers(state.moto)]);
    const [neo4jOk, motoOk] = [neo4jProbe.answers, motoProbe.answers];
    const started = [];
    const timings = {};
    const results = await Promise.allSettled([
      neo4jOk
        ? undefined
        : (async () => {
            await stopNeo4j(state.neo4j);
            delete state.neo4j;
            const t = Date.now();
            state.neo4j = await startNeo4j(STATE_DIR, NEO4J_SERVERS);
            timings.neo4j = Date.now() - t;
            started.push('neo4j');
          })(),
      motoOk
        ? undefined
        : (async () => {
            await stopMoto(state.moto);
            delete state.moto;
            const t = Date.now();
            state.moto = await startMoto(REPO_ROOT, STATE_DIR);
            timings.moto = Date.now() - t;
            started.push('moto');
          })(),
    ]);
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) {
      // Leave nothing half-started behind: stop what this call started, keep what was already running.
      if (started.includes('neo4j')) await stopNeo4j(state.neo4j);
      if (started.includes('moto')) await stopMoto(state.moto);
      for (const name of started) delete state[name];
      writePrivate(STATE_FILE, JSON.stringify(state, null, 2));
      rmSync(ENV_FILE, { force: true });
      throw failure.reason;
    }
    if (started.length === 2 || owner === 'cli') state.owner = owner;
    else state.owner ??= owner;
    writePrivate(STATE_FILE, JSON.stringify(state, null, 2));
    writePrivate(ENV_FILE, envFileText(state));
    if (owner === 'jest') {
      mkdirSync(LEASE_DIR, { recursive: true });
      writeFileSync(join(LEASE_DIR, String(process.pid)), '');
    }
    timings.total = Date.now() - began;
    return { started, owner: state.owner, timings };
  });
}

function otherLiveLeases() {
  let names = [];
  try {
    names = readdirSync(LEASE_DIR);
  } catch {
    return [];
  }
  return names.map(Number).filter((pid) => pid !== process.pid && isAlive(pid));
}

async function stopUnlocked() {
  const state = readState();
  const running = [];
  if (state.neo4j && isOurProcess(state.neo4j.pid, LAUNCHER_MARKER)) running.push('neo4j');
  if (state.moto && isOurProcess(state.moto.pid, MOTO_MARKER)) running.push('moto');
  await Promise.all([stopNeo4j(state.neo4j), stopMoto(state.moto)]);
  for (const file of [ENV_FILE, STATE_FILE]) rmSync(file, { force: true });
  rmSync(LEASE_DIR, { recursive: true, force: true });
  return { stopped: running };
}

/** Stops whatever start started (any owner) and removes the env file. Safe to call when nothing runs. */
export async function stopServices() {
  return withLock(stopUnlocked);
}

/** For jest's global teardown: drops this run's lease; stops the services if a jest run started them and no
 * other jest run still uses them. */
export async function releaseJestLease() {
  return withLock(async () => {
    rmSync(join(LEASE_DIR, String(process.pid)), { force: true });
    const state = readState();
    if (state.owner !== 'jest') return { stopped: [], reason: 'started outside jest' };
    const others = otherLiveLeases();
    if (others.length > 0) return { stopped: [], reason: `still used by pid ${others.join(', ')}` };
    return stopUnlocked();
  });
}

export async function servicesStatus() {
  const state = readState();
  const [neo4jProbe, motoProbe] = await Promise.all([neo4jAnswers(state.neo4j), motoAnswers(state.moto)]);
  const neo4j = state.neo4j && { pid: state.neo4j.pid, uris: state.neo4j.servers.map((s) => s.uri) };
  const moto = state.moto && { pid: state.moto.pid, endpoint: state.moto.endpoint };
  return {
    neo4j: neo4j ? { ...neo4j, answers: neo4jProbe.answers, problem: neo4jProbe.problem } : null,
    moto: moto ? { ...moto, answers: motoProbe.answers, problem: motoProbe.problem } : null,
    owner: state.owner ?? null,
    leases: otherLiveLeases(),
  };
}
