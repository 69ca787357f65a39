import { isAbsolute, relative, sep } from 'node:path';
import { clampSecuritySeverity, type SarifLevel } from './sarif-severity';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** A rule (what the tool checks), as code scanning shows it. */
export interface SarifRuleInput {
  id: string;
  name?: string;
  shortDescription: string;
  fullDescription?: string;
  helpUri?: string;
  /** Help shown with an alert: plain text and, where the viewer supports it, markdown. */
  help?: { text: string; markdown?: string };
  tags?: string[];
  /** 0.0–10.0 (clamped); non-numeric values are dropped. Code scanning uses it to rank security alerts. */
  securitySeverity?: number | string;
  level?: SarifLevel;
  precision?: 'very-high' | 'high' | 'medium' | 'low';
  properties?: Record<string, unknown>;
}

export interface SarifLocationInput {
  /** Repository-relative path with forward slashes (see repoRelativeUri). */
  uri: string;
  startLine?: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
  /** Shown with the location, e.g. "OpenAPI definition". */
  message?: string;
}

export interface SarifResultInput {
  ruleId: string;
  /** Defaults to the rule's level. */
  level?: SarifLevel;
  message: string;
  locations?: SarifLocationInput[];
  /** Stable identities so code scanning tracks one alert across runs, e.g. { primaryLocationLineHash: '…' }. */
  partialFingerprints?: Record<string, string>;
  /** The steps of a data flow (source to sink), each a location. */
  codeFlows?: { message?: string; steps: SarifLocationInput[] }[];
  /** Why the result is suppressed (an ignore): code scanning shows it as dismissed. */
  suppressions?: SarifSuppression[];
  properties?: Record<string, unknown>;
}

export interface SarifSuppression {
  kind: 'inSource' | 'external';
  status?: 'accepted' | 'underReview' | 'rejected';
  justification?: string;
  properties?: Record<string, unknown>;
}

export interface SarifRunInput {
  tool: { name: string; version?: string; semanticVersion?: string; informationUri?: string; rules: SarifRuleInput[] };
  results: SarifResultInput[];
  /**
   * Distinguishes runs of the same tool (matrix jobs, several targets) so their uploads don't replace each other:
   * e.g. `zap-scan/staging/`. Code scanning treats the part up to the last `/` as the category.
   */
  automationId?: string;
  properties?: Record<string, unknown>;
}

// The written shape (a subset of SARIF 2.1.0 that code scanning reads).
export interface SarifMessage {
  text: string;
  markdown?: string;
}
export interface SarifRule {
  id: string;
  name?: string;
  shortDescription: SarifMessage;
  fullDescription?: SarifMessage;
  helpUri?: string;
  help?: SarifMessage;
  defaultConfiguration?: { level: SarifLevel };
  properties?: Record<string, unknown>;
}
export interface SarifLocation {
  physicalLocation: {
    artifactLocation: { uri: string };
    region?: { startLine: number; startColumn?: number; endLine?: number; endColumn?: number };
  };
  message?: SarifMessage;
}
export interface SarifCodeFlow {
  message?: SarifMessage;
  threadFlows: { locations: { location: SarifLocation }[] }[];
}
export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifMessage;
  locations?: SarifLocation[];
  partialFingerprints?: Record<string, string>;
  codeFlows?: SarifCodeFlow[];
  suppressions?: SarifSuppression[];
  properties?: Record<string, unknown>;
}
export interface SarifRun {
  tool: {
    driver: { name: string; version?: string; semanticVersion?: string; informationUri?: string; rules: SarifRule[] };
  };
  automationDetails?: { id: string };
  results: SarifResult[];
  columnKind: 'utf16CodeUnits';
  properties?: Record<string, unknown>;
}
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

/**
 * Turns a file path into the URI code scanning expects: relative to the repository root, forward slashes,
 * percent-encoded. Throws for a path outside the repository or a URL (code scanning rejects both).
 */
export function repoRelativeUri(path: string, repoRoot: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path))
    throw new Error(`SARIF location must be a file in the repository, not a URL: ${path}`);
  const rel = isAbsolute(path) ? relative(repoRoot, path) : path;
  const posix = rel.split(sep).join('/').replace(/^\.\//, '');
  if (posix === '' || posix.startsWith('../') || posix === '..' || isAbsolute(posix)) {
    throw new Error(`SARIF location is outside the repository (${repoRoot}): ${path}`);
  }
  return posix.split('/').map(encodeURIComponent).join('/');
}

function checkUri(uri: string): void {
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith('/') || uri.startsWith('../')) {
    throw new Error(`SARIF location uri must be relative to the repository root: ${uri}`);
  }
}

function positive(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`SARIF region ${name} must be an integer >= 1, got ${value}`);
  return value;
}

function location(input: SarifLocationInput): SarifLocation {
  checkUri(input.uri);
  const startLine = positive('startLine', input.startLine);
  const out: SarifLocation = { physicalLocation: { artifactLocation: { uri: input.uri } } };
  if (startLine !== undefined) {
    const region: NonNullable<SarifLocation['physicalLocation']['region']> = { startLine };
    const startColumn = positive('startColumn', input.startColumn);
    const endLine = positive('endLine', input.endLine);
    const endColumn = positive('endColumn', input.endColumn);
    if (startColumn !== undefined) region.startColumn = startColumn;
    if (endLine !== undefined && endLine < startLine) {
      throw new Error(`SARIF region endLine ${endLine} is before startLine ${startLine}`);
    }
    if (endLine !== undefined) region.endLine = endLine;
    if (endColumn !== undefined) region.endColumn = endColumn;
    out.physicalLocation.region = region;
  }
  if (input.message) out.message = { text: input.message };
  return out;
}

function rule(input: SarifRuleInput): SarifRule {
  const out: SarifRule = { id: input.id, shortDescription: { text: input.shortDescription } };
  if (input.name) out.name = input.name;
  if (input.fullDescription) out.fullDescription = { text: input.fullDescription };
  if (input.helpUri) out.helpUri = input.helpUri;
  if (input.help)
    out.help = input.help.markdown
      ? { text: input.help.text, markdown: input.help.markdown }
      : { text: input.help.text };
  if (input.level) out.defaultConfiguration = { level: input.level };
  const properties: Record<string, unknown> = { ...input.properties };
  if (input.tags?.length) properties.tags = [...new Set(input.tags)];
  const score = clampSecuritySeverity(input.securitySeverity);
  if (score !== undefined) properties['security-severity'] = score;
  if (input.precision) properties.precision = input.precision;
  if (Object.keys(properties).length > 0) out.properties = properties;
  return out;
}

function run(input: SarifRunInput): SarifRun {
  const rules = input.tool.rules.map(rule);
  const index = new Map<string, number>();
  rules.forEach((r, i) => {
    if (index.has(r.id)) throw new Error(`SARIF rule id ${r.id} is defined twice in ${input.tool.name}`);
    index.set(r.id, i);
  });
  const results = input.results.map((r): SarifResult => {
    const ruleIndex = index.get(r.ruleId);
    if (ruleIndex === undefined) throw new Error(`SARIF result refers to unknown rule ${r.ruleId}`);
    const out: SarifResult = {
      ruleId: r.ruleId,
      ruleIndex,
      level: r.level ?? rules[ruleIndex]?.defaultConfiguration?.level ?? 'warning',
      message: { text: r.message },
    };
    if (r.locations?.length) out.locations = r.locations.map(location);
    if (r.partialFingerprints && Object.keys(r.partialFingerprints).length)
      out.partialFingerprints = { ...r.partialFingerprints };
    const flows = (r.codeFlows ?? []).filter((flow) => flow.steps.length > 0);
    if (flows.length) {
      out.codeFlows = flows.map((flow) => ({
        ...(flow.message ? { message: { text: flow.message } } : {}),
        threadFlows: [{ locations: flow.steps.map((step) => ({ location: location(step) })) }],
      }));
    }
    if (r.suppressions?.length) out.suppressions = r.suppressions.map((s) => ({ ...s }));
    if (r.properties && Object.keys(r.properties).length) out.properties = { ...r.properties };
    return out;
  });
  const driver: SarifRun['tool']['driver'] = { name: input.tool.name, rules };
  if (input.tool.version) driver.version = input.tool.version;
  if (input.tool.semanticVersion) driver.semanticVersion = input.tool.semanticVersion;
  if (input.tool.informationUri) driver.informationUri = input.tool.informationUri;
  const out: SarifRun = { tool: { driver }, results, columnKind: 'utf16CodeUnits' };
  if (input.automationId) out.automationDetails = { id: input.automationId };
  if (input.properties && Object.keys(input.properties).length) out.properties = { ...input.properties };
  return out;
}

/** Builds a SARIF 2.1.0 log: ruleIndex filled in, levels defaulted from rules, security-severity made numeric. */
export function buildSarif(runs: SarifRunInput[]): SarifLog {
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: runs.map(run) };
}

/**
 * An automationDetails.id that stays unique across matrix jobs: `<category>/<part>/…/` (trailing slash = the whole
 * string is the category, so each combination keeps its own alerts). Empty parts are left out; slashes inside parts
 * become '-'.
 */
export function automationId(category: string, ...parts: (string | undefined)[]): string {
  const clean = [category, ...parts]
    .filter((p): p is string => p !== undefined && p.trim() !== '')
    .map((p) => p.trim().replace(/\//g, '-'));
  return `${clean.join('/')}/`;
}
