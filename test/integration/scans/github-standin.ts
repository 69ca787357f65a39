import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for the parts of the GitHub REST API that the scan actions use: issue comments (list with
 * Link-header pagination, create, update) and issues (list, create, update). Records every request.
 */
export interface Comment {
  id: number;
  body: string;
  html_url: string;
}
export interface Issue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  state_reason?: string | null;
  html_url: string;
  comments: Comment[];
  pull_request?: object;
}
export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
  body?: Record<string, unknown>;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export class GitHubStandIn {
  readonly issues = new Map<number, Issue>();
  readonly requests: RecordedRequest[] = [];
  /** Answer writes (POST/PATCH) with 403, as GitHub does for a token without the permission. */
  forbidWrites = false;
  private nextId = 1000;
  private server?: Server;
  url = '';

  constructor(
    readonly owner = 'credex',
    readonly repo = 'credex-core',
  ) {}

  addIssue(issue: Partial<Issue> & { number: number }): Issue {
    const full: Issue = {
      title: '',
      body: '',
      state: 'open',
      html_url: `https://github.com/${this.owner}/${this.repo}/issues/${issue.number}`,
      comments: [],
      ...issue,
    };
    this.issues.set(full.number, full);
    return full;
  }

  addComment(issueNumber: number, body: string): Comment {
    const issue = this.issues.get(issueNumber) ?? this.addIssue({ number: issueNumber, pull_request: {} });
    const comment = { id: this.nextId++, body, html_url: `${issue.html_url}#issuecomment-${this.nextId}` };
    issue.comments.push(comment);
    return comment;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
    this.requests.push({ method, path: url.pathname + url.search, authorization: req.headers.authorization, body });
    const send = (status: number, data: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(data));
    };
    if (method !== 'GET' && this.forbidWrites) {
      send(403, {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
        status: '403',
      });
      return;
    }
    const base = `/repos/${this.owner}/${this.repo}/issues`;
    const path = url.pathname;
    const page = (items: unknown[]): void => {
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const n = Number(url.searchParams.get('page') ?? 1);
      const slice = items.slice((n - 1) * perPage, n * perPage);
      const headers: Record<string, string> = {};
      if (n * perPage < items.length) {
        const next = new URL(url.toString());
        next.searchParams.set('page', String(n + 1));
        headers.link = `<${this.url}${next.pathname}${next.search}>; rel="next"`;
      }
      send(200, slice, headers);
    };
    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^${base}/(\\d+)/comments$`).exec(path))) {
      const issue = this.issues.get(Number(m[1]));
      if (!issue) return send(404, { message: 'Not Found' });
      if (method === 'GET') return page(issue.comments);
      if (method === 'POST') return send(201, this.addComment(issue.number, text(body?.body)));
    }
    if ((m = new RegExp(`^${base}/comments/(\\d+)$`).exec(path)) && method === 'PATCH') {
      for (const issue of this.issues.values()) {
        const comment = issue.comments.find((c) => c.id === Number(m![1]));
        if (comment) {
          comment.body = text(body?.body);
          return send(200, comment);
        }
      }
      return send(404, { message: 'Not Found' });
    }
    if (path === base && method === 'GET') {
      const state = url.searchParams.get('state') ?? 'open';
      const list = [...this.issues.values()].filter((i) => state === 'all' || i.state === state);
      return page(list.map(({ comments: _comments, ...rest }) => rest));
    }
    if (path === base && method === 'POST') {
      const number = Math.max(0, ...this.issues.keys()) + 1;
      const issue = this.addIssue({ number, title: text(body?.title), body: text(body?.body) });
      return send(201, { ...issue, comments: 0 });
    }
    if ((m = new RegExp(`^${base}/(\\d+)$`).exec(path)) && method === 'PATCH') {
      const issue = this.issues.get(Number(m[1]));
      if (!issue) return send(404, { message: 'Not Found' });
      if (typeof body?.body === 'string') issue.body = body.body;
      if (body?.state === 'closed' || body?.state === 'open') issue.state = body.state;
      if (typeof body?.state_reason === 'string') issue.state_reason = body.state_reason;
      return send(200, { ...issue, comments: issue.comments.length });
    }
    send(404, { message: `stand-in has no route for ${method} ${path}` });
  }
}
