import { sleep } from '@credex/action-kit';
import { httpRequest } from '@credex/http';
import type { ApiFormat, ScanMode } from './docker';
import { pacingCalls, type Pacing } from './pacing';

/** Talks to a running ZAP daemon over its HTTP API (`/JSON/<component>/<view|action>/<name>/`). */
export class ZapApiError extends Error {
  override readonly name = 'ZapApiError';
  constructor(
    message: string,
    /** ZAP's error code (`no_implementor`, `bad_api_key`, `illegal_parameter`, …) when it sent one. */
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface ZapApi {
  call(path: string, params?: Record<string, string>): Promise<Record<string, unknown>>;
  text(path: string, params?: Record<string, string>): Promise<string>;
  /** A form POST (ZAP's API wants exactly `application/x-www-form-urlencoded`, without a charset). */
  post(path: string, form: Record<string, string>): Promise<string>;
}

export function zapApi(baseUrl: string, apiKey: string | undefined, signal?: AbortSignal): ZapApi {
  const root = baseUrl.replace(/\/+$/, '');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (apiKey) headers['x-zap-api-key'] = apiKey;
  const send = async (path: string, params: Record<string, string>, form?: Record<string, string>): Promise<string> => {
    const query = new URLSearchParams(params).toString();
    const url = `${root}${path}${query ? `?${query}` : ''}`;
    const response = await httpRequest({
      url,
      method: form ? 'POST' : 'GET',
      headers: form ? { ...headers, 'content-type': 'application/x-www-form-urlencoded' } : headers,
      body: form ? new URLSearchParams(form).toString() : undefined,
      timeoutMs: 60_000,
      maxBodyBytes: 256 * 1024 * 1024,
      signal,
    });
    if (response.status !== 200) {
      let detail = response.body.slice(0, 200);
      let code: string | undefined;
      try {
        const body = JSON.parse(response.body) as { code?: string; message?: string };
        code = body.code;
        detail = [body.code, body.message].filter(Boolean).join(': ') || detail;
      } catch {
        // not JSON: keep the text
      }
      const hint = response.status === 403 || /api_key/i.test(detail) ? ' (check zap-api-key)' : '';
      throw new ZapApiError(
        `ZAP API ${path} answered HTTP ${response.status}${detail ? `: ${detail}` : ' with no detail'}${hint}`,
        code,
      );
    }
    return response.body;
  };
  return {
    async call(path, params = {}) {
      const body = await send(path, params);
      try {
        return JSON.parse(body) as Record<string, unknown>;
      } catch {
        throw new ZapApiError(`ZAP API ${path} did not answer JSON`);
      }
    },
    text: (path, params = {}) => send(path, params),
    post: (path, form) => send(path, {}, form),
  };
}

/** An API definition for ZAP to import: a URL it fetches, or a file's text uploaded to it. */
export type ApiDefinition = { url: string } | { fileName: string; content: string };

export interface DaemonScanOptions {
  api: ZapApi;
  mode: ScanMode;
  target: string;
  definition?: ApiDefinition;
  apiFormat?: ApiFormat;
  pacing: Pacing;
  /** Undefined: no spider limit of our own (the scan timeout still applies). */
  spiderTimeoutMs?: number;
  scanTimeoutMs: number;
  pollMs?: number;
  signal?: AbortSignal;
  log: (line: string) => void;
  warn: (line: string) => void;
}

export interface DaemonScanResult {
  version: string;
  /** ZAP's traditional JSON report. */
  reportJson: string;
  /** Which endpoint produced it, for the log. */
  reportSource: string;
  complete: boolean;
}

/** Thrown when the definition cannot reach ZAP; the action reports it as one line. */
export class DefinitionUploadError extends Error {
  override readonly name = 'DefinitionUploadError';
}

async function waitFor(
  label: string,
  check: () => Promise<number>,
  options: {
    timeoutMs: number;
    pollMs: number;
    signal?: AbortSignal;
    log: (line: string) => void;
    done: (v: number) => boolean;
  },
): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  let last = -1;
  for (;;) {
    const value = await check();
    if (options.done(value)) return true;
    if (value !== last) options.log(`${label}: ${value}`);
    last = value;
    if (Date.now() >= deadline) return false;
    await sleep(options.pollMs, options.signal);
  }
}

const str = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
const num = (value: unknown): number => Number.parseInt(str(value), 10);

function atLeast(version: string, major: number, minor: number): boolean {
  const match = /^(\d+)\.(\d+)/.exec(version);
  if (!match) return version === 'Dev Build' || /^D-/.test(version);
  return Number(match[1]) > major || (Number(match[1]) === major && Number(match[2]) >= minor);
}

/**
 * Sends a local definition file to ZAP through the API's file transfer (core `fileUpload`, ZAP 2.14+, needs
 * `-config api.filexfer=true` and an API key) and returns the path ZAP stored it at. A runner path would mean
 * nothing to a ZAP running in another container or host.
 */
async function uploadDefinition(api: ZapApi, fileName: string, content: string): Promise<string> {
  const name = `credex-zap-scan/${fileName.replace(/[^\w.-]/g, '_')}`;
  try {
    const answer = JSON.parse(
      await api.post('/OTHER/core/other/fileUpload/', { fileName: name, fileContents: content }),
    ) as {
      Uploaded?: unknown;
    };
    if (typeof answer.Uploaded === 'string' && answer.Uploaded) return answer.Uploaded;
    throw new ZapApiError('ZAP API /OTHER/core/other/fileUpload/ did not say where it stored the file');
  } catch (error) {
    if (!(error instanceof ZapApiError) && !(error instanceof SyntaxError)) throw error;
    throw new DefinitionUploadError(
      `the ZAP daemon cannot receive the API definition ${fileName} (${error.message}): file upload needs ZAP 2.14 or later started with -config api.filexfer=true and an API key; or give api-definition as a URL the daemon can fetch`,
    );
  }
}

async function importDefinition(options: DaemonScanOptions): Promise<void> {
  const { api, definition, target, log } = options;
  const format = options.apiFormat ?? 'openapi';
  let where: Record<string, string>;
  let action: 'importUrl' | 'importFile';
  if (!definition) {
    // GraphQL without a schema: ZAP introspects the endpoint.
    action = 'importUrl';
    where = {};
  } else if ('url' in definition) {
    action = 'importUrl';
    where = { url: definition.url };
  } else {
    action = 'importFile';
    where = { file: await uploadDefinition(api, definition.fileName, definition.content) };
    log(`Uploaded ${definition.fileName} to the ZAP daemon (core fileUpload): ${where.file}`);
  }
  const params: Record<string, string> =
    format === 'graphql'
      ? { endurl: target, ...where }
      : format === 'openapi'
        ? { ...where, ...(action === 'importUrl' ? { hostOverride: target } : { target }) }
        : where;
  await api.call(`/JSON/${format}/action/${action}/`, params);
  log(`Imported the ${format} definition (${format}/action/${action})`);
}

const LEGACY_REPORT = '/OTHER/core/other/jsonreport/';

/**
 * The traditional JSON report, from the reports add-on (`reports/action/generate`, template traditional-json, into
 * ZAP's file-transfer folder, then core `fileDownload`); an older ZAP, or one without file transfer, falls back to
 * core's deprecated `/OTHER/core/other/jsonreport/`.
 */
async function fetchReport(api: ZapApi): Promise<{ text: string; source: string }> {
  const fileName = `credex-zap-scan-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.json`;
  let reason: string;
  try {
    await api.call('/JSON/reports/action/generate/', {
      title: 'credex zap-scan',
      template: 'traditional-json',
      reportDir: '${XFER}',
      reportFileName: fileName,
    });
    try {
      const text = await api.text('/OTHER/core/other/fileDownload/', { fileName });
      return { text, source: 'reports/action/generate (traditional-json) + core/other/fileDownload' };
    } catch (error) {
      if (!(error instanceof ZapApiError)) throw error;
      reason = `the report was generated but could not be downloaded (${error.message}); start ZAP with -config api.filexfer=true to use the current endpoints`;
    }
  } catch (error) {
    if (!(error instanceof ZapApiError)) throw error;
    reason ??= `reports/action/generate is not available (${error.message})`;
  }
  const text = await api.text(LEGACY_REPORT);
  return { text, source: `core/other/jsonreport (deprecated fallback: ${reason})` };
}

export async function runDaemonScan(options: DaemonScanOptions): Promise<DaemonScanResult> {
  const { api, log } = options;
  const pollMs = options.pollMs ?? 2_000;
  const version = str((await api.call('/JSON/core/view/version/')).version) || 'unknown';
  log(`ZAP ${version} answers at the API`);
  for (const call of pacingCalls(options.pacing)) {
    await api.call(`/JSON/${call.component}/${call.type}/${call.name}/`, call.params);
  }
  let complete = true;
  if (options.mode === 'api') {
    await importDefinition(options);
  } else {
    const scanId = str((await api.call('/JSON/spider/action/scan/', { url: options.target, recurse: 'true' })).scan);
    log(`Spidering ${options.target} (scan ${scanId})`);
    const limit = options.spiderTimeoutMs ?? options.scanTimeoutMs;
    const done = await waitFor(
      'spider progress %',
      async () => num((await api.call('/JSON/spider/view/status/', { scanId })).status),
      { timeoutMs: limit, pollMs, signal: options.signal, log, done: (v) => v >= 100 },
    );
    if (!done) {
      await api.call('/JSON/spider/action/stop/', { scanId });
      options.warn(
        `the spider did not finish within ${Math.round(limit / 1000)} s; stopped it and went on with what it found`,
      );
    }
  }
  // The pscan API moved from core (deprecated in 2.16.0) to the pscan add-on; the endpoint's path did not change.
  log(
    `Waiting for the passive scan: pscan/view/recordsToScan (${atLeast(version, 2, 16) ? 'the pscan add-on' : "core's pscan API"} on ZAP ${version})`,
  );
  await waitFor(
    'passive scan records left',
    async () => num((await api.call('/JSON/pscan/view/recordsToScan/')).recordsToScan),
    { timeoutMs: options.scanTimeoutMs, pollMs, signal: options.signal, log, done: (v) => v <= 0 },
  );
  if (options.mode !== 'baseline') {
    const scanId = str((await api.call('/JSON/ascan/action/scan/', { url: options.target, recurse: 'true' })).scan);
    log(`Active scan of ${options.target} (scan ${scanId})`);
    const done = await waitFor(
      'active scan progress %',
      async () => num((await api.call('/JSON/ascan/view/status/', { scanId })).status),
      { timeoutMs: options.scanTimeoutMs, pollMs, signal: options.signal, log, done: (v) => v >= 100 },
    );
    if (!done) {
      await api.call('/JSON/ascan/action/stop/', { scanId });
      complete = false;
      options.warn(
        `the active scan did not finish within ${Math.round(options.scanTimeoutMs / 1000)} s; stopped it: results are incomplete`,
      );
    }
  }
  const report = await fetchReport(api);
  log(`Report: ${report.source}`);
  return { version, reportJson: report.text, reportSource: report.source, complete };
}
