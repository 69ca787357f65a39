import {
  buildSarif,
  severityToLevel,
  severityToSecuritySeverity,
  type SarifLog,
  type SarifResultInput,
  type SarifRuleInput,
  type Severity,
} from '@credex/reports';
import { createHash } from 'node:crypto';
import type { EvaluatedAlert } from './evaluate';
import { ruleId, type Risk } from './model';

const SEVERITY: Record<Risk, Severity> = { high: 'high', medium: 'medium', low: 'low', informational: 'info' };

export interface ZapSarifOptions {
  /** Repository file every result is placed on, relative with forward slashes (code scanning rejects URLs). */
  location: string;
  zapVersion?: string;
  /**
   * Results per alert (GitHub shows at most 5,000 results of a run, highest severity first); the last result of a
   * cut alert says how many more the report holds. Default 20.
   */
  maxInstancesPerAlert?: number;
}

function clip(value: string, max = 200): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

function rule(alert: EvaluatedAlert): SarifRuleInput {
  const id = ruleId(alert);
  const tags = ['security', 'dast', 'zap'];
  if (alert.cweId) tags.push(`external/cwe/cwe-${alert.cweId}`);
  return {
    id,
    name: alert.name.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')),
    shortDescription: alert.name,
    fullDescription: alert.description || alert.name,
    helpUri: `https://www.zaproxy.org/docs/alerts/${encodeURIComponent(id)}/`,
    help: {
      text: [alert.solution, alert.reference].filter(Boolean).join('\n\n') || alert.name,
      markdown: [
        `**Solution**\n\n${alert.solution || '—'}`,
        alert.reference ? `**References**\n\n${alert.reference}` : '',
      ]
        .filter(Boolean)
        .join('\n\n'),
    },
    tags,
    securitySeverity: severityToSecuritySeverity(SEVERITY[alert.risk]),
    level: severityToLevel(SEVERITY[alert.risk]),
    precision:
      alert.confidence === 'high' || alert.confidence === 'confirmed'
        ? 'high'
        : alert.confidence === 'medium'
          ? 'medium'
          : 'low',
    properties: { zapPluginId: alert.pluginId, ...(alert.cweId ? { cwe: `CWE-${alert.cweId}` } : {}) },
  };
}

/**
 * SARIF for a dynamic scan: a rule per plugin/alertRef (CWE tag, level by risk, numeric security-severity), and a
 * result per instance placed on a repository file, with the URL, method, parameter and evidence in the message.
 */
export function zapToSarif(alerts: EvaluatedAlert[], options: ZapSarifOptions): SarifLog {
  const rules = new Map<string, SarifRuleInput>();
  const results: SarifResultInput[] = [];
  for (const alert of alerts) {
    const id = ruleId(alert);
    if (!rules.has(id)) rules.set(id, rule(alert));
    const all = alert.instances.length
      ? alert.instances
      : [{ uri: alert.site, method: '', param: '', attack: '', evidence: '', otherInfo: '' }];
    const limit = options.maxInstancesPerAlert ?? 20;
    const instances = all.slice(0, limit);
    const more = Math.max(alert.count, all.length) - instances.length;
    for (const [index, instance] of instances.entries()) {
      const parts = [
        `${alert.name} (${alert.risk} risk, ${alert.confidence} confidence) at ${instance.method ? `${instance.method} ` : ''}${instance.uri}`,
      ];
      if (instance.param) parts.push(`parameter: ${clip(instance.param)}`);
      if (instance.attack) parts.push(`attack: ${clip(instance.attack)}`);
      if (instance.evidence) parts.push(`evidence: ${clip(instance.evidence)}`);
      if (more > 0 && index === instances.length - 1) parts.push(`${more} more instance(s) in the ZAP report`);
      const fingerprint = createHash('sha256')
        .update([id, instance.method, instance.uri, instance.param].join('\u0000'))
        .digest('hex')
        .slice(0, 32);
      results.push({
        ruleId: id,
        message: parts.join('; '),
        locations: [
          {
            uri: options.location.split('/').map(encodeURIComponent).join('/'),
            startLine: 1,
            message: `${instance.method} ${instance.uri}`.trim(),
          },
        ],
        partialFingerprints: { 'zapAlert/v1': fingerprint },
        properties: { url: instance.uri, method: instance.method, param: instance.param },
      });
    }
  }
  return buildSarif([
    {
      tool: {
        name: 'ZAP',
        version: options.zapVersion,
        informationUri: 'https://www.zaproxy.org/',
        rules: [...rules.values()],
      },
      // The run's automation id comes from the sarif-category input (fitSarifToGitHub), when the file is written.
      results,
    },
  ]);
}
