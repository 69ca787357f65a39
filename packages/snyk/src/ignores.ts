/**
 * Ignores given to the action (in addition to the repository's .snyk policy, which the CLI applies itself).
 * Each needs a reason; an expiry is optional and, once past, the ignore stops applying and the action says so.
 */
export interface IgnoreRule {
  id: string;
  reason: string;
  /** End of the day (UTC) the ignore applies to. */
  expires?: Date;
  /** Only for this package (name or name@version), when given. */
  package?: string;
}

export class IgnoreRuleError extends Error {
  override readonly name = 'IgnoreRuleError';
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads the parsed YAML of the `ignore` input: a list of `{id, reason, expires?, package?}`. */
export function parseIgnoreRules(value: unknown): IgnoreRule[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new IgnoreRuleError('must be a YAML list of {id, reason, expires}');
  return value.map((entry, index) => {
    const where = `entry ${index + 1}`;
    if (!isObject(entry)) throw new IgnoreRuleError(`${where} must be a mapping with id, reason and expires`);
    const id = typeof entry.id === 'string' ? entry.id.trim() : '';
    if (!id) throw new IgnoreRuleError(`${where} has no id`);
    const reason = typeof entry.reason === 'string' ? entry.reason.trim() : '';
    if (!reason) throw new IgnoreRuleError(`${where} (${id}) needs a reason`);
    const rule: IgnoreRule = { id, reason };
    if (entry.expires !== undefined && entry.expires !== null) {
      const text =
        entry.expires instanceof Date
          ? entry.expires.toISOString().slice(0, 10)
          : typeof entry.expires === 'string' || typeof entry.expires === 'number'
            ? String(entry.expires)
            : JSON.stringify(entry.expires);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T23:59:59.999Z`))) {
        throw new IgnoreRuleError(
          `${where} (${id}) expires must be a date like 2027-01-31, got ${JSON.stringify(text)}`,
        );
      }
      rule.expires = new Date(`${text}T23:59:59.999Z`);
    }
    if (typeof entry.package === 'string' && entry.package.trim()) rule.package = entry.package.trim();
    return rule;
  });
}

export function ignoreMatches(
  rule: IgnoreRule,
  finding: { id: string; packageName?: string; version?: string },
): boolean {
  if (rule.id !== finding.id) return false;
  if (!rule.package) return true;
  return rule.package === finding.packageName || rule.package === `${finding.packageName}@${finding.version}`;
}
