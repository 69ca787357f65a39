#!/usr/bin/env node
// Type-checks the project, then bundles each action (actions/<name>/src/index.ts) with @vercel/ncc into
// <out>/<name>/index.js, with the licenses of bundled dependencies in licenses.txt.
// Usage: node scripts/build.mjs [--out DIR] [--skip-typecheck] [action ...]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
let out = join(root, 'dist');
let typecheck = true;
const names = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--out') out = resolve(args[++i]);
  else if (args[i] === '--skip-typecheck') typecheck = false;
  else names.push(args[i]);
}

const actions = readdirSync(join(root, 'actions'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, 'actions', d.name, 'src', 'index.ts')))
  .map((d) => d.name)
  .sort();
const unknown = names.filter((n) => !actions.includes(n));
if (unknown.length) {
  console.error(`build: unknown action(s): ${unknown.join(', ')} (known: ${actions.join(', ')})`);
  process.exit(1);
}
const selected = names.length ? names : actions;

const bin = (name) => join(root, 'node_modules', '.bin', name);
if (typecheck) {
  console.log('build: type-checking');
  execFileSync(bin('tsc'), ['--noEmit', '-p', join(root, 'tsconfig.json')], { stdio: 'inherit', cwd: root });
}

for (const name of selected) {
  const target = join(out, name);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  console.log(`build: bundling ${name}`);
  execFileSync(
    bin('ncc'),
    [
      'build',
      join('actions', name, 'src', 'index.ts'),
      '-o',
      target,
      '--license',
      'licenses.txt',
      '--quiet',
      '--transpile-only',
    ],
    { stdio: 'inherit', cwd: root, env: { ...process.env, NODE_OPTIONS: '' } },
  );
}
