import { markdownTable, renderJUnit, type JUnitStatus } from '@credex/reports';
import { CHECK_IDS, type CheckStatus } from './evaluate';
import type { HealthReport } from './run-health';

const ICON: Record<CheckStatus, string> = { pass: '✅', fail: '❌', skipped: '⏭️' };
const JUNIT: Record<CheckStatus, JUnitStatus> = { pass: 'passed', fail: 'failed', skipped: 'skipped' };

export function renderHealthSummary(report: HealthReport): string {
  const { pass, fail, skipped } = report.counts;
  const parts = [`### neo4j-health: ${fail} failed, ${pass} passed, ${skipped} skipped`, ''];
  for (const environment of report.environments) {
    const instances = report.instances.filter((i) => i.environment === environment);
    if (instances.length === 0) continue;
    const rows = CHECK_IDS.map((check) => [
      check,
      ...instances.map((i) => {
        const result = i.checks.find((c) => c.check === check)!;
        return `${ICON[result.status]} ${result.reason}`;
      }),
    ]);
    parts.push(`#### ${environment}`, '', markdownTable(['Check', ...instances.map((i) => i.instance)], rows));
  }
  for (const mismatch of report.mismatches) parts.push(`- ${mismatch.detail}`);
  if (report.discoveryError) parts.push(`- ${report.discoveryError}`);
  return `${parts.join('\n')}\n`;
}

export function renderHealthJUnit(report: HealthReport): string {
  return renderJUnit({
    name: 'neo4j-health',
    suites: report.environments.map((environment) => ({
      name: `neo4j-health ${environment}`,
      timestamp: report.generatedAt.replace(/\.\d{3}Z$/, 'Z'),
      cases: report.instances
        .filter((i) => i.environment === environment)
        .flatMap((i) =>
          i.checks.map((c) => ({
            name: `${c.check} [${i.instance}]`,
            classname: `neo4j-health.${environment}.${c.check}`,
            durationMs: 0,
            status: JUNIT[c.status],
            message: c.status === 'pass' ? undefined : c.reason,
            type: c.status === 'fail' ? 'HealthCheckFailed' : undefined,
            systemOut: c.status === 'pass' ? c.reason : undefined,
          })),
        ),
    })),
  });
}
