import { ignoreMatches, type IgnoreRule } from './ignores';
import type { SnykFinding, SnykProject } from './model';
import { emptyCounts, severityRank, type Severity, type SeverityCounts } from './severity';

export type FailOn = 'all' | 'upgradable' | 'patchable';

export interface GateOptions {
  severityThreshold: Severity;
  failOn: FailOn;
  ignores: IgnoreRule[];
  now?: Date;
}

export interface GateResult {
  passed: boolean;
  /** Findings left after ignores, every severity. */
  findings: (SnykFinding & { project: string })[];
  counts: SeverityCounts;
  /** Findings that fail the gate (at or above the threshold and matching fail-on). */
  failing: (SnykFinding & { project: string })[];
  /** Findings ignored by the `ignore` input (source 'input') or by Snyk itself (source 'snyk', Snyk Code). */
  ignored: { finding: SnykFinding & { project: string }; rule: IgnoreRule; source: 'input' | 'snyk' }[];
  /** Ignore rules past their expiry that matched a finding (and so no longer hid it). */
  expired: IgnoreRule[];
  /** Projects Snyk could not test. */
  errors: { project: string; error: string }[];
}

function actionable(finding: SnykFinding, failOn: FailOn): boolean {
  if (failOn === 'all') return true;
  if (failOn === 'upgradable') return finding.isUpgradable;
  return finding.isUpgradable || finding.isPatchable;
}

export function evaluateGate(projects: SnykProject[], options: GateOptions): GateResult {
  const now = options.now ?? new Date();
  const result: GateResult = {
    passed: true,
    findings: [],
    counts: emptyCounts(),
    failing: [],
    ignored: [],
    expired: [],
    errors: [],
  };
  for (const project of projects) {
    if (project.error !== undefined) result.errors.push({ project: project.name, error: project.error });
    for (const finding of project.findings) {
      const entry = { ...finding, project: project.name };
      if (finding.snykIgnore) {
        result.ignored.push({ finding: entry, rule: snykIgnoreRule(finding), source: 'snyk' });
        continue;
      }
      const rules = options.ignores.filter((rule) => ignoreMatches(rule, finding));
      const active = rules.find((rule) => !rule.expires || rule.expires.getTime() >= now.getTime());
      if (active) {
        result.ignored.push({ finding: entry, rule: active, source: 'input' });
        continue;
      }
      for (const rule of rules) if (!result.expired.includes(rule)) result.expired.push(rule);
      result.findings.push(entry);
      result.counts[finding.severity] += 1;
      if (
        severityRank(finding.severity) >= severityRank(options.severityThreshold) &&
        actionable(finding, options.failOn)
      ) {
        result.failing.push(entry);
      }
    }
  }
  result.passed = result.failing.length === 0 && result.errors.length === 0;
  return result;
}

/** Snyk's own ignore, shown like one from the `ignore` input. */
function snykIgnoreRule(finding: SnykFinding): IgnoreRule {
  const ignore = finding.snykIgnore!;
  const why = [ignore.category, ignore.justification].filter(Boolean).join(': ');
  const rule: IgnoreRule = { id: finding.id, reason: `ignored in Snyk${why ? ` (${why})` : ''}` };
  const expires = ignore.expires ? new Date(ignore.expires) : undefined;
  if (expires && !Number.isNaN(expires.getTime())) rule.expires = expires;
  return rule;
}
