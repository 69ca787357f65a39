import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, spawnDetached, stopProcess, waitFor } from './process-utils.mjs';

/** The moto server (AWS API mock) from a project-local virtual environment, reused when present. */

const run = promisify(execFile);
const REQUIREMENTS = join(import.meta.dirname, 'requirements.txt');

// Asynchronous, so that the Neo4j JVM started alongside keeps being polled while pip works.
async function ensureVenv(repoRoot) {
  const venv = join(repoRoot, '.venv');
  const motoServer = join(venv, 'bin', 'moto_server');
  const python = join(venv, 'bin', 'python');
  const stamp = join(venv, '.credex-requirements');
  const wanted = readFileSync(REQUIREMENTS, 'utf8');
  if (existsSync(motoServer) && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return motoServer;
  if (!existsSync(python)) {
    process.stderr.write('services: creating .venv for moto\n');
    try {
      await run('python3', ['-m', 'venv', venv]);
    } catch (error) {
      throw new Error(`python3 -m venv failed (install python3-venv): ${String(error.stderr ?? error.message).trim()}`);
    }
  }
  process.stderr.write('services: installing moto[server] into .venv\n');
  try {
    await run(python, ['-m', 'pip', 'install', '-q', '--disable-pip-version-check', '-r', REQUIREMENTS]);
  } catch (error) {
    throw new Error(`pip could not install moto[server]: ${String(error.stderr ?? error.message).trim()}`);
  }
  writeFileSync(stamp, wanted);
  return motoServer;
}

export async function startMoto(repoRoot, stateDir, { timeoutMs = 60_000 } = {}) {
  const motoServer = await ensureVenv(repoRoot);
  const port = await freePort();
  const logFile = join(stateDir, 'moto.log');
  const { pid, exited } = spawnDetached(motoServer, ['-H', '127.0.0.1', '-p', String(port)], {
    logFile,
    env: process.env,
    cwd: stateDir,
  });
  let exit;
  void exited.then((result) => (exit = result));
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitFor('moto did not start', () => checkMoto(endpoint), {
      timeoutMs,
      failed: () => (exit ? `moto_server exited (${exit.code ?? exit.signal}); see ${logFile}` : undefined),
    });
  } catch (error) {
    await stopProcess(pid, 2_000);
    throw error;
  }
  return { pid, endpoint };
}

/**
 * STS GetCallerIdentity answers once the server is up, in constant time. (The probe was /moto-api/data.json, which
 * serialises every resource the tests have created: late in a full run, on a loaded machine, it took longer than
 * the probe's limit and `services status` reported a running moto as NOT answering.)
 */
export async function checkMoto(endpoint) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization:
        'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: 'Action=GetCallerIdentity&Version=2011-06-15',
    signal: AbortSignal.timeout(5_000),
  });
  const text = await response.text();
  return response.ok && text.includes('GetCallerIdentityResult');
}
