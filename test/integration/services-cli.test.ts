import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SERVICES_ENV_FILE } from '../services/env';

// The services CLI against the services jest's global setup started (read-only commands only: other test files
// use the same services at the same time).

const CLI = resolve(import.meta.dirname, '..', 'services', 'cli.mjs');

test('start with java, mvn, python3 and pip missing says what to install in one line, exit 1, nothing touched', () => {
  const before = readFileSync(SERVICES_ENV_FILE, 'utf8');
  const bin = mkdtempSync(join(tmpdir(), 'only-node-'));
  try {
    symlinkSync(process.execPath, join(bin, 'node'));
    const result = spawnSync(process.execPath, [CLI, 'start'], {
      env: { PATH: bin, HOME: tmpdir() },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^services: missing java, javac, mvn, python3, pip: install /);
    expect(lines[0]).toContain('apt-get install maven');
    expect(lines[0]).toContain('openjdk-17-jdk-headless');
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
  expect(readFileSync(SERVICES_ENV_FILE, 'utf8')).toBe(before);
});

test('status reports both services answering, with the coordinates of the env file', () => {
  const result = spawnSync(process.execPath, [CLI, 'status'], { encoding: 'utf8' });
  // On failure the message shows the output, which names the probe that did not answer and its last error.
  expect(`exit ${result.status}\n${result.stdout}${result.stderr}`).toMatch(/^exit 0\n/);
  const env = Object.fromEntries(
    readFileSync(SERVICES_ENV_FILE, 'utf8')
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  ) as Record<string, string>;
  expect(result.stdout).toContain(`neo4j: pid `);
  expect(result.stdout).toContain(`${env.NEO4J_URI} ${env.NEO4J2_URI}, answering`);
  expect(result.stdout).toContain(`${env.AWS_ENDPOINT_URL}, answering`);
  // Passwords stay out of the status output.
  expect(result.stdout).not.toContain(env.NEO4J_PASSWORD);
});

test('an unknown command prints usage and exits 2', () => {
  const result = spawnSync(process.execPath, [CLI, 'restart'], { encoding: 'utf8' });
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('usage: node test/services/cli.mjs start|stop|status');
});
