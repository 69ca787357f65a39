import { isAbsolute, resolve } from 'node:path';
import { ConfigurationError, input, registerSecret } from '@credex/action-kit';
import { isSecretName, loadChecksFile, parseChecks, parseStatus, type CheckSuite } from '@credex/smoke';

export interface Inputs {
  suite: CheckSuite;
  baseUrl?: string;
  waitForMs: number;
  retries: number;
  retryDelayMs: number;
  timeoutMs: number;
  concurrency: number;
  requestsPerMinute: number;
  failFast: boolean;
  headers: Record<string, string>;
  junitFile?: string;
  reportFile?: string;
}

function workspacePath(path: string): string {
  return isAbsolute(path) ? path : resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), path);
}

async function readSuite(baseUrl: string | undefined): Promise<CheckSuite> {
  const source = input.exclusive('checks', 'checks-file', 'url');
  if (source === 'checks') return parseChecks(input.structured('checks'), "input 'checks'");
  if (source === 'checks-file') return loadChecksFile(workspacePath(input.required('checks-file')));
  if (source === 'url') {
    const url = input.required('url');
    const statusText = input.required('expect-status');
    if (!parseStatus(statusText)) {
      throw new ConfigurationError(
        `input 'expect-status': ${JSON.stringify(statusText)} is not a status, code list or range like 2xx`,
      );
    }
    const isPath = url.startsWith('/');
    if (isPath && baseUrl === undefined)
      throw new ConfigurationError(`input 'url' is a path, so 'base-url' is required`);
    if (!isPath) input.httpUrl('url');
    return parseChecks([{ name: url, [isPath ? 'path' : 'url']: url, expect: { status: statusText } }], "input 'url'");
  }
  throw new ConfigurationError("one of the inputs 'checks', 'checks-file' or 'url' is required");
}

/** Reads and validates every input; nothing is sent before this returns. */
export async function readInputs(): Promise<Inputs> {
  const headers = input.headers('headers');
  for (const [name, value] of Object.entries(headers)) if (isSecretName(name)) registerSecret(value);
  const baseUrl = input.httpUrl('base-url');
  const values = {
    baseUrl,
    headers,
    waitForMs: input.duration('wait-for', 0),
    retries: input.integer('retries', 2, { min: 0, max: 20 }),
    retryDelayMs: input.duration('retry-delay', '2s'),
    timeoutMs: input.duration('timeout', '10s'),
    concurrency: input.integer('concurrency', 1, { min: 1, max: 100 }),
    requestsPerMinute: input.integer('max-requests-per-minute', 0, { min: 0, max: 100_000 }),
    failFast: input.boolean('fail-fast', false),
    junitFile: input.optional('junit-file'),
    reportFile: input.optional('report-file'),
  };
  if (values.timeoutMs <= 0) throw new ConfigurationError("input 'timeout' must be more than 0");
  const suite = await readSuite(baseUrl);
  return {
    ...values,
    suite,
    junitFile: values.junitFile && workspacePath(values.junitFile),
    reportFile: values.reportFile && workspacePath(values.reportFile),
  };
}
