#!/usr/bin/env node
// Runs benchmarks one after another, each in its own process so figures don't disturb each other, and prints what
// they print. Benchmarks report figures; they do not assert, so this fails only when one crashes.
// Usage: node bench/run.mjs [--dir DIR] [name ...] [-- args passed to each benchmark]
//   name: `bundles` runs bench/bundles.bench.ts (a path to a .bench.ts file works too); none = all, sorted.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const dashes = argv.indexOf('--');
const own = dashes === -1 ? argv : argv.slice(0, dashes);
const passThrough = dashes === -1 ? [] : argv.slice(dashes + 1);

let dir = resolve(import.meta.dirname);
const names = [];
for (let i = 0; i < own.length; i++) {
  if (own[i] === '--dir' && own[i + 1]) dir = resolve(own[++i]);
  else names.push(own[i]);
}

const SUFFIX = '.bench.ts';
const available = existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => f.endsWith(SUFFIX))
      .sort()
  : [];

function fileFor(name) {
  if (name.endsWith(SUFFIX) && existsSync(resolve(name))) return resolve(name);
  const file = name.endsWith(SUFFIX) ? basename(name) : `${name}${SUFFIX}`;
  return available.includes(file) ? join(dir, file) : undefined;
}

const unknown = names.filter((n) => !fileFor(n));
if (unknown.length > 0) {
  const known = available.map((f) => f.slice(0, -SUFFIX.length)).join(', ') || 'none';
  console.error(`bench: unknown benchmark(s): ${unknown.join(', ')} (available: ${known})`);
  process.exit(2);
}
const files = names.length > 0 ? names.map(fileFor) : available.map((f) => join(dir, f));
if (files.length === 0) {
  console.log(`bench: no *${SUFFIX} files in ${dir}`);
  process.exit(0);
}

function runOne(file) {
  return new Promise((resolvePromise) => {
    const started = process.hrtime.bigint();
    // tsx as a loader (not its CLI) so benchmarks can use node flags such as --expose-gc for memory figures.
    const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', file, ...passThrough], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    child.on('error', (error) => resolvePromise({ code: null, signal: null, error, started }));
    child.on('exit', (code, signal) => resolvePromise({ code, signal, started }));
  });
}

const results = [];
for (const file of files) {
  const name = basename(file, SUFFIX);
  console.log(`\n=== bench: ${name} ===`);
  const { code, signal, error, started } = await runOne(file);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const ok = code === 0;
  const how = error ? `could not start: ${error.message}` : signal ? `killed by ${signal}` : `exit code ${code}`;
  results.push({ name, ok, how, seconds });
}

console.log('\n=== bench: done ===');
for (const r of results) {
  console.log(
    `${r.ok ? 'ok     ' : 'CRASHED'}  ${r.name.padEnd(24)} ${r.seconds.toFixed(1).padStart(7)} s${r.ok ? '' : `  (${r.how})`}`,
  );
}
const crashed = results.filter((r) => !r.ok);
if (crashed.length > 0) {
  console.error(
    `bench: ${crashed.length} of ${results.length} benchmark(s) crashed: ${crashed.map((r) => r.name).join(', ')}`,
  );
  process.exit(1);
}
