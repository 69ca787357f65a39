#!/usr/bin/env node
// Rebuilds every bundle into a temporary folder and fails, showing the difference, if dist/ is not what the
// sources build to.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const fresh = mkdtempSync(join(tmpdir(), 'check-dist-'));
try {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--out', fresh], { stdio: 'inherit', cwd: root });
  const diff = spawnSync('git', ['diff', '--no-index', '--stat', '--exit-code', join(root, 'dist'), fresh], {
    encoding: 'utf8',
  });
  if (diff.status !== 0) {
    console.error('check-dist: dist/ differs from a clean build. Run `npm run build` and commit dist/.');
    console.error(diff.stdout);
    const detail = spawnSync('git', ['diff', '--no-index', '--no-color', '--text', join(root, 'dist'), fresh], {
      encoding: 'utf8',
    });
    console.error(detail.stdout.split('\n').slice(0, 200).join('\n'));
    process.exit(1);
  }
  console.log('check-dist: dist/ matches a clean build');
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
