export type ScanMode = 'baseline' | 'full' | 'api';
export type ApiFormat = 'openapi' | 'soap' | 'graphql';

const SCRIPTS: Record<ScanMode, string> = {
  baseline: 'zap-baseline.py',
  full: 'zap-full-scan.py',
  api: 'zap-api-scan.py',
};

/** Inside the container the workspace is mounted here. */
export const CONTAINER_WORKDIR = '/zap/wrk/';

export interface DockerScanOptions {
  mode: ScanMode;
  image: string;
  /** Host folder mounted read-write at /zap/wrk/ (the workspace). */
  workspace: string;
  /** The URL to scan (for api mode: the API's base URL, or the GraphQL endpoint). */
  target?: string;
  /** For api mode: the definition, as a URL or a path relative to the workspace (GraphQL: the schema). */
  definition?: string;
  apiFormat?: ApiFormat;
  /** Report paths relative to the workspace (unique per job). */
  reports: { json: string; markdown: string; html: string };
  /** Rules file relative to the workspace, passed with -c. */
  rulesFile?: string;
  /** Hook file relative to the workspace (exclusions and pacing), passed with --hook. */
  hookFile?: string;
  /** Spider minutes (-m); left out, the script's own default applies (baseline 1, full no limit). */
  spiderMinutes?: number;
  /** Extra ZAP command-line options (-z). */
  zapOptions?: string;
  /** Container name, so a cancelled run can be removed. */
  containerName?: string;
}

/** The `docker run` arguments for a zap-*.py scan. */
export function dockerArguments(options: DockerScanOptions): string[] {
  const inContainer = (path: string): string => `${CONTAINER_WORKDIR}${path.replace(/^\.?\//, '')}`;
  const args = ['run', '--rm', '--network=host'];
  if (options.containerName) args.push('--name', options.containerName);
  args.push('-v', `${options.workspace}:${CONTAINER_WORKDIR}:rw`, options.image);
  args.push(SCRIPTS[options.mode]);
  args.push(...targetArguments(options, inContainer));
  // Report names are relative to /zap/wrk/ for the zap-*.py scripts.
  args.push('-J', options.reports.json, '-w', options.reports.markdown, '-r', options.reports.html);
  if (options.rulesFile) args.push('-c', options.rulesFile);
  if (options.hookFile) args.push(`--hook=${inContainer(options.hookFile)}`);
  if (options.spiderMinutes !== undefined && options.mode !== 'api') args.push('-m', String(options.spiderMinutes));
  if (options.zapOptions) args.push('-z', options.zapOptions);
  return args;
}

/**
 * -t and friends as zap-api-scan.py reads them: OpenAPI/SOAP take the definition as -t (a URL, or a file under
 * /zap/wrk/) and -O overrides the host the definition names; GraphQL takes the endpoint as -t and the schema as
 * --schema (without one, ZAP introspects the endpoint).
 */
function targetArguments(options: DockerScanOptions, inContainer: (path: string) => string): string[] {
  const place = (value: string): string => (/^https?:\/\//i.test(value) ? value : inContainer(value));
  if (options.mode !== 'api') return ['-t', required(options.target, 'a target URL')];
  const format = options.apiFormat ?? 'openapi';
  if (format === 'graphql') {
    const args = ['-t', required(options.target, 'the GraphQL endpoint URL'), '-f', 'graphql'];
    if (options.definition) args.push(`--schema=${place(options.definition)}`);
    return args;
  }
  const args = ['-t', place(required(options.definition, 'an API definition')), '-f', format];
  if (format === 'openapi' && options.target) args.push('-O', options.target);
  return args;
}

function required(value: string | undefined, what: string): string {
  if (!value) throw new Error(`dockerArguments: ${what} is needed`);
  return value;
}

// distribution/reference's grammar: [host[:port]/]path[:tag][@digest], lower-case path components.
const IMAGE_REFERENCE =
  /^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$/;

/** True for an image reference docker accepts (`ghcr.io/zaproxy/zaproxy:stable`, `zap@sha256:…`); never an option. */
export function isImageReference(value: string): boolean {
  return value.length <= 255 + 128 + 80 && IMAGE_REFERENCE.test(value);
}

/**
 * Docker's own reason when `docker run` fails before the container runs (exit 125/126/127): the `docker: …` /
 * `Error …` lines it writes to stderr, without the "Run 'docker run --help'" hint that follows them.
 */
export function dockerFailureReason(stderr: string): string | undefined {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^(Run|See) 'docker [a-z ]*--help'/.test(l));
  const reason = lines.filter((l) => /^(docker: |Error\b|error\b)/.test(l));
  const chosen = reason.length ? reason : lines.slice(-1);
  return chosen.length ? chosen.join(' ') : undefined;
}

/** zap-*.py exit codes: 0 clean, 1 FAIL alerts, 2 WARN alerts, 3 the scan itself failed. */
export function describeZapExit(code: number): { completed: boolean; meaning: string } {
  if (code === 0) return { completed: true, meaning: 'scan completed, no warnings by ZAP own rules' };
  if (code === 1 || code === 2)
    return { completed: true, meaning: 'scan completed with alerts (the action applies its own rules)' };
  if (code === 3) return { completed: false, meaning: 'ZAP could not complete the scan' };
  if (code === 125 || code === 126 || code === 127)
    return { completed: false, meaning: 'docker could not run the ZAP image' };
  return { completed: false, meaning: `unexpected exit code ${code}` };
}
