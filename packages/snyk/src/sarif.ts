import {
  buildSarif,
  clampSecuritySeverity,
  severityToLevel,
  severityToSecuritySeverity,
  type SarifLog,
  type SarifResultInput,
  type SarifRuleInput,
  type SarifSuppression,
} from '@credex/reports';
import { createHash } from 'node:crypto';
import type { GateResult } from './gate';
import type { SnykFinding, SnykProject } from './model';
import type { Severity } from './severity';
import type { ScanType } from './cli';

const TOOL_NAMES: Record<ScanType, string> = {
  'open-source': 'Snyk Open Source',
  code: 'Snyk Code',
  container: 'Snyk Container',
  iac: 'Snyk IaC',
};

// GitHub's bands: a CVSS score is kept when it agrees with Snyk's severity, otherwise moved into the band so
// code scanning ranks the alert the way Snyk does.
const BANDS: Record<Severity, [number, number]> = {
  critical: [9.0, 10.0],
  high: [7.0, 8.9],
  medium: [4.0, 6.9],
  low: [0.1, 3.9],
};

export function securitySeverity(finding: Pick<SnykFinding, 'severity' | 'cvssScore'>): string {
  const score = clampSecuritySeverity(finding.cvssScore);
  if (score === undefined) return severityToSecuritySeverity(finding.severity);
  const [low, high] = BANDS[finding.severity];
  return Math.min(high, Math.max(low, Number(score))).toFixed(1);
}

export interface SnykSarifOptions {
  scanType: ScanType;
  /** Repository file for findings whose target has no file in the repository (e.g. a container image). */
  fallbackLocation: string;
  /** Findings the gate ignored: written as suppressed results, so code scanning shows them as dismissed. */
  ignored?: GateResult['ignored'];
}

function ruleFor(finding: SnykFinding): SarifRuleInput {
  const tags = ['security', ...finding.cwes, finding.kind === 'license' ? 'license' : undefined].filter(
    (t): t is string => t !== undefined,
  );
  const subject = finding.packageName ? `${finding.title} in ${finding.packageName}` : finding.title;
  const fix = finding.fixedIn.length ? `Fixed in: ${finding.fixedIn.join(', ')}.` : 'No fixed version known.';
  return {
    id: finding.id,
    name: finding.id,
    shortDescription: `${finding.severity} severity - ${subject}`,
    fullDescription: [finding.title, ...finding.cves].join(' '),
    helpUri: finding.url,
    help: { text: `${subject}. ${finding.kind === 'code' || finding.kind === 'iac' ? '' : fix}`.trim() },
    tags,
    securitySeverity: securitySeverity(finding),
    level: severityToLevel(finding.severity),
    precision: 'very-high',
  };
}

function messageFor(finding: SnykFinding, project: string, projects: number): string {
  const where = projects > 1 ? ` (${project})` : '';
  if (finding.kind === 'code' || finding.kind === 'iac') return `${finding.title} (${finding.id})${where}`;
  const pkg = `${finding.packageName ?? 'a package'}${finding.version ? `@${finding.version}` : ''}`;
  const via = finding.paths[0]?.slice(1).join(' > ');
  const fix = finding.upgradeTo
    ? ` Upgrade to ${finding.upgradeTo}.`
    : finding.fixedIn.length
      ? ` Fixed in ${finding.fixedIn.join(', ')}.`
      : '';
  return `This file introduces ${pkg} with ${finding.severity} severity ${finding.kind === 'license' ? 'license issue' : 'vulnerability'} ${finding.id}${where}: ${finding.title}.${via ? ` Introduced through ${via}.` : ''}${fix}`;
}

const hash = (parts: (string | number | undefined)[]): string =>
  createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);

/**
 * An identity that survives code moving: no line numbers. Dependencies are identified by project, issue, package
 * and version; IaC issues by file and resource path; Snyk Code issues by file, rule and their order in the file.
 */
function fingerprints(projects: SnykProject[]): Map<SnykFinding, string> {
  const out = new Map<SnykFinding, string>();
  for (const project of projects) {
    const seen = new Map<string, number>();
    const inFileOrder = [...project.findings].sort(
      (a, b) => (a.region?.startLine ?? a.line ?? 0) - (b.region?.startLine ?? b.line ?? 0),
    );
    for (const finding of inFileOrder) {
      if (finding.kind === 'code') {
        const key = `${finding.id}\u0000${finding.file ?? ''}`;
        const n = (seen.get(key) ?? 0) + 1;
        seen.set(key, n);
        out.set(finding, hash(['code', finding.id, finding.file, n]));
      } else if (finding.kind === 'iac') {
        out.set(finding, hash(['iac', finding.id, finding.file, finding.paths[0]?.join('.')]));
      } else {
        out.set(finding, hash([finding.kind, project.name, finding.id, finding.packageName, finding.version]));
      }
    }
  }
  return out;
}

function suppressionFor(
  finding: SnykFinding,
  ignored: Map<string, GateResult['ignored'][number]>,
  key: string,
): SarifSuppression[] | undefined {
  if (finding.snykIgnore) {
    const { kind, status, justification } = finding.snykIgnore;
    return [{ kind, ...(status ? { status } : {}), ...(justification ? { justification } : {}) }];
  }
  const entry = ignored.get(key);
  if (!entry) return undefined;
  return [{ kind: 'external', status: 'accepted', justification: `snyk-scan ignore: ${entry.rule.reason}` }];
}

const findingKey = (project: string, finding: SnykFinding): string =>
  [project, finding.id, finding.packageName, finding.version, finding.file, finding.line].join('\u0000');

/**
 * One run for the scan (GitHub takes one run per tool and category in a file); each project's findings are results
 * of it, with the project named in the message. The run's automation id is set from the category by
 * fitSarifToGitHub when the file is written.
 */
export function snykToSarif(projects: SnykProject[], options: SnykSarifOptions): SarifLog {
  const tested = projects.filter((project) => project.error === undefined);
  const ignored = new Map(
    (options.ignored ?? []).map((entry) => [findingKey(entry.finding.project, entry.finding), entry]),
  );
  const ids = fingerprints(tested);
  const rules = new Map<string, SarifRuleInput>();
  const results: SarifResultInput[] = [];
  for (const project of tested) {
    for (const finding of project.findings) {
      if (!rules.has(finding.id)) rules.set(finding.id, ruleFor(finding));
      const uri = (finding.file ?? project.targetFile ?? options.fallbackLocation)
        .split('/')
        .map(encodeURIComponent)
        .join('/');
      const region = finding.region ?? { startLine: finding.line ?? 1 };
      const suppressions = suppressionFor(finding, ignored, findingKey(project.name, finding));
      results.push({
        ruleId: finding.id,
        message: messageFor(finding, project.name, tested.length),
        locations: [{ uri, ...region }],
        partialFingerprints: { 'snykFinding/v2': ids.get(finding)! },
        ...(finding.codeFlows?.length
          ? {
              codeFlows: finding.codeFlows.map((steps) => ({
                steps: steps.map((step) => ({
                  uri: step.file.split('/').map(encodeURIComponent).join('/'),
                  ...step.region,
                })),
              })),
            }
          : {}),
        ...(suppressions ? { suppressions } : {}),
        ...(tested.length > 1 ? { properties: { project: project.name } } : {}),
      });
    }
  }
  return buildSarif([
    {
      tool: { name: TOOL_NAMES[options.scanType], informationUri: 'https://docs.snyk.io/', rules: [...rules.values()] },
      results,
    },
  ]);
}
