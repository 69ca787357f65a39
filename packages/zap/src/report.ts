import { shortPrefix } from '@credex/action-kit';
import { CONFIDENCES, RISKS, type ZapAlert, type ZapInstance, type ZapReport } from './model';

/**
 * Reads ZAP's traditional JSON report (`-J`, `/OTHER/core/other/jsonreport/`): every number is a string, `site` is
 * one object or a list, `alertRef` is missing before ZAP 2.9, and instances may lack `evidence`/`attack`.
 */
export class ZapReportError extends Error {
  override readonly name = 'ZapReportError';
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
const integer = (value: unknown): number | undefined => {
  const n = typeof value === 'number' ? value : Number.parseInt(text(value), 10);
  return Number.isFinite(n) ? n : undefined;
};

export function parseZapReport(input: string): ZapReport {
  let data: unknown;
  try {
    data = JSON.parse(input.replace(/^\ufeff/, ''));
  } catch {
    // JSON.parse's own message quotes the text; a report path may name any file, so show only its first characters.
    throw new ZapReportError(`not JSON (it starts with ${shortPrefix(input.trimStart(), 16)})`);
  }
  if (!isObject(data) || !('site' in data)) {
    throw new ZapReportError("not a ZAP traditional JSON report (no 'site'); use the -J report or jsonreport");
  }
  const sites = Array.isArray(data.site) ? data.site : data.site === undefined || data.site === null ? [] : [data.site];
  const report: ZapReport = {
    programName: text(data['@programName']) || undefined,
    version: text(data['@version']) || undefined,
    generated: text(data['@generated']) || undefined,
    sites: [],
    alerts: [],
  };
  sites.forEach((site, index) => {
    if (!isObject(site)) throw new ZapReportError(`site ${index + 1} is not an object`);
    const name = text(site['@name']) || text(site['@host']);
    report.sites.push(name);
    const alerts = Array.isArray(site.alerts) ? site.alerts : [];
    alerts.forEach((raw, n) => {
      if (!isObject(raw)) throw new ZapReportError(`site ${name}: alert ${n + 1} is not an object`);
      report.alerts.push(parseAlert(raw, name));
    });
  });
  return report;
}

function parseAlert(raw: Json, site: string): ZapAlert {
  const pluginId = text(raw.pluginid ?? raw.pluginId);
  if (!pluginId) throw new ZapReportError(`site ${site}: an alert has no pluginid`);
  const riskcode = integer(raw.riskcode) ?? 0;
  const confidence = integer(raw.confidence) ?? 2;
  const instances: ZapInstance[] = (Array.isArray(raw.instances) ? raw.instances : []).filter(isObject).map((i) => ({
    uri: text(i.uri),
    method: text(i.method) || 'GET',
    param: text(i.param),
    attack: text(i.attack),
    evidence: text(i.evidence),
    otherInfo: text(i.otherinfo),
  }));
  const alertRef = text(raw.alertRef) || undefined;
  const cwe = integer(raw.cweid);
  const wasc = integer(raw.wascid);
  return {
    pluginId,
    alertRef,
    name: text(raw.name) || text(raw.alert) || `ZAP rule ${pluginId}`,
    risk: RISKS[Math.min(3, Math.max(0, riskcode))]!,
    confidence: CONFIDENCES[Math.min(4, Math.max(0, confidence))]!,
    description: stripHtml(text(raw.desc)),
    solution: stripHtml(text(raw.solution)),
    reference: stripHtml(text(raw.reference)),
    cweId: cwe !== undefined && cwe > 0 ? cwe : undefined,
    wascId: wasc !== undefined && wasc > 0 ? wasc : undefined,
    site,
    instances,
    count: integer(raw.count) ?? instances.length,
  };
}

/** ZAP puts `<p>` paragraphs in descriptions; plain text is what summaries and SARIF need. */
export function stripHtml(html: string): string {
  return html
    .replace(/<\/p>\s*<p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}
