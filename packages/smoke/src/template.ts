/** `${name}` (a captured variable) and `${env.NAME}` (an environment variable) inside check fields. */

const REFERENCE = /\$\{([^}]*)\}/g;
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ENV = /^env\.([A-Za-z_][A-Za-z0-9_]*)$/;

export interface References {
  variables: string[];
  env: string[];
  /** References that are neither (reported as configuration errors). */
  bad: string[];
}

export function findReferences(values: unknown[]): References {
  const refs: References = { variables: [], env: [], bad: [] };
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const match of value.matchAll(REFERENCE)) {
        const inner = (match[1] ?? '').trim();
        const env = ENV.exec(inner);
        if (env?.[1]) refs.env.push(env[1]);
        else if (VARIABLE.test(inner)) refs.variables.push(inner);
        else refs.bad.push(match[0]);
      }
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(visit);
  };
  values.forEach(visit);
  return { variables: [...new Set(refs.variables)], env: [...new Set(refs.env)], bad: refs.bad };
}

export interface Scope {
  variables: Map<string, string>;
  env: Record<string, string | undefined>;
}

/** Replaces references in a string; references were validated at parse time and before the run. */
export function interpolate(text: string, scope: Scope): string {
  return text.replace(REFERENCE, (whole, raw: string) => {
    const inner = raw.trim();
    const env = ENV.exec(inner);
    if (env?.[1]) return scope.env[env[1]] ?? '';
    return scope.variables.get(inner) ?? whole;
  });
}

/** Interpolates every string inside a JSON value (keys left alone), so substituted text needs no escaping. */
export function interpolateJson(value: unknown, scope: Scope): unknown {
  if (typeof value === 'string') return interpolate(value, scope);
  if (Array.isArray(value)) return value.map((v) => interpolateJson(v, scope));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateJson(v, scope)]));
  }
  return value;
}
