import { spawn } from 'node:child_process';
import { accessSync, constants, openSync, closeSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** Small process helpers for the test services (Linux first; degrades gracefully without /proc). */

export function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

export function isAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** True when pid is alive and its command line contains marker (guards against a recycled pid). */
export function isOurProcess(pid, marker) {
  if (!isAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return true; // no /proc here: trust the pid file
  }
}

/** Starts a process in its own group, output to logFile, so it outlives the command that started it. */
export function spawnDetached(command, args, { logFile, env, cwd }) {
  const out = openSync(logFile, 'w');
  try {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', out, out], env, cwd });
    const exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('error', (error) => resolve({ code: null, signal: null, error }));
    });
    child.unref();
    return { pid: child.pid, exited };
  } finally {
    closeSync(out);
  }
}

/** SIGTERM to the process group, then SIGKILL after graceMs. Resolves when it is gone. */
export async function stopProcess(pid, graceMs = 15_000) {
  const signalGroup = (signal) => {
    try {
      process.kill(-pid, signal);
    } catch {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
  };
  if (!isAlive(pid)) return 'not running';
  signalGroup('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return 'stopped';
    await delay(100);
  }
  signalGroup('SIGKILL');
  while (isAlive(pid)) await delay(50);
  return 'killed';
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Polls check() until it returns a truthy value. Fails with a message naming what we waited for and the last error,
 * or early when stillRunning() says the process died.
 */
export async function waitFor(what, check, { timeoutMs, intervalMs = 250, failed }) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    const reason = failed?.();
    if (reason) throw new Error(`${what}: ${reason}`);
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError ? ` (last error: ${lastError.message ?? lastError})` : '';
      throw new Error(`${what}: no answer within ${Math.round(timeoutMs / 1000)} s${detail}`);
    }
    await delay(intervalMs);
  }
}
