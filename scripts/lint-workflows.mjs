#!/usr/bin/env node
// Lints this repository's workflows and the workflow templates with actionlint, built from the Go module proxy
// at a pinned version (Go caches the build after the first run).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ACTIONLINT = 'github.com/rhysd/actionlint/cmd/actionlint@v1.7.12';
const root = resolve(import.meta.dirname, '..');

if (spawnSync('go', ['version']).status !== 0) {
  console.error('lint-workflows: Go is needed to build actionlint; install Go 1.22 or newer');
  process.exit(1);
}
const files = ['.github/workflows', 'action-templates'].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
    .map((f) => join(dir, f)),
);
const result = spawnSync('go', ['run', ACTIONLINT, ...files], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
console.log(`lint-workflows: ${files.length} workflow files clean`);
