import { ConfigurationError, input } from '@credex/action-kit';
import {
  compileExcludePaths,
  parseRulesFile,
  RulesFileError,
  type ApiFormat,
  type Confidence,
  type Risk,
  type RulesFile,
  type ScanMode,
} from '@credex/zap';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
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
  spiderMinutes: number;
  scanTimeoutMs: number;
  zapOptions?: string;
  /** Report paths relative to the workspace. */
  reports: { json: string; markdown: string; html: string; hook: string };
  sarifFile: string;
  sarifLocation: string;
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
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const inWorkspace = (path: string): string => (isAbsolute(path) ? path : resolve(workspace, path));
  const mode = input.oneOf('mode', ['baseline', 'full', 'api'] as const, 'baseline');
  const fromReport = input.optional('from-report');
  if (fromReport && !existsSync(inWorkspace(fromReport))) {
    throw new ConfigurationError(`input 'from-report' names a file that does not exist: ${fromReport}`);
  }
  const target = input.httpUrl('target');
  if (!target && !fromReport)
    throw new ConfigurationError("input 'target' is required (the URL to scan) unless from-report is set");
  const apiDefinition = input.optional('api-definition');
  if (mode === 'api' && !apiDefinition && !fromReport) {
    throw new ConfigurationError(
      "input 'api-definition' is required when mode is api (a URL or a path in the repository)",
    );
  }
  const outside = (path: string): boolean => relative(workspace, inWorkspace(path)).startsWith('..');
  if (apiDefinition && !isUrl(apiDefinition) && (!existsSync(inWorkspace(apiDefinition)) || outside(apiDefinition))) {
    throw new ConfigurationError(
      `input 'api-definition' is neither a URL nor a file in the workspace: ${apiDefinition}`,
    );
  }
  const zapApiUrl = input.httpUrl('zap-api-url');

  let rulesFile: Inputs['rulesFile'];
  const rulesPath = input.optional('rules-file');
  if (rulesPath) {
    const path = inWorkspace(rulesPath);
    if (!existsSync(path))
      throw new ConfigurationError(`input 'rules-file' names a file that does not exist: ${rulesPath}`);
    // The ZAP container sees the workspace only: reject this before any report folder or hook file is written.
    if (!fromReport && !zapApiUrl && outside(rulesPath))
      throw new ConfigurationError("input 'rules-file' must be inside the workspace for the ZAP container");
    try {
      rulesFile = { path, rules: parseRulesFile(readFileSync(path, 'utf8')) };
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
  const requestRate = input.integer('request-rate', 12, { min: 0, max: 100_000 });

  const id = createHash('sha256')
    .update([process.env.GITHUB_JOB, mode, target, apiDefinition, fromReport].join('\u0000'))
    .digest('hex')
    .slice(0, 8);
  const base = `zap-reports/${mode}-${(process.env.GITHUB_JOB ?? 'job').replace(/[^\w.-]/g, '_')}-${id}`;
  const sarifLocation =
    input.optional('sarif-location') ??
    (apiDefinition && !isUrl(apiDefinition) ? relative(workspace, inWorkspace(apiDefinition)) : undefined) ??
    workflowFile();
  if (!sarifLocation) {
    throw new ConfigurationError(
      "input 'sarif-location' is needed: a repository file to place SARIF results on (e.g. your OpenAPI file)",
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
    apiDefinition,
    apiFormat: input.oneOf('api-format', ['openapi', 'soap', 'graphql'] as const, 'openapi'),
    dockerImage: input.optional('docker-image') ?? 'ghcr.io/zaproxy/zaproxy:stable',
    zapApiUrl,
    zapApiKey,
    fromReport: fromReport ? inWorkspace(fromReport) : undefined,
    rulesFile,
    excludePaths,
    excludeRegexes,
    failOnRisk: input.oneOf('fail-on-risk', ['informational', 'low', 'medium', 'high'] as const, 'medium'),
    minConfidence: input.oneOf('min-confidence', ['low', 'medium', 'high', 'confirmed'] as const, 'low'),
    requestRate: requestRate === 0 ? undefined : requestRate,
    spiderMinutes: input.integer('spider-minutes', 1, { min: 1, max: 1440 }),
    scanTimeoutMs: input.duration('scan-timeout', '30m'),
    zapOptions: input.optional('zap-options'),
    reports: { json: `${base}.json`, markdown: `${base}.md`, html: `${base}.html`, hook: `${base}.hook.py` },
    sarifFile: inWorkspace(input.optional('sarif-file') ?? `${base}.sarif`),
    sarifLocation: sarifLocationInput('sarif-location', sarifLocation, workspace),
    commentOnPr,
    issueTitle,
    githubToken,
    workspace,
  };
}

export const joinWorkspace = (inputs: Inputs, path: string): string => join(inputs.workspace, path);
