import {
  details as detailsBlock,
  markdownTable,
  renderJUnit,
  truncate,
  JOB_SUMMARY_MAX_BYTES,
  type JUnitCase,
  type JUnitReport,
} from '@credex/reports';
import type { Limits } from './limits';
import type { Mismatch } from '@credex/neo4j-fleet';
import { CASE_IDS, CASE_TITLES, type CaseResult, type FailOn, type Mode, type Status } from './types';

export interface InstanceSummary {
  environment: string;
  name: string;
  role?: string;
  uri?: string;
  aura: boolean;
  ec2?: { instanceId: string; instanceType: string; matchedBy?: string };
  edition?: string;
  version?: string;
}

/** The machine-readable report (`report-file`): one entry per case and instance. */
export interface LicenseReport {
  tool: 'neo4j-license-check';
  generatedAt: string;
  mode: Mode;
  environments: string[];
  limits: { instances: Record<string, number>; maxCores: number; maxMemoryBytes: number };
  instances: InstanceSummary[];
  mismatches: Mismatch[];
  results: CaseResult[];
  counts: Record<Status, number>;
}

export function countResults(results: CaseResult[]): Record<Status, number> {
  const counts: Record<Status, number> = { pass: 0, fail: 0, warn: 0, skipped: 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}

export function buildReport(input: {
  mode: Mode;
  environments: string[];
  limits: Limits;
  instances: InstanceSummary[];
  mismatches: Mismatch[];
  results: CaseResult[];
  now?: Date;
}): LicenseReport {
  const order = (r: CaseResult): number => CASE_IDS.indexOf(r.case);
  const results = [...input.results].sort(
    (a, b) =>
      input.environments.indexOf(a.environment) - input.environments.indexOf(b.environment) || order(a) - order(b),
  );
  return {
    tool: 'neo4j-license-check',
    generatedAt: (input.now ?? new Date()).toISOString(),
    mode: input.mode,
    environments: input.environments,
    limits: {
      instances: input.limits.instances,
      maxCores: input.limits.maxCores,
      maxMemoryBytes: input.limits.maxMemoryBytes,
    },
    instances: input.instances,
    mismatches: input.mismatches,
    results,
    counts: countResults(results),
  };
}

/** Whether the step should fail: `fail` on any failure, `warn` on failures or warnings, `never` never. */
export function shouldFail(counts: Record<Status, number>, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  if (failOn === 'warn') return counts.fail + counts.warn > 0;
  return counts.fail > 0;
}

const JUNIT_STATUS: Record<Status, JUnitCase['status']> = {
  pass: 'passed',
  fail: 'failed',
  warn: 'passed',
  skipped: 'skipped',
};

/** One testcase per case per instance; a warning passes in JUnit (fail-on decides the step) but says so. */
export function renderLicenseJUnit(report: LicenseReport): string {
  const junit: JUnitReport = {
    name: 'neo4j-license-check',
    suites: report.environments.map((environment) => ({
      name: `neo4j-license-check ${environment}`,
      timestamp: report.generatedAt.replace(/\.\d{3}Z$/, 'Z'),
      properties: { mode: report.mode, environment },
      cases: report.results
        .filter((r) => r.environment === environment)
        .map((r) => ({
          name: `${CASE_TITLES[r.case]} [${r.instance === '*' ? environment : r.instance}]`,
          classname: `neo4j-license.${environment}.${r.case}`,
          durationMs: r.durationMs,
          status: JUNIT_STATUS[r.status],
          message: r.status === 'pass' ? undefined : r.reason,
          type: r.status === 'fail' ? 'LicenseCheckFailed' : undefined,
          details: r.status === 'fail' ? [r.reason, ...r.details].join('\n') : undefined,
          systemOut:
            r.status === 'warn' ? `WARNING: ${r.reason}\n${r.details.join('\n')}` : r.details.join('\n') || undefined,
        })),
    })),
  };
  return renderJUnit(junit);
}

const ICON: Record<Status, string> = { pass: '✅ pass', fail: '❌ fail', warn: '⚠️ warn', skipped: '⏭️ skipped' };

/** Job summary: per environment a matrix of cases × instances, every non-pass with its reason, then details. */
export function renderSummary(report: LicenseReport): string {
  const c = report.counts;
  const parts: string[] = [
    `## Neo4j license check (${report.mode})\n`,
    `${c.pass} passed, ${c.fail} failed, ${c.warn} warnings, ${c.skipped} skipped across ${report.environments.join(', ')}.\n`,
  ];
  for (const environment of report.environments) {
    const results = report.results.filter((r) => r.environment === environment);
    const instances = [...new Set(results.filter((r) => r.instance !== '*').map((r) => r.instance))];
    const cell = (r: CaseResult | undefined): string => (r ? ICON[r.status] : '—');
    const rows = CASE_IDS.map((id) => {
      const forCase = results.filter((r) => r.case === id);
      const whole = forCase.find((r) => r.instance === '*');
      return [CASE_TITLES[id], ...instances.map((name) => cell(whole ?? forCase.find((r) => r.instance === name)))];
    });
    parts.push(`### ${environment}\n`, markdownTable(['Case', ...instances], rows));
    const problems = results.filter((r) => r.status !== 'pass');
    if (problems.length) {
      parts.push(
        '\n' +
          markdownTable(
            ['Case', 'Instance', 'Result', 'Reason'],
            problems.map((r) => [
              CASE_TITLES[r.case],
              r.instance === '*' ? environment : r.instance,
              ICON[r.status],
              r.reason,
            ]),
          ),
      );
    }
    const mismatches = report.mismatches.filter((m) => m.environment === environment);
    if (mismatches.length) {
      parts.push(`\n**Inventory and EC2 disagree:**\n\n${mismatches.map((m) => `- ${m.detail}`).join('\n')}\n`);
    }
    const body = results
      .map(
        (r) =>
          `**${CASE_TITLES[r.case]} — ${r.instance === '*' ? environment : r.instance}**: ${r.reason}\n${r.details.map((d) => `- ${d}`).join('\n')}`,
      )
      .join('\n\n');
    parts.push('\n' + detailsBlock(`Details for ${environment}`, body));
  }
  return truncate(parts.join('\n'), { maxBytes: JOB_SUMMARY_MAX_BYTES - 1024 }).text;
}
