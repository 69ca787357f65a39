import { getExecOutput } from '@actions/exec';
import { which } from '@actions/io';
import { join } from 'node:path';

export type ScanType = 'open-source' | 'code' | 'container' | 'iac';

export interface CliOptions {
  scanType: ScanType;
  allProjects?: boolean;
  /** Image for `container`, or a path for `iac`. */
  target?: string;
  args?: string[];
  jsonFile: string;
  sarifFile: string;
}

/** The Snyk command line (without the executable) for a scan type. */
export function snykArguments(options: CliOptions): string[] {
  const args: string[] = [];
  switch (options.scanType) {
    case 'open-source':
      args.push('test');
      if (options.allProjects) args.push('--all-projects');
      break;
    case 'code':
      args.push('code', 'test');
      break;
    case 'container':
      if (!options.target) throw new Error('a container scan needs an image');
      args.push('container', 'test', options.target);
      break;
    case 'iac':
      args.push('iac', 'test');
      if (options.target) args.push(options.target);
      break;
  }
  args.push(...(options.args ?? []));
  args.push(`--json-file-output=${options.jsonFile}`, `--sarif-file-output=${options.sarifFile}`);
  return args;
}

/** Snyk CLI exit codes (https://docs.snyk.io/snyk-cli/commands/test, "Exit codes"). */
export type CliOutcome = 'clean' | 'issues' | 'failed' | 'no-projects' | 'unknown';

export function describeExitCode(code: number): { outcome: CliOutcome; meaning: string } {
  switch (code) {
    case 0:
      return { outcome: 'clean', meaning: 'no issues found' };
    case 1:
      return { outcome: 'issues', meaning: 'issues found' };
    case 2:
      return { outcome: 'failed', meaning: 'the scan failed (Snyk could not complete it); this is not a result' };
    case 3:
      return { outcome: 'no-projects', meaning: 'no supported projects were detected' };
    default:
      return { outcome: 'unknown', meaning: `unexpected exit code ${code}` };
  }
}

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Finds `snyk` on PATH, or installs the pinned version from npm into `installDir` (never globally).
 */
export async function locateSnyk(version: string, installDir: string, log: (line: string) => void): Promise<string> {
  const found = await which('snyk', false);
  if (found) {
    log(`Using snyk found on PATH: ${found}`);
    return found;
  }
  log(`snyk is not on PATH; installing snyk@${version} from npm into ${installDir}`);
  const npm = await which('npm', true);
  const result = await getExecOutput(
    npm,
    ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', installDir, `snyk@${version}`],
    { ignoreReturnCode: true, silent: true },
  );
  if (result.exitCode !== 0) {
    throw new Error(
      `npm could not install snyk@${version} (exit ${result.exitCode}): ${result.stderr.trim().split('\n').pop() ?? ''}`,
    );
  }
  return join(installDir, 'node_modules', '.bin', process.platform === 'win32' ? 'snyk.cmd' : 'snyk');
}

/** Runs the CLI; its output is passed line by line to `onLine` (which redacts) instead of straight to stdout. */
export async function runSnyk(
  executable: string,
  args: string[],
  token: string,
  onLine: (line: string) => void,
  signal?: AbortSignal,
): Promise<CliRun> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  env.SNYK_TOKEN = token;
  env.SNYK_INTEGRATION_NAME ??= 'credex-actions';
  const run = getExecOutput(executable, args, {
    ignoreReturnCode: true,
    env,
    silent: true,
    listeners: { stdline: onLine, errline: onLine },
  });
  if (!signal) return run;
  // @actions/exec cannot be aborted; on cancel we stop waiting and let the runner end the process tree.
  return Promise.race([
    run,
    new Promise<never>((_, reject) => {
      if (signal.aborted) reject(signal.reason as Error);
      signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
    }),
  ]);
}
