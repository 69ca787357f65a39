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
  /** The URL to scan; for api mode the definition (URL, or a path relative to the workspace). */
  target: string;
  apiFormat?: ApiFormat;
  /** Report paths relative to the workspace (unique per job). */
  reports: { json: string; markdown: string; html: string };
  /** Rules file relative to the workspace, passed with -c. */
  rulesFile?: string;
  /** Hook file relative to the workspace (exclusions and pacing), passed with --hook. */
  hookFile?: string;
  /** Spider minutes (-m). */
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
  const isUrl = /^https?:\/\//i.test(options.target);
  args.push('-t', options.mode === 'api' && !isUrl ? inContainer(options.target) : options.target);
  if (options.mode === 'api') args.push('-f', options.apiFormat ?? 'openapi');
  // Report names are relative to /zap/wrk/ for the zap-*.py scripts.
  args.push('-J', options.reports.json, '-w', options.reports.markdown, '-r', options.reports.html);
  if (options.rulesFile) args.push('-c', options.rulesFile);
  if (options.hookFile) args.push(`--hook=${inContainer(options.hookFile)}`);
  if (options.spiderMinutes !== undefined && options.mode !== 'api') args.push('-m', String(options.spiderMinutes));
  if (options.zapOptions) args.push('-z', options.zapOptions);
  return args;
}

/** zap-*.py exit codes: 0 clean, 1 FAIL alerts, 2 WARN alerts, 3 the scan itself failed. */
export function describeZapExit(code: number): { completed: boolean; meaning: string } {
  if (code === 0) return { completed: true, meaning: 'scan completed, no warnings by ZAP own rules' };
  if (code === 1 || code === 2)
    return { completed: true, meaning: 'scan completed with alerts (the action applies its own rules)' };
  if (code === 3) return { completed: false, meaning: 'ZAP could not complete the scan' };
  if (code === 125 || code === 126 || code === 127)
    return { completed: false, meaning: `docker could not run the ZAP image (exit ${code})` };
  return { completed: false, meaning: `unexpected exit code ${code}` };
}
