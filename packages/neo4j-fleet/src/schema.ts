import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { ajvClass } from '@credex/action-kit';

/**
 * JSON Schemas for the inventory file and the `limits` input: unknown keys are errors, not silently ignored. The
 * inventory may carry the license limits (neo4j-license-check's), so their shape is checked with the file's.
 */

/** Limits as written: environment → instance count, `max-cores`, `max-memory` (bytes or a size like 256GB). */
export type RawLimits = Record<string, number | string>;

const ENV_NAME = '^(?!max-)[a-z][a-z0-9_-]*$';

export const limitsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    'max-cores': { type: 'integer', minimum: 1 },
    'max-memory': {
      oneOf: [
        { type: 'integer', minimum: 1 },
        { type: 'string', pattern: '^\\s*\\d+(\\.\\d+)?\\s*([kKmMgGtT]([iI]?[bB])?|[bB])?\\s*$' },
      ],
    },
  },
  patternProperties: { [ENV_NAME]: { type: 'integer', minimum: 0 } },
} as const;

const instanceSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'uri', 'user-env', 'password-env'],
  properties: {
    name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' },
    role: { type: 'string', minLength: 1 },
    uri: { type: 'string', minLength: 1 },
    'user-env': { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
    'password-env': { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
    database: { type: 'string', minLength: 1 },
    aura: { type: 'boolean' },
    'ec2-instance-id': { type: 'string', pattern: '^i-[0-9a-f]{8,17}$' },
    'ec2-name': { type: 'string', minLength: 1 },
    'license-file': { type: 'string', pattern: '^/[A-Za-z0-9._/-]+$' },
    'log-file': { type: 'string', minLength: 1 },
    'log-group': { type: 'string', minLength: 1 },
    'log-stream-prefix': { type: 'string', minLength: 1 },
  },
} as const;

export const inventorySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['environments'],
  properties: {
    limits: limitsSchema,
    environments: {
      type: 'object',
      minProperties: 1,
      additionalProperties: false,
      patternProperties: {
        [ENV_NAME]: {
          type: 'object',
          additionalProperties: false,
          required: ['instances'],
          properties: { instances: { type: 'array', items: instanceSchema } },
        },
      },
    },
  },
} as const;

let ajv: Ajv | undefined;

/**
 * A validator compiled on its first call (as @credex/smoke does): compiling at import cost every start of
 * neo4j-license-check tens of milliseconds before its first input was read. `errors` is the last call's.
 */
function compiledOnFirstUse(schema: object): ValidateFunction {
  let compiled: ValidateFunction | undefined;
  const validate = (data: unknown): boolean => {
    compiled ??= (ajv ??= new (ajvClass())({ allErrors: false, strict: true })).compile(schema);
    return compiled(data);
  };
  return Object.defineProperty(validate, 'errors', { get: () => compiled?.errors }) as unknown as ValidateFunction;
}

export const validateInventoryShape = compiledOnFirstUse(inventorySchema);
export const validateLimitsShape = compiledOnFirstUse(limitsSchema);

/** One readable line for the first schema error: where it is, and what is wrong. */
export function describeSchemaError(error: ErrorObject | undefined): string {
  if (!error) return 'is not valid';
  const where = error.instancePath === '' ? 'top level' : error.instancePath.slice(1).replace(/\//g, '.');
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where}: unknown key '${String(params.additionalProperty)}'`;
    case 'required':
      return `${where}: missing '${String(params.missingProperty)}'`;
    case 'type':
      return `${where}: must be ${String(params.type)}`;
    case 'oneOf':
      return `${where}: must be a number of bytes or a size like 256GB`;
    case 'pattern':
      return `${where}: has an invalid value`;
    default:
      return `${where}: ${error.message ?? 'is not valid'}`;
  }
}
