import { shortPrefix } from '@credex/action-kit';
import type { Region, SnykFinding, SnykIgnore, SnykProject } from './model';
import { toSeverity } from './severity';
import { decodeReport } from './text';

/**
 * Reads the JSON that `snyk test|container test|iac test --json` writes (one project object, or an array of them
 * with --all-projects), the SARIF that `snyk code test --json` writes, and error objects (`ok: false` + `error`).
 * Vulnerabilities listed once per dependency path are merged into one finding with every path kept.
 */
export class SnykReportError extends Error {
  override readonly name = 'SnykReportError';
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

export function parseSnykReport(input: string | Uint8Array): SnykProject[] {
  const text = typeof input === 'string' ? input.replace(/^\ufeff/, '') : decodeReport(input);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the text; a report path may name any file, so show only its first characters.
    throw new SnykReportError(
      `not JSON (it starts with ${shortPrefix(text.trimStart(), 16)}); is it the output of a snyk command with --json?`,
    );
  }
  const items = Array.isArray(data) ? data : [data];
  if (items.length === 0) throw new SnykReportError('the report is an empty array: Snyk tested no project');
  return items.flatMap((item, index) => {
    if (!isObject(item)) throw new SnykReportError(`entry ${index + 1} is not an object`);
    return parseItem(item);
  });
}

function parseItem(item: Json): SnykProject[] {
  if (Array.isArray(item.runs)) return parseCodeSarif(item);
  const name =
    str(item.displayTargetFile) ?? str(item.targetFile) ?? str(item.projectName) ?? str(item.path) ?? 'project';
  if (typeof item.error === 'string' || (isObject(item.error) && !Array.isArray(item.vulnerabilities))) {
    const message =
      typeof item.error === 'string' ? item.error : (str(item.error.message) ?? JSON.stringify(item.error));
    return [{ name: str(item.path) ?? name, error: message.trim(), findings: [] }];
  }
  if (Array.isArray(item.infrastructureAsCodeIssues)) return [parseIac(item, name)];
  if (!Array.isArray(item.vulnerabilities)) {
    throw new SnykReportError(`project ${JSON.stringify(name)} has neither 'vulnerabilities' nor 'error'`);
  }
  const isContainer = isObject(item.docker) || str(item.projectName)?.startsWith('docker-image|') === true;
  const projects: SnykProject[] = [
    {
      name: isContainer ? (str(item.path) ?? name) : name,
      targetFile: relativeFile(str(item.displayTargetFile) ?? str(item.targetFile)),
      packageManager: str(item.packageManager),
      findings: mergeVulnerabilities(item.vulnerabilities, relativeFile(str(item.displayTargetFile))),
    },
  ];
  if (Array.isArray(item.applications)) {
    for (const app of item.applications) {
      if (isObject(app)) projects.push(...parseItem({ ...app, docker: undefined }));
    }
  }
  return projects;
}

/** Only repository-relative paths can be SARIF locations; container paths like /app/package.json cannot. */
function relativeFile(file: string | undefined): string | undefined {
  if (!file || file.startsWith('/') || /^[a-z]:[\\/]/i.test(file) || file.includes('://')) return undefined;
  return file.replace(/\\/g, '/').replace(/^\.\//, '');
}

function mergeVulnerabilities(list: unknown[], file: string | undefined): SnykFinding[] {
  const byKey = new Map<string, SnykFinding>();
  for (const raw of list) {
    if (!isObject(raw)) continue;
    const id = str(raw.id);
    if (!id) continue;
    const packageName = str(raw.packageName) ?? str(raw.moduleName);
    const version = str(raw.version);
    const key = `${id}\u0000${packageName ?? ''}\u0000${version ?? ''}`;
    const path = strings(raw.from);
    const upgrade = Array.isArray(raw.upgradePath) ? raw.upgradePath.find((p) => typeof p === 'string') : undefined;
    const existing = byKey.get(key);
    if (existing) {
      if (path.length && !existing.paths.some((p) => p.join('>') === path.join('>'))) existing.paths.push(path);
      existing.isUpgradable ||= raw.isUpgradable === true;
      existing.isPatchable ||= raw.isPatchable === true;
      existing.upgradeTo ??= str(upgrade);
      continue;
    }
    const identifiers = isObject(raw.identifiers) ? raw.identifiers : {};
    const isLicense = raw.type === 'license' || id.startsWith('snyk:lic:');
    const fixedIn = strings(raw.fixedIn);
    const nearest = str(raw.nearestFixedInVersion);
    if (nearest && !fixedIn.includes(nearest)) fixedIn.push(nearest);
    byKey.set(key, {
      id,
      title: str(raw.title) ?? (isLicense ? `${str(raw.license) ?? 'license'} license` : id),
      severity: toSeverity(raw.severityWithCritical ?? raw.severity),
      kind: isLicense ? 'license' : 'vulnerability',
      packageName,
      version,
      cvssScore: typeof raw.cvssScore === 'number' && !isLicense ? raw.cvssScore : undefined,
      cves: strings(identifiers.CVE),
      cwes: strings(identifiers.CWE),
      paths: path.length ? [path] : [],
      upgradeTo: str(upgrade),
      fixedIn,
      isUpgradable: raw.isUpgradable === true,
      isPatchable: raw.isPatchable === true,
      file,
      url: isLicense ? undefined : `https://security.snyk.io/vuln/${encodeURIComponent(id)}`,
    });
  }
  return [...byKey.values()];
}

function parseIac(item: Json, name: string): SnykProject {
  const file = relativeFile(str(item.targetFile) ?? str(item.displayTargetFile));
  const findings: SnykFinding[] = [];
  for (const raw of item.infrastructureAsCodeIssues as unknown[]) {
    if (!isObject(raw) || !str(raw.id)) continue;
    const description = isObject(raw.iacDescription) ? raw.iacDescription : {};
    findings.push({
      id: str(raw.id)!,
      title: str(raw.title) ?? str(raw.id)!,
      severity: toSeverity(raw.severity),
      kind: 'iac',
      cves: [],
      cwes: [],
      paths: strings(raw.path).length ? [strings(raw.path)] : [],
      fixedIn: str(description.resolve) ? [str(description.resolve)!] : [],
      isUpgradable: false,
      isPatchable: false,
      file,
      line: typeof raw.lineNumber === 'number' && raw.lineNumber > 0 ? raw.lineNumber : undefined,
      url: str(raw.documentation),
    });
  }
  return { name, targetFile: file, packageManager: str(item.projectType), findings };
}

const LEVEL_SEVERITY: Record<string, 'high' | 'medium' | 'low'> = { error: 'high', warning: 'medium', note: 'low' };

const positive = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;

function regionOf(value: unknown): Region | undefined {
  if (!isObject(value)) return undefined;
  const startLine = positive(value.startLine);
  if (startLine === undefined) return undefined;
  const region: Region = { startLine };
  const startColumn = positive(value.startColumn);
  const endLine = positive(value.endLine);
  const endColumn = positive(value.endColumn);
  if (startColumn !== undefined) region.startColumn = startColumn;
  if (endLine !== undefined && endLine >= startLine) region.endLine = endLine;
  if (endColumn !== undefined && (region.endLine ?? startLine) >= startLine) region.endColumn = endColumn;
  return region;
}

function physical(location: unknown): { file?: string; region?: Region } {
  const loc = isObject(location) ? location : {};
  const phys = isObject(loc.physicalLocation) ? loc.physicalLocation : {};
  const artifact = isObject(phys.artifactLocation) ? phys.artifactLocation : {};
  return { file: relativeFile(str(artifact.uri)), region: regionOf(phys.region) };
}

function codeFlows(result: Json): { file: string; region: Region }[][] {
  const flows: { file: string; region: Region }[][] = [];
  for (const flow of Array.isArray(result.codeFlows) ? result.codeFlows : []) {
    if (!isObject(flow)) continue;
    for (const thread of Array.isArray(flow.threadFlows) ? flow.threadFlows : []) {
      if (!isObject(thread) || !Array.isArray(thread.locations)) continue;
      const steps = thread.locations
        .map((step) => physical(isObject(step) ? step.location : undefined))
        .filter((step): step is { file: string; region: Region } => !!step.file && !!step.region);
      if (steps.length) flows.push(steps);
    }
  }
  return flows;
}

/** Snyk's CLI counts a Snyk Code result with any `suppressions` entry as ignored (its filterIgnoredIssues). */
function snykIgnore(result: Json): SnykIgnore | undefined {
  if (!Array.isArray(result.suppressions) || result.suppressions.length === 0) return undefined;
  const first = isObject(result.suppressions[0]) ? result.suppressions[0] : {};
  const props = isObject(first.properties) ? first.properties : {};
  const status = str(first.status);
  return {
    kind: first.kind === 'inSource' ? 'inSource' : 'external',
    status: status === 'accepted' || status === 'underReview' || status === 'rejected' ? status : undefined,
    justification: str(first.justification),
    category: str(props.category),
    expires: str(props.expiration),
  };
}

function parseCodeSarif(log: Json): SnykProject[] {
  return (log.runs as unknown[]).filter(isObject).map((run) => {
    const driver = isObject(run.tool) && isObject(run.tool.driver) ? run.tool.driver : {};
    const rules = new Map<string, Json>();
    for (const rule of Array.isArray(driver.rules) ? driver.rules : []) {
      if (isObject(rule) && str(rule.id)) rules.set(str(rule.id)!, rule);
    }
    const findings: SnykFinding[] = [];
    for (const result of Array.isArray(run.results) ? run.results : []) {
      if (!isObject(result) || !str(result.ruleId)) continue;
      const rule = rules.get(str(result.ruleId)!) ?? {};
      const ruleProps = isObject(rule.properties) ? rule.properties : {};
      const where = physical(Array.isArray(result.locations) ? result.locations[0] : undefined);
      const short = isObject(rule.shortDescription) ? str(rule.shortDescription.text) : undefined;
      const message = isObject(result.message) ? str(result.message.text) : undefined;
      const flows = codeFlows(result);
      const ignore = snykIgnore(result);
      findings.push({
        id: str(result.ruleId)!,
        title: short ?? message ?? str(result.ruleId)!,
        severity: LEVEL_SEVERITY[str(result.level) ?? 'warning'] ?? 'medium',
        kind: 'code',
        cves: [],
        cwes: strings(ruleProps.cwe),
        paths: [],
        fixedIn: [],
        isUpgradable: false,
        isPatchable: false,
        file: where.file,
        line: where.region?.startLine,
        ...(where.region ? { region: where.region } : {}),
        ...(flows.length ? { codeFlows: flows } : {}),
        ...(ignore ? { snykIgnore: ignore } : {}),
      });
    }
    return { name: 'source code', findings };
  });
}
