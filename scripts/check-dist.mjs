#!/usr/bin/env node
// Rebuilds every bundle into a temporary folder and fails if dist/ is not what the sources build to. The chunks are
// minified, so what it shows is readable: which files differ (git diff --stat) and the diff of dist/manifest.md
// (the modules in each file, with sizes) and of licenses.txt, not lines of minified code.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');
const fresh = mkdtempSync(join(tmpdir(), 'check-dist-'));
const diff = (...args) => spawnSync('git', ['diff', '--no-index', '--no-color', ...args], { encoding: 'utf8' });
try {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--out', fresh], { stdio: 'inherit', cwd: root });
  const stat = diff('--stat=120', '--exit-code', dist, fresh);
  if (stat.status !== 0) {
    console.error('check-dist: dist/ differs from a clean build. Run `npm run build` and commit dist/.');
    console.error(stat.stdout);
    for (const file of ['manifest.md', 'licenses.txt', 'package.json']) {
      const detail = diff('--text', join(dist, file), join(fresh, file));
      if (detail.stdout) console.error(detail.stdout.split('\n').slice(0, 150).join('\n'));
    }
    process.exit(1);
  }
  console.log('check-dist: dist/ matches a clean build');
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
