import { checkedInputFile, ConfigurationError, input, log, outputFile, workspaceRoot } from '@credex/action-kit';
import {
  compileExcludePaths,
  excludesTarget,
  isImageReference,
  parseRulesFile,
  RulesFileError,
  type ApiFormat,
  type Confidence,
  type Risk,
  type RulesFile,
  type ScanMode,
} from '@credex/zap';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sarifLocationInput } from '@credex/reports';

export interface Inputs {
  mode: ScanMode;
  target?: string;
  apiDefinition?: string;
  apiFormat: ApiFormat;
  dockerImage: string;
  zapApiUrl?: string;
  zapApiKey?: string;
  fromReport?: string;
  rulesFile?: { path: string; rules: RulesFile };
  excludePaths: string[];
  excludeRegexes: RegExp[];
  failOnRisk: Risk;
  minConfidence: Exclude<Confidence, 'false-positive'>;
  requestRate?: number;
  /** Undefined: the script's default (baseline 1 minute, full no limit). */
  spiderMinutes?: number;
  scanTimeoutMs: number;
  zapOptions?: string;
  /** Report paths relative to the workspace. */
  reports: { json: string; markdown: string; html: string; hook: string };
  sarifFile: string;
  sarifLocation: string;
  sarifCategory: string;
  commentOnPr: boolean;
  issueTitle?: string;
  githubToken?: string;
  workspace: string;
}

const isUrl = (value: string): boolean => /^https?:\/\/[^/\s]+/i.test(value);

/** A repository file for SARIF locations: the workflow file from GITHUB_WORKFLOW_REF (owner/repo/path@ref). */
function workflowFile(): string | undefined {
  const ref = process.env.GITHUB_WORKFLOW_REF;
  const match = ref ? /^[^/]+\/[^/]+\/(.+?)@/.exec(ref) : null;
  return match?.[1];
}

export function readInputs(): Inputs {
  // Secrets first, so they are masked before anything else can be logged.
  const zapApiKey = input.secret('zap-api-key');
  const githubToken = input.secret('github-token');
  const workspace = workspaceRoot();
  const mode = input.oneOf('mode', ['baseline', 'full', 'api'] as const, 'baseline');
  const apiFormat = input.oneOf('api-format', ['openapi', 'soap', 'graphql'] as const, 'openapi');
  const fromReportInput = input.optional('from-report');
  const fromReport = fromReportInput ? checkedInputFile('from-report', fromReportInput) : undefined;
  const target = input.httpUrl('target');
  if (!target && !fromReport) {
    throw new ConfigurationError("input 'target' is required (the URL to scan) unless from-report is set");
  }
  const apiDefinition = input.optional('api-definition');
  // GraphQL needs only the endpoint (ZAP introspects it); OpenAPI and SOAP need their definition.
  if (mode === 'api' && apiFormat !== 'graphql' && !apiDefinition && !fromReport) {
    throw new ConfigurationError(
      "input 'api-definition' is required when mode is api (a URL or a path in the repository)",
    );
  }
  const definitionFile =
    apiDefinition && !isUrl(apiDefinition) ? checkedInputFile('api-definition', apiDefinition) : undefined;
  const zapApiUrl = input.httpUrl('zap-api-url');
  const dockerImage = input.optional('docker-image') ?? 'ghcr.io/zaproxy/zaproxy:stable';
  if (!isImageReference(dockerImage)) {
    throw new ConfigurationError(
      `input 'docker-image' must be an image reference like ghcr.io/zaproxy/zaproxy:stable, got ${JSON.stringify(dockerImage.slice(0, 60))}`,
    );
  }

  let rulesFile: Inputs['rulesFile'];
  const rulesPath = input.optional('rules-file');
  if (rulesPath) {
    const path = checkedInputFile('rules-file', rulesPath);
    try {
      rulesFile = { path, rules: parseRulesFile(readFileSync(path)) };
    } catch (error) {
      if (error instanceof RulesFileError)
        throw new ConfigurationError(`input 'rules-file' ${rulesPath} ${error.message}`);
      throw error;
    }
  }
  const excludePaths = input.list('exclude-paths');
  let excludeRegexes: RegExp[];
  try {
    excludeRegexes = compileExcludePaths(excludePaths);
  } catch (error) {
    throw new ConfigurationError(`input 'exclude-paths' entry ${(error as Error).message}`);
  }
  const excluding = target ? excludesTarget(target, excludePaths, excludeRegexes) : [];
  if (excluding.length) {
    log.warning(
      `zap-scan: exclude-paths ${excluding.map((p) => JSON.stringify(p)).join(', ')} match the target ${target} itself: ZAP will not request it, and every alert on it is dropped`,
    );
  }
  const requestRate = input.integer('request-rate', 50, { min: 0, max: 100_000 });

  const id = createHash('sha256')
    .update([process.env.GITHUB_JOB, mode, target, apiDefinition, fromReportInput].join('\u0000'))
    .digest('hex')
    .slice(0, 8);
  const base = `zap-reports/${mode}-${(process.env.GITHUB_JOB ?? 'job').replace(/[^\w.-]/g, '_')}-${id}`;
  const sarifLocation =
    input.optional('sarif-location') ??
    (definitionFile && !relative(workspace, definitionFile).startsWith('..')
      ? relative(workspace, definitionFile)
      : undefined) ??
    workflowFile();
  if (!sarifLocation) {
    throw new ConfigurationError(
      "input 'sarif-location' is needed: a repository file to place SARIF results on (e.g. your OpenAPI file)",
    );
  }
  const sarifCategory = input.optional('sarif-category') ?? `zap-${mode}`;
  if (!/^[\x21-\x7e]{1,200}$/.test(sarifCategory)) {
    throw new ConfigurationError(
      `input 'sarif-category' must be 1-200 printable characters without spaces, e.g. zap-${mode}`,
    );
  }
  const commentOnPr = input.boolean('comment-on-pr', false);
  const issueTitle = input.optional('issue-title');
  if ((commentOnPr || issueTitle) && !githubToken) {
    throw new ConfigurationError("input 'github-token' is required for comment-on-pr and issue-title");
  }
  return {
    mode,
    target,
    apiDefinition: definitionFile ?? apiDefinition,
    apiFormat,
    dockerImage,
    zapApiUrl,
    zapApiKey,
    fromReport,
    rulesFile,
    excludePaths,
    excludeRegexes,
    failOnRisk: input.oneOf('fail-on-risk', ['informational', 'low', 'medium', 'high'] as const, 'medium'),
    minConfidence: input.oneOf('min-confidence', ['low', 'medium', 'high', 'confirmed'] as const, 'low'),
    requestRate: requestRate === 0 ? undefined : requestRate,
    spiderMinutes: input.integer('spider-minutes', undefined, { min: 0, max: 1440 }),
    scanTimeoutMs: input.duration('scan-timeout', '30m'),
    zapOptions: input.optional('zap-options'),
    reports: { json: `${base}.json`, markdown: `${base}.md`, html: `${base}.html`, hook: `${base}.hook.py` },
    sarifFile: outputFile('sarif-file', `${base}.sarif`),
    sarifLocation: sarifLocationInput('sarif-location', sarifLocation, workspace),
    sarifCategory,
    commentOnPr,
    issueTitle,
    githubToken,
    workspace,
  };
}

export const joinWorkspace = (inputs: Inputs, path: string): string => join(inputs.workspace, path);
