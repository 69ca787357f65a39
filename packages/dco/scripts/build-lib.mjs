#!/usr/bin/env node
// Builds @credex/dco as an npm package into packages/dco/lib: a CommonJS build with type declarations (tsc,
// module commonjs, the ES2022 library only so that nothing newer than Node 18 slips in) and a small ES module entry
// that re-exports it (one copy of the code, whichever way it is loaded). `npm pack` runs this through `prepack`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const dir = resolve(import.meta.dirname, '..');
const lib = join(dir, 'lib');
const require = createRequire(join(dir, 'package.json'));

rmSync(lib, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(dir, 'tsconfig.lib.json')], {
  stdio: ['ignore', 2, 2], // stdout stays clean for `npm pack --json`
  cwd: dir,
});
// The package is "type": "module"; this folder holds CommonJS.
writeFileSync(join(lib, 'cjs', 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);

const names = Object.keys(require(join(lib, 'cjs', 'index.js')))
  .filter((name) => name !== '__esModule')
  .sort();
mkdirSync(join(lib, 'esm'), { recursive: true });
writeFileSync(
  join(lib, 'esm', 'index.js'),
  [
    '// ES module entry: the CommonJS build, re-exported by name.',
    "import cjs from '../cjs/index.js';",
    '',
    `export const { ${names.join(', ')} } = cjs;`,
    '',
  ].join('\n'),
);
writeFileSync(join(lib, 'esm', 'index.d.ts'), "export * from '../cjs/index.js';\n");
console.error(`build-lib: lib/cjs (CommonJS + declarations) and lib/esm (${names.length} named exports)`);
