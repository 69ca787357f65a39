import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for a ZAP daemon's API, modelled on zaproxy's own code (read in zaproxy/zaproxy at
 * 90068415b and zaproxy/zap-extensions at aea3dee933):
 * - errors of JSON views/actions are HTTP 400 with `{code, message}` (API.handleException); an `OTHER` endpoint's
 *   error is HTTP 400 with an empty body; an unknown component is `no_implementor`, an unknown action `bad_action`;
 * - core `fileUpload` (POST, exactly `application/x-www-form-urlencoded`, fields fileName and fileContents) and
 *   `fileDownload` need file transfer on (api.filexfer, ZAP 2.14+), else "File transfer not enabled" (400);
 *   a parameter whose name contains file, path or dir starting with `${XFER}` means the transfer folder;
 * - the reports add-on's `reports/action/generate` (template, reportDir, reportFileName; `.json` appended when
 *   missing) answers `{generate: <path>}` and writes the report there;
 * - core's deprecated `/OTHER/core/other/jsonreport/` returns the traditional JSON report;
 * - openapi/soap/graphql `importFile` need a file that exists on ZAP's side.
 * `legacy()` makes it a ZAP 2.13 without the reports add-on and without file transfer.
 */
export interface ZapCall {
  method: string;
  path: string;
  params: Record<string, string>;
  apiKey?: string;
  contentType?: string;
}

const TRANSFER_DIR = '/home/zap/.ZAP/transfer';

export class ZapApiStandIn {
  readonly calls: ZapCall[] = [];
  /** When set, requests without this X-ZAP-API-Key header get ZAP's bad_api_key answer. */
  apiKey?: string;
  version = '2.16.1';
  /** The traditional JSON report, whichever endpoint produces it. */
  report = '{"@version":"2.16.1","site":[]}';
  reportsAddOn = true;
  fileTransfer = true;
  /** Files on ZAP's side (uploaded or generated), by absolute path. */
  readonly files = new Map<string, string>();
  /** Progress added per status call (0 = never finishes). */
  spiderStep = 50;
  ascanStep = 50;
  private spider = 0;
  private ascan = 0;
  private records = 3;
  private server?: Server;
  url = '';

  legacy(): this {
    this.version = '2.13.0';
    this.reportsAddOn = false;
    this.fileTransfer = false;
    return this;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks), res));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  private handle(
    method: string,
    rawUrl: string,
    headers: Record<string, string | string[] | undefined>,
    body: Buffer,
    res: import('node:http').ServerResponse,
  ): void {
    const url = new URL(rawUrl, 'http://localhost');
    const contentType = headers['content-type'] as string | undefined;
    let params: Record<string, string> = Object.fromEntries(url.searchParams);
    const json = (status: number, value: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify(value));
    };
    const error = (code: string, message: string): void => json(400, { code, message });
    const otherError = (): void => {
      res.writeHead(400, { 'content-type': 'text/plain; charset=UTF-8' });
      res.end();
    };
    const text = (value: string): void => {
      res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(value);
    };
    if (method === 'POST') {
      if (contentType === 'application/x-www-form-urlencoded')
        params = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
      else return error('content_type_not_supported', 'Content type not supported');
    }
    // ${XFER} in file/path/dir parameters means the transfer folder (API.replaceXferTokens).
    for (const [key, value] of Object.entries(params)) {
      if (/file|path|dir/i.test(key) && value.startsWith('${XFER}')) {
        const rest = value.slice('${XFER}'.length);
        params[key] = `${TRANSFER_DIR}${rest.startsWith('/') ? rest : `/${rest}`}`.replace(/\/$/, '');
      }
    }
    const apiKey = headers['x-zap-api-key'] as string | undefined;
    const path = url.pathname;
    this.calls.push({ method, path, params, apiKey, contentType });
    if (this.apiKey && apiKey !== this.apiKey) return error('bad_api_key', 'Bad API key');

    switch (path) {
      case '/JSON/core/view/version/':
        return json(200, { version: this.version });
      case '/JSON/spider/action/scan/':
        return json(200, { scan: '4' });
      case '/JSON/spider/view/status/':
        this.spider = Math.min(100, this.spider + this.spiderStep);
        return json(200, { status: String(this.spider) });
      case '/JSON/pscan/view/recordsToScan/':
        this.records = Math.max(0, this.records - 1);
        return json(200, { recordsToScan: String(this.records) });
      case '/JSON/ascan/action/scan/':
        return json(200, { scan: '7' });
      case '/JSON/ascan/view/status/':
        this.ascan = Math.min(100, this.ascan + this.ascanStep);
        return json(200, { status: String(this.ascan) });
      case '/OTHER/core/other/jsonreport/':
        return text(this.report);
      case '/OTHER/core/other/fileUpload/': {
        if (!this.fileTransfer || method !== 'POST' || !params.fileName) return otherError();
        const stored = `${TRANSFER_DIR}/${params.fileName}`;
        this.files.set(stored, params.fileContents ?? '');
        return json(200, { Uploaded: stored });
      }
      case '/OTHER/core/other/fileDownload/': {
        const file = this.files.get(`${TRANSFER_DIR}/${params.fileName ?? ''}`);
        if (!this.fileTransfer || file === undefined) return otherError();
        return text(file);
      }
      case '/JSON/reports/action/generate/': {
        if (!this.reportsAddOn) return error('no_implementor', 'No Implementor');
        if (params.template !== 'traditional-json') return error('does_not_exist', 'Template does not exist');
        const dir = params.reportDir ?? '/home/zap';
        if (!dir.startsWith('/')) return error('illegal_parameter', `Directory is not writable: ${dir}`);
        const name = params.reportFileName?.endsWith('.json') ? params.reportFileName : `${params.reportFileName}.json`;
        const stored = `${dir}/${name}`;
        this.files.set(stored, this.report);
        return json(200, { generate: stored });
      }
    }
    const imported = /^\/JSON\/(openapi|soap|graphql)\/action\/(importFile|importUrl)\/$/.exec(path);
    if (imported) {
      if (imported[2] === 'importFile' && !this.files.has(params.file ?? '')) {
        return error('illegal_parameter', `File not found: ${params.file}`);
      }
      return json(200, { Result: 'OK' });
    }
    if (/^\/JSON\/(core|spider|ascan)\/action\/[A-Za-z]+\/$/.test(path)) return json(200, { Result: 'OK' });
    if (/^\/JSON\/reports\//.test(path) && !this.reportsAddOn) return error('no_implementor', 'No Implementor');
    error('bad_view', `no such view or action: ${path}`);
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** The API calls made, as `path?k=v` without the version/status polling noise. */
  actions(): string[] {
    return this.calls
      .filter((c) => c.path.includes('/action/') || c.path.startsWith('/OTHER/'))
      .map((c) => `${c.path}${Object.keys(c.params).length ? `?${new URLSearchParams(c.params).toString()}` : ''}`);
  }
}
