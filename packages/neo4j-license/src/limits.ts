import { ConfigurationError } from '@credex/action-kit';
import { describeSchemaError, parseSize, validateLimitsShape, type RawLimits } from '@credex/neo4j-fleet';

export interface Limits {
  /** Maximum instances per environment. */
  instances: Record<string, number>;
  maxCores: number;
  maxMemoryBytes: number;
}

/** The startup license's terms for credex-core. */
export const DEFAULT_LIMITS: Limits = {
  instances: { production: 3, development: 6, staging: 3 },
  maxCores: 24,
  maxMemoryBytes: 256 * 1024 ** 3,
};

export type { RawLimits };

/** Validates a limits mapping (from the inventory file or the `limits` input); `where` names it in errors. */
export function checkLimitsShape(raw: unknown, where: string): RawLimits {
  if (!validateLimitsShape(raw)) {
    throw new ConfigurationError(`${where} ${describeSchemaError(validateLimitsShape.errors?.[0])}`);
  }
  return raw as RawLimits;
}

/** Applies overrides in order (defaults ← inventory ← input). */
export function mergeLimits(base: Limits, ...overrides: (RawLimits | undefined)[]): Limits {
  const result: Limits = { ...base, instances: { ...base.instances } };
  for (const override of overrides) {
    if (!override) continue;
    for (const [key, value] of Object.entries(override)) {
      if (key === 'max-cores') result.maxCores = Number(value);
      else if (key === 'max-memory') result.maxMemoryBytes = parseSize(value) ?? result.maxMemoryBytes;
      else result.instances[key] = Number(value);
    }
  }
  return result;
}
