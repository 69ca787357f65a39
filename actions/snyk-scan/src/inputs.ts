import {
  checkedInputFile,
  ConfigurationError,
  input,
  outputFile,
  registerSecret,
  workspaceRoot,
} from '@credex/action-kit';
import {
  IgnoreRuleError,
  parseIgnoreRules,
  splitArgs,
  type FailOn,
  type IgnoreRule,
  type ScanType,
  type Severity,
} from '@credex/snyk';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { sarifLocationInput } from '@credex/reports';

export const NO_TOKEN = 'no Snyk token: set the SNYK_TOKEN environment variable from a secret, or the snyk-token input';

export interface Inputs {
  scanType: ScanType;
  allProjects: boolean;
  image?: string;
  args: string[];
  token?: string;
  ifNoToken: 'fail' | 'skip';
  cliVersion: string;
  fromReport?: string;
  severityThreshold: Severity;
  failOn: FailOn;
  ignores: IgnoreRule[];
  jsonFile: string;
  sarifFile: string;
  sarifLocation: string;
  /** runs[].automationDetails.id of the SARIF (GitHub lets it win over the upload's category). */
  sarifCategory: string;
  commentOnPr: boolean;
  githubToken?: string;
  workspace: string;
}

const workspace = workspaceRoot;

/** Reads and checks every input before anything runs. */
export function readInputs(): Inputs {
  // Secrets first, so they are masked before anything else can be logged.
  const token = input.secret('snyk-token') ?? process.env.SNYK_TOKEN?.trim();
  registerSecret(token);
  const githubToken = input.secret('github-token');
  const scanType = input.oneOf('scan-type', ['open-source', 'code', 'container', 'iac'] as const, 'open-source');
  const image = input.optional('image');
  if (scanType === 'container' && !image)
    throw new ConfigurationError("input 'image' is required when scan-type is container");
  let args: string[];
  try {
    args = splitArgs(input.optional('args'));
  } catch (error) {
    throw new ConfigurationError(`input 'args' ${(error as Error).message}`);
  }
  const fromReportInput = input.optional('from-report');
  const fromReport = fromReportInput ? checkedInputFile('from-report', fromReportInput) : undefined;
  let ignores: IgnoreRule[];
  try {
    ignores = parseIgnoreRules(input.structured('ignore'));
  } catch (error) {
    if (error instanceof IgnoreRuleError) throw new ConfigurationError(`input 'ignore' ${error.message}`);
    throw error;
  }
  const cliVersion = input.optional('cli-version') ?? '1.1307.4';
  if (!/^(\d+\.\d+\.\d+(-[\w.]+)?|latest)$/.test(cliVersion)) {
    throw new ConfigurationError(
      `input 'cli-version' must be a version like 1.1307.4, got ${JSON.stringify(cliVersion)}`,
    );
  }
  // Unique per job and target, so matrix jobs writing to one workspace (or one artifact) do not clash.
  const suffix = createHash('sha256')
    .update([process.env.GITHUB_JOB, scanType, image, args.join(' '), fromReportInput].join('\u0000'))
    .digest('hex')
    .slice(0, 8);
  const base = join('snyk-reports', `${scanType}-${process.env.GITHUB_JOB ?? 'job'}-${suffix}`);
  const sarifCategory = input.optional('sarif-category') ?? `snyk-${scanType}`;
  if (!/^[\x21-\x7e]{1,200}$/.test(sarifCategory)) {
    throw new ConfigurationError(
      `input 'sarif-category' must be 1-200 printable characters without spaces, e.g. snyk-${scanType}`,
    );
  }
  const commentOnPr = input.boolean('comment-on-pr', false);
  if (commentOnPr && !githubToken) throw new ConfigurationError("input 'github-token' is required for comment-on-pr");
  const ifNoToken = input.oneOf('if-no-token', ['fail', 'skip'] as const, 'fail');
  const inputs: Inputs = {
    scanType,
    allProjects: input.boolean('all-projects', false),
    image,
    args,
    token,
    ifNoToken,
    cliVersion,
    fromReport,
    severityThreshold: input.oneOf('severity-threshold', ['low', 'medium', 'high', 'critical'] as const, 'low'),
    failOn: input.oneOf('fail-on', ['all', 'upgradable', 'patchable'] as const, 'all'),
    ignores,
    jsonFile: outputFile('json-file', `${base}.json`),
    sarifFile: outputFile('sarif-file', `${base}.sarif`),
    sarifCategory,
    sarifLocation: sarifLocationInput(
      'sarif-location',
      input.optional('sarif-location') ?? (scanType === 'container' ? 'Dockerfile' : 'package.json'),
      workspace(),
    ),
    commentOnPr,
    githubToken,
    workspace: workspace(),
  };
  // Checked here, before the scan code is loaded, and after the other inputs so a wrong one is named first; main
  // skips the scan when if-no-token is skip.
  if (!token && !fromReport && ifNoToken === 'fail') throw new ConfigurationError(`${NO_TOKEN} (or if-no-token: skip)`);
  return inputs;
}
