#!/usr/bin/env node
// Type-checks the project, then bundles every action in one esbuild run with shared chunks:
//   <out>/<action>/index.js   the action's entry (runs.main), and post.js / pre.js when src/post.ts / src/pre.ts exist
//   <out>/chunks/*.js         code shared between actions or loaded lazily (dynamic import()), minified
//   <out>/package.json        {"type":"module"} for everything below it
//   <out>/manifest.md         per file: size, gzip size and the modules in it (what a reviewer reads instead of
//                             minified code; check-dist shows its diff)
//   <out>/licenses.txt        the licenses of the bundled third-party packages
// Every action under actions/*/src/index.ts is built, new ones included. Chunks are shared, so naming actions
// (`npm run build -- smoke-test`) only checks the names: the whole set is always built together.
// Usage: node scripts/build.mjs [--out DIR] [--skip-typecheck] [action ...]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import * as esbuild from 'esbuild';
import { licensesText, manifestText } from './build/report.mjs';
import { flattenBarrels } from './build/flatten-barrels.mjs';
import { sideEffectFree } from './build/side-effect-free.mjs';

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
if (names.length) console.log(`build: chunks are shared, so all ${actions.length} actions are built`);

if (typecheck) {
  console.log('build: type-checking');
  execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', join(root, 'tsconfig.json')], {
    stdio: 'inherit',
    cwd: root,
  });
}

const packagesDir = join(root, 'packages') + sep;
const actionsToolkitDir = join(root, 'node_modules', '@actions') + sep;

/** One entry per phase file an action has: index (main), and post / pre when present. */
const entryPoints = {};
for (const action of actions) {
  for (const phase of ['index', 'post', 'pre']) {
    const source = join('actions', action, 'src', `${phase}.ts`);
    if (existsSync(join(root, source))) entryPoints[`${action}/${phase}`] = source;
  }
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
console.log(`build: bundling ${actions.length} actions (${Object.keys(entryPoints).length} entries) into ${out}`);
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints,
  outdir: out,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // The runner runs node24; the tests also run the bundles on this machine's Node 20.
  target: 'node20',
  // ES module builds first (the AWS SDK's dist-es): they tree-shake, CommonJS builds do not.
  mainFields: ['module', 'main'],
  tsconfig: join(root, 'tsconfig.json'),
  minify: true,
  // Function and class names survive minification, so stack traces of unexpected errors still say where.
  keepNames: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  plugins: [
    flattenBarrels({ packagesDir, sourceFiles: /[\\/](actions|packages)[\\/][^\\/]+[\\/]src[\\/].*\.ts$/ }),
    sideEffectFree({
      specifiers: ['@actions/', '@credex/'],
      isFree: (path) => path.startsWith(packagesDir) || path.startsWith(actionsToolkitDir),
    }),
  ],
  // Bundled CommonJS packages call require() for Node's built-ins; ES modules have no require of their own.
  banner: {
    js: "import{createRequire as __credexRequire}from'node:module';const require=__credexRequire(import.meta.url);",
  },
});

writeFileSync(join(out, 'package.json'), '{\n  "type": "module"\n}\n');
writeFileSync(join(out, 'manifest.md'), manifestText(result.metafile, out, root));
writeFileSync(join(out, 'licenses.txt'), licensesText(result.metafile, root));
console.log(`build: done (${Object.keys(result.metafile.outputs).length} files; see ${join(out, 'manifest.md')})`);
