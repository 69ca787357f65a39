import { createRequire } from 'node:module';
import type * as AjvModule from 'ajv';
import type * as Yaml from 'yaml';

// yaml and ajv, loaded on first use rather than when the action starts. Every action reads its inputs through this
// kit and several parse them with these two: initialising them (tens of milliseconds each) before the first input
// was read was most of an action's cold start, also when the inputs that need them were not given.
// In a bundle `require` is esbuild's: the package (CommonJS) is bundled and its module body runs at the first call.
// Unbundled (jest, tsx) an ES module has no `require`, and Node's comes from createRequire.
/* eslint-disable @typescript-eslint/no-require-imports -- the lazily initialised require explained above */

let yaml: typeof Yaml | undefined;
let ajv: typeof AjvModule | undefined;

export function parseYaml(
  text: string,
  options?: Yaml.ParseOptions & Yaml.DocumentOptions & Yaml.SchemaOptions,
): unknown {
  yaml ??= (typeof require === 'function' ? require('yaml') : createRequire(import.meta.url)('yaml')) as typeof Yaml;
  return yaml.parse(text, options) as unknown;
}

/** The Ajv class (JSON Schema validation). */
export function ajvClass(): typeof AjvModule.Ajv {
  ajv ??= (typeof require === 'function' ? require('ajv') : createRequire(import.meta.url)('ajv')) as typeof AjvModule;
  return ajv.Ajv;
}
