import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runner = join(root, 'bench', 'run.mjs');

function bench(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [runner, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const scratch = mkdtempSync(join(tmpdir(), 'bench-runner-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function write(path: string, text: string): string {
  const file = join(scratch, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

describe('bench/run.mjs', () => {
  const dir = join(scratch, 'benches');
  write('benches/alpha.bench.ts', 'const n: number = 41 + 1;\nconsole.log(`alpha figure: ${n} ops/s`);\n');
  write('benches/boom.bench.ts', "throw new Error('benchmark broke');\n");
  write('benches/zeta.bench.ts', "console.log('zeta figure:', process.argv.slice(2).join(' '));\n");

  it('runs every benchmark in order, prints their figures, and fails only because one crashed', () => {
    const r = bench('--dir', dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('alpha figure: 42 ops/s');
    expect(r.out).toContain('zeta figure:');
    expect(r.out.indexOf('=== bench: alpha ===')).toBeLessThan(r.out.indexOf('=== bench: boom ==='));
    expect(r.out.indexOf('=== bench: boom ===')).toBeLessThan(r.out.indexOf('=== bench: zeta ==='));
    expect(r.out).toMatch(/CRASHED\s+boom/);
    expect(r.out).toMatch(/ok\s+alpha/);
    expect(r.err).toContain('1 of 3 benchmark(s) crashed: boom');
  });

  it('runs only the benchmarks named, passing arguments after --', () => {
    const r = bench('--dir', dir, 'zeta', 'alpha', '--', '--runs', '3');
    expect(r.code).toBe(0);
    expect(r.out).toContain('zeta figure: --runs 3');
    expect(r.out).not.toContain('=== bench: boom ===');
    expect(r.out.indexOf('=== bench: zeta ===')).toBeLessThan(r.out.indexOf('=== bench: alpha ==='));
  });

  it('refuses an unknown name and lists what exists', () => {
    const r = bench('--dir', dir, 'nope');
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown benchmark(s): nope (available: alpha, boom, zeta)');
  });
});

describe('bench/bundles.bench.ts', () => {
  it('prints the tarball, what each bundle loads, its cold start against the floor with the goal, and how runs ended', () => {
    write('repo/actions/gate/action.yml', 'inputs:\n  base-url:\n    required: true\n  retries:\n    default: "3"\n');
    write(
      'repo/dist/gate/index.js',
      "if (!process.env['INPUT_BASE-URL']) { console.log('::error::gate: input base-url is required'); process.exit(1); }\n" +
        `// ${'x'.repeat(5000)}\n`,
    );
    write('repo/actions/free/action.yml', 'inputs:\n  x:\n    default: a\n');
    write('repo/dist/free/index.js', 'console.log("did work");\n');
    write('repo/dist/not-a-bundle/readme.txt', 'no index.js here');
    const r = bench(
      'bundles',
      '--',
      '--runs',
      '3',
      '--dist',
      join(scratch, 'repo/dist'),
      '--actions',
      join(scratch, 'repo/actions'),
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('bundles: 2 actions in');
    expect(r.out).toMatch(
      /\| release tarball \(git archive --format=tar\.gz HEAD\) \| \d+\.\d\d MB \| ≤ 1\.50 MB (✅ met|❌ not met) \|/,
    );
    expect(r.out).toContain('(3 interleaved rounds after a warm-up)');
    expect(r.out).toContain(
      '| action | loaded at start (gzip) | with lazy parts (gzip) | cold start (median) | × node -e 0 (median of rounds) | goal | ended by |',
    );
    expect(r.out).toMatch(
      /\| gate \| 1 files, \d+ KiB \| 1 files, \d+ KiB \| \d+ ms \| \d+\.\d\d× \| ≤ 2× (✅ met|❌ not met) \| input validation \(exit 1\) \|/,
    );
    expect(r.out).toMatch(/\| free \| 1 files, \d+ KiB \| .*\| exit 0 \|/);
    expect(r.out).not.toContain('not-a-bundle');
    expect(r.out).toMatch(/node -e 0 \(floor\): median \d+ ms/);
    // No blue-green-deploy bundle here: the first-connection comparison says so instead of measuring.
    expect(r.out).toContain('blue-green-deploy/index.js: nothing to compare');
  });

  it('says there is nothing to measure when dist has no bundles', () => {
    const r = bench('bundles', '--', '--dist', join(scratch, 'empty-dist'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('nothing to measure');
  });
});
