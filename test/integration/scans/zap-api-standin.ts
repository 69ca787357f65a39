import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for a ZAP daemon's API: version, exclusions/options (recorded), spider, passive scan queue,
 * active scan (progress advances on each status call), definition imports and the traditional JSON report.
 */
export interface ZapCall {
  path: string;
  params: Record<string, string>;
  apiKey?: string;
}

export class ZapApiStandIn {
  readonly calls: ZapCall[] = [];
  /** When set, requests without this X-ZAP-API-Key header get ZAP's bad_api_key answer. */
  apiKey?: string;
  /** The report /OTHER/core/other/jsonreport/ returns. */
  report = '{"@version":"2.15.0","site":[]}';
  /** Progress added per status call (0 = never finishes). */
  spiderStep = 50;
  ascanStep = 50;
  private spider = 0;
  private ascan = 0;
  private records = 3;
  private server?: Server;
  url = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const params = Object.fromEntries(url.searchParams);
      const apiKey = req.headers['x-zap-api-key'] as string | undefined;
      this.calls.push({ path: url.pathname, params, apiKey });
      const json = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (this.apiKey && apiKey !== this.apiKey) {
        json(400, { code: 'bad_api_key', message: 'Bad API key' });
        return;
      }
      const path = url.pathname;
      if (path === '/JSON/core/view/version/') return json(200, { version: '2.15.0' });
      if (path === '/JSON/spider/action/scan/') return json(200, { scan: '4' });
      if (path === '/JSON/spider/view/status/') {
        this.spider = Math.min(100, this.spider + this.spiderStep);
        return json(200, { status: String(this.spider) });
      }
      if (path === '/JSON/pscan/view/recordsToScan/') {
        this.records = Math.max(0, this.records - 1);
        return json(200, { recordsToScan: String(this.records) });
      }
      if (path === '/JSON/ascan/action/scan/') return json(200, { scan: '7' });
      if (path === '/JSON/ascan/view/status/') {
        this.ascan = Math.min(100, this.ascan + this.ascanStep);
        return json(200, { status: String(this.ascan) });
      }
      if (path === '/OTHER/core/other/jsonreport/') {
        res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
        res.end(this.report);
        return;
      }
      if (/^\/JSON\/[a-z]+\/action\/[A-Za-z]+\/$/.test(path)) return json(200, { Result: 'OK' });
      json(400, { code: 'bad_view', message: `no such view or action: ${path}` });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
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
