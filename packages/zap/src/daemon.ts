import { sleep } from '@credex/action-kit';
import { httpRequest } from '@credex/http';
import type { ApiFormat, ScanMode } from './docker';
import { pacingCalls, type Pacing } from './pacing';

/** Talks to a running ZAP daemon over its HTTP API (`/JSON/<component>/<view|action>/<name>/`). */
export class ZapApiError extends Error {
  override readonly name = 'ZapApiError';
}

export interface ZapApi {
  call(path: string, params?: Record<string, string>): Promise<Record<string, unknown>>;
  text(path: string, params?: Record<string, string>): Promise<string>;
}

export function zapApi(baseUrl: string, apiKey: string | undefined, signal?: AbortSignal): ZapApi {
  const root = baseUrl.replace(/\/+$/, '');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (apiKey) headers['x-zap-api-key'] = apiKey;
  const get = async (path: string, params: Record<string, string>): Promise<string> => {
    const query = new URLSearchParams(params).toString();
    const url = `${root}${path}${query ? `?${query}` : ''}`;
    const response = await httpRequest({ url, headers, timeoutMs: 60_000, maxBodyBytes: 256 * 1024 * 1024, signal });
    if (response.status !== 200) {
      let detail = response.body.slice(0, 200);
      try {
        const body = JSON.parse(response.body) as { code?: string; message?: string };
        detail = [body.code, body.message].filter(Boolean).join(': ') || detail;
      } catch {
        // not JSON: keep the text
      }
      const hint = response.status === 403 || /api_key/i.test(detail) ? ' (check zap-api-key)' : '';
      throw new ZapApiError(`ZAP API ${path} answered HTTP ${response.status}: ${detail}${hint}`);
    }
    return response.body;
  };
  return {
    async call(path, params = {}) {
      const body = await get(path, params);
      try {
        return JSON.parse(body) as Record<string, unknown>;
      } catch {
        throw new ZapApiError(`ZAP API ${path} did not answer JSON`);
      }
    },
    text: (path, params = {}) => get(path, params),
  };
}

export interface DaemonScanOptions {
  api: ZapApi;
  mode: ScanMode;
  target: string;
  /** For api mode: where ZAP fetches the definition (URL, or a file path on the daemon's machine). */
  definition?: string;
  apiFormat?: ApiFormat;
  pacing: Pacing;
  spiderTimeoutMs: number;
  scanTimeoutMs: number;
  pollMs?: number;
  signal?: AbortSignal;
  log: (line: string) => void;
  warn: (line: string) => void;
}

export interface DaemonScanResult {
  version: string;
  /** The traditional JSON report (`/OTHER/core/other/jsonreport/`). */
  reportJson: string;
  complete: boolean;
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
    const definition = options.definition ?? options.target;
    const format = options.apiFormat ?? 'openapi';
    const isUrl = /^https?:\/\//i.test(definition);
    if (format === 'openapi') {
      await api.call(
        `/JSON/openapi/action/${isUrl ? 'importUrl' : 'importFile'}/`,
        isUrl ? { url: definition } : { file: definition },
      );
    } else if (format === 'soap') {
      await api.call(
        `/JSON/soap/action/${isUrl ? 'importUrl' : 'importFile'}/`,
        isUrl ? { url: definition } : { file: definition },
      );
    } else {
      await api.call(
        `/JSON/graphql/action/${isUrl ? 'importUrl' : 'importFile'}/`,
        isUrl ? { endurl: options.target, url: definition } : { endurl: options.target, file: definition },
      );
    }
    log(`Imported the ${format} definition ${definition}`);
  } else {
    const scanId = str((await api.call('/JSON/spider/action/scan/', { url: options.target, recurse: 'true' })).scan);
    log(`Spidering ${options.target} (scan ${scanId})`);
    const done = await waitFor(
      'spider progress %',
      async () => num((await api.call('/JSON/spider/view/status/', { scanId })).status),
      {
        timeoutMs: options.spiderTimeoutMs,
        pollMs,
        signal: options.signal,
        log,
        done: (v) => v >= 100,
      },
    );
    if (!done) {
      await api.call('/JSON/spider/action/stop/', { scanId });
      options.warn(
        `the spider did not finish within ${Math.round(options.spiderTimeoutMs / 1000)} s; stopped it and went on with what it found`,
      );
    }
  }
  await waitFor(
    'passive scan records left',
    async () => num((await api.call('/JSON/pscan/view/recordsToScan/')).recordsToScan),
    {
      timeoutMs: options.scanTimeoutMs,
      pollMs,
      signal: options.signal,
      log,
      done: (v) => v <= 0,
    },
  );
  if (options.mode !== 'baseline') {
    const scanId = str((await api.call('/JSON/ascan/action/scan/', { url: options.target, recurse: 'true' })).scan);
    log(`Active scan of ${options.target} (scan ${scanId})`);
    const done = await waitFor(
      'active scan progress %',
      async () => num((await api.call('/JSON/ascan/view/status/', { scanId })).status),
      {
        timeoutMs: options.scanTimeoutMs,
        pollMs,
        signal: options.signal,
        log,
        done: (v) => v >= 100,
      },
    );
    if (!done) {
      await api.call('/JSON/ascan/action/stop/', { scanId });
      complete = false;
      options.warn(
        `the active scan did not finish within ${Math.round(options.scanTimeoutMs / 1000)} s; stopped it: results are incomplete`,
      );
    }
  }
  const reportJson = await api.text('/OTHER/core/other/jsonreport/');
  return { version, reportJson, complete };
}
