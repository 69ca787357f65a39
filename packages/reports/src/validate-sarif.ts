// Kept out of index.ts on purpose: only code that imports this file pulls ajv and the 115 kB schema into a bundle.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import schema from '../schema/sarif-schema-2.1.0.json' with { type: 'json' };

export interface SarifValidationError {
  /** JSON pointer into the document, e.g. /runs/0/results/3/level ('' for the root). */
  path: string;
  message: string;
}

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    // The schema's `language` pattern (`…{2}]?$`) is not valid with the regex `u` flag that ajv uses by default.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    // ajv-formats is CommonJS; depending on the loader its default export is the plugin or the module object.
    const addFormats =
      (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
    addFormats(ajv);
    compiled = ajv.compile(schema);
  }
  return compiled;
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') return `unknown property "${String(params.additionalProperty)}"`;
  if (error.keyword === 'enum') return `${error.message ?? 'not allowed'}: ${JSON.stringify(params.allowedValues)}`;
  return error.message ?? error.keyword;
}

/**
 * Validates a document against the official SARIF 2.1.0 schema (JSON Schema draft-07). Returns every problem
 * found, each with the path where it is; an empty list means valid.
 */
export function validateSarif(doc: unknown): SarifValidationError[] {
  const validate = validator();
  if (validate(doc)) return [];
  const seen = new Set<string>();
  const errors: SarifValidationError[] = [];
  for (const error of validate.errors ?? []) {
    const item = { path: error.instancePath, message: describe(error) };
    const key = `${item.path}\u0000${item.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      errors.push(item);
    }
  }
  return errors;
}

/** One line per problem, for error messages. */
export function formatSarifErrors(errors: SarifValidationError[]): string {
  return errors.map((e) => `${e.path || '/'}: ${e.message}`).join('\n');
}
