// An esbuild plugin that treats some files as free of import side effects (package.json "sideEffects": false, which
// they do not declare), so the bundler drops a module none of whose exports is used instead of loading it at start.
//  - @actions/*: @actions/core imports @actions/http-client, and with it undici (~400 KB), only for getIDToken.
//  - our packages/*/src: an action's inputs.ts imports a parser from a package's index.ts, which re-exports modules
//    that import AWS SDK clients or drivers; without this those would load before any input is read.
import { isAbsolute, sep } from 'node:path';

const SKIP = Symbol('side-effect-free');

/**
 * @param {{ specifiers: string[], isFree: (path: string) => boolean }} options
 *   specifiers: import prefixes that may resolve to such files (bare imports); isFree: whether a resolved file is one
 */
export function sideEffectFree({ specifiers, isFree }) {
  return {
    name: 'side-effect-free',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === SKIP || args.path.startsWith('node:')) return undefined;
        if (isAbsolute(args.path)) return isFree(args.path) ? { path: args.path, sideEffects: false } : undefined;
        const relative = args.path.startsWith('.');
        const candidate = relative
          ? isFree(args.importer) || !args.importer.includes(`${sep}node_modules${sep}`)
          : specifiers.some((s) => args.path.startsWith(s));
        if (!candidate) return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: SKIP,
        });
        if (resolved.errors.length > 0 || !isFree(resolved.path)) return undefined;
        return { path: resolved.path, namespace: resolved.namespace, sideEffects: false };
      });
    },
  };
}
