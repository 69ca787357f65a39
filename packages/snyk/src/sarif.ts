import {
  automationId,
  buildSarif,
  clampSecuritySeverity,
  severityToLevel,
  severityToSecuritySeverity,
  type SarifLog,
  type SarifResultInput,
  type SarifRuleInput,
} from '@credex/reports';
import { createHash } from 'node:crypto';
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

function messageFor(finding: SnykFinding): string {
  if (finding.kind === 'code' || finding.kind === 'iac') return `${finding.title} (${finding.id})`;
  const pkg = `${finding.packageName ?? 'a package'}${finding.version ? `@${finding.version}` : ''}`;
  const via = finding.paths[0]?.slice(1).join(' > ');
  const fix = finding.upgradeTo
    ? ` Upgrade to ${finding.upgradeTo}.`
    : finding.fixedIn.length
      ? ` Fixed in ${finding.fixedIn.join(', ')}.`
      : '';
  return `This file introduces ${pkg} with ${finding.severity} severity ${finding.kind === 'license' ? 'license issue' : 'vulnerability'} ${finding.id}: ${finding.title}.${via ? ` Introduced through ${via}.` : ''}${fix}`;
}

/** One run per project (target), each with its own automation id so uploads do not replace each other. */
export function snykToSarif(projects: SnykProject[], options: SnykSarifOptions): SarifLog {
  const runs = projects
    .filter((project) => project.error === undefined)
    .map((project) => {
      const rules = new Map<string, SarifRuleInput>();
      const results: SarifResultInput[] = [];
      for (const finding of project.findings) {
        if (!rules.has(finding.id)) rules.set(finding.id, ruleFor(finding));
        const uri = finding.file ?? project.targetFile ?? options.fallbackLocation;
        const fingerprint = createHash('sha256')
          .update(
            [project.name, finding.id, finding.packageName, finding.version, finding.file, finding.line].join('\u0000'),
          )
          .digest('hex')
          .slice(0, 32);
        results.push({
          ruleId: finding.id,
          message: messageFor(finding),
          locations: [{ uri: uri.split('/').map(encodeURIComponent).join('/'), startLine: finding.line ?? 1 }],
          partialFingerprints: { 'snykFinding/v1': fingerprint },
        });
      }
      return {
        tool: {
          name: TOOL_NAMES[options.scanType],
          informationUri: 'https://docs.snyk.io/',
          rules: [...rules.values()],
        },
        results,
        automationId: automationId(`snyk-${options.scanType}`, project.name),
      };
    });
  return buildSarif(runs);
}
