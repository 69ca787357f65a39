import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The request handler of the target app: a stand-in for credex-core's HTTP surface. Shapes follow credex-core
 * (GET /health, POST /v1/... JSON, x-client-api-key, Bearer tokens, ~50 requests/min per IP); the data is in memory.
 */

export interface TargetAppOptions {
  /** The value `x-client-api-key` must carry (default `test-client-api-key`). */
  apiKey?: string;
  /** Members that exist from the start (phone → password). */
  members?: Record<string, string>;
  /** How many calls per key the flaky route fails before it succeeds (default 2; `?failures=` overrides). */
  flakyFailures?: number;
  /** Per-IP rate limit; off unless given (credex-core allows about 50 requests per minute). */
  rateLimit?: { max: number; windowMs?: number };
  /** Longest `/v1/slow?ms=` wait honoured (default 30 s). */
  maxSlowMs?: number;
}

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  ip: string;
}

export interface TargetAppStats {
  /** Every request answered, in order. */
  requests: RequestRecord[];
  /** Calls to /v1/devadmin/* (must stay 0 in every test of ours: the real route clears databases). */
  devadminHits: number;
  /** Calls per path (no query string). */
  hits(path: string): number;
}

interface Member {
  memberID: string;
  phone: string;
  password: string;
  firstname: string;
  lastname: string;
}

export const DEFAULT_API_KEY = 'test-client-api-key';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const MAX_BODY_BYTES = 64 * 1024;

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'Request body too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  const contentType = req.headers['content-type'] ?? '';
  if (!contentType.includes('application/json')) throw new HttpError(415, 'Content-Type must be application/json');
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw new HttpError(400, 'Invalid JSON body');
  }
}

function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value.trim() === '') throw new HttpError(400, `${name} is required`);
  return value.trim();
}

const PHONE = /^\+?[1-9]\d{7,14}$/;

export function createTargetApp(options: TargetAppOptions = {}): {
  handle: (req: IncomingMessage, res: ServerResponse) => void;
  stats: TargetAppStats;
  reset: () => void;
} {
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  const members = new Map<string, Member>();
  const tokens = new Map<string, string>(); // token → memberID
  const flakyCalls = new Map<string, number>();
  const rateWindows = new Map<string, { start: number; count: number }>();
  const hitCounts = new Map<string, number>();
  const stats: TargetAppStats = {
    requests: [],
    devadminHits: 0,
    hits: (path) => hitCounts.get(path) ?? 0,
  };

  const addMember = (phone: string, password: string, firstname = 'Test', lastname = 'Member'): Member => {
    const member = { memberID: randomUUID(), phone, password, firstname, lastname };
    members.set(phone, member);
    return member;
  };
  const seed = (): void => {
    for (const [phone, password] of Object.entries(options.members ?? {})) addMember(phone, password);
  };
  seed();

  const issueToken = (member: Member, res: ServerResponse): string => {
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, member.memberID);
    res.setHeader('Authorization', `Bearer ${token}`);
    return token;
  };

  const requireApiKey = (req: IncomingMessage): void => {
    if (req.headers['x-client-api-key'] !== apiKey) throw new HttpError(401, 'Invalid or missing API key');
  };

  const requireMember = (req: IncomingMessage): Member => {
    const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    const memberID = match ? tokens.get(match[1]!) : undefined;
    const member = [...members.values()].find((m) => m.memberID === memberID);
    if (!member) throw new HttpError(401, 'Unauthorized: a valid Bearer token is required');
    return member;
  };

  const rateLimited = (ip: string): HttpError | undefined => {
    if (!options.rateLimit) return undefined;
    const windowMs = options.rateLimit.windowMs ?? 60_000;
    const now = Date.now();
    let window = rateWindows.get(ip);
    if (!window || now - window.start >= windowMs) {
      window = { start: now, count: 0 };
      rateWindows.set(ip, window);
    }
    window.count++;
    if (window.count <= options.rateLimit.max) return undefined;
    const retryAfter = Math.max(1, Math.ceil((window.start + windowMs - now) / 1000));
    return new HttpError(429, 'Too many requests, please try again later.', { 'Retry-After': String(retryAfter) });
  };

  type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<unknown>;
  const post: Record<string, Handler> = {
    '/v1/login': async (req, res) => {
      requireApiKey(req);
      const body = await readJson(req);
      const phone = field(body, 'phone');
      const password = field(body, 'password');
      const member = members.get(phone);
      if (!member || member.password !== password) throw new HttpError(401, 'Invalid phone or password');
      const token = issueToken(member, res);
      return { message: 'Login successful', token, memberID: member.memberID };
    },
    '/v1/onboardMember': async (req, res) => {
      requireApiKey(req);
      const body = await readJson(req);
      const firstname = field(body, 'firstname');
      const lastname = field(body, 'lastname');
      const phone = field(body, 'phone');
      const password = field(body, 'password');
      if (!PHONE.test(phone)) throw new HttpError(400, 'phone must be an international number');
      if (members.has(phone)) throw new HttpError(409, 'A member with this phone already exists');
      const member = addMember(phone, password, firstname, lastname);
      res.statusCode = 201;
      const token = issueToken(member, res);
      return { message: 'Member onboarded', memberID: member.memberID, token };
    },
    '/v1/getMemberDashboardByPhone': async (req) => {
      requireMember(req);
      const phone = field(await readJson(req), 'phone');
      const member = members.get(phone);
      if (!member) throw new HttpError(404, 'Member not found');
      return {
        memberID: member.memberID,
        firstname: member.firstname,
        lastname: member.lastname,
        defaultDenom: 'USD',
        accounts: [{ accountID: `${member.memberID}-personal`, accountName: 'Personal', balances: { USD: '0.00' } }],
      };
    },
    '/v1/getBalances': async (req) => {
      const member = requireMember(req);
      await readJson(req);
      return {
        memberID: member.memberID,
        securedNetBalancesByDenom: ['0.00 USD'],
        netCredexAssetsInDefaultDenom: '0.00',
      };
    },
  };

  const any: Record<string, Handler> = {
    '/v1/slow': async (req, _res, url) => {
      const ms = Math.min(Number(url.searchParams.get('ms') ?? '1000') || 0, options.maxSlowMs ?? 30_000);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        req.socket.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      return { sleptMs: ms };
    },
    '/v1/flaky': async (_req, _res, url) => {
      const key = url.searchParams.get('key') ?? 'default';
      const failures = Number(url.searchParams.get('failures') ?? options.flakyFailures ?? 2);
      const call = (flakyCalls.get(key) ?? 0) + 1;
      flakyCalls.set(key, call);
      if (call <= failures) throw new HttpError(503, `flaky: failing call ${call} of ${failures}`);
      return { key, call };
    },
    '/v1/error': () => Promise.reject(new HttpError(500, 'Internal Server Error')),
    '/v1/redirect': (_req, _res, url) => {
      const to = url.searchParams.get('to') ?? '/health';
      if (!to.startsWith('/')) throw new HttpError(400, 'to must be a path on this server');
      const status = Number(url.searchParams.get('status') ?? '302');
      throw new HttpError([301, 302, 307, 308].includes(status) ? status : 302, 'Redirect', { Location: to });
    },
  };

  const route = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<unknown> => {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    if (path.startsWith('/v1/devadmin')) {
      stats.devadminHits++;
      throw new HttpError(403, 'Forbidden');
    }
    if (path === '/health') {
      if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
      return { status: 'healthy' };
    }
    const anyHandler = any[path];
    if (anyHandler) return anyHandler(req, res, url);
    const postHandler = post[path];
    if (postHandler) {
      if (method !== 'POST') throw new HttpError(405, 'Method Not Allowed', { Allow: 'POST' });
      return postHandler(req, res, url);
    }
    throw new HttpError(404, `Cannot ${method} ${path}`);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://target-app.local');
    const ip = req.socket.remoteAddress ?? 'unknown';
    const requestId = (req.headers['x-request-id'] as string | undefined) ?? randomUUID();
    res.setHeader('X-Request-ID', requestId);
    hitCounts.set(url.pathname, (hitCounts.get(url.pathname) ?? 0) + 1);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      stats.requests.push({ method: req.method ?? 'GET', path: url.pathname, status, ip });
      if (res.headersSent || res.destroyed) return;
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(text),
      });
      res.end(req.method === 'HEAD' ? undefined : text);
    };
    const limited = rateLimited(ip);
    if (limited) {
      req.resume();
      send(limited.status, { message: limited.message }, limited.headers);
      return;
    }
    route(req, res, url).then(
      (body) => send(res.statusCode === 201 ? 201 : 200, body),
      (error: unknown) => {
        req.resume();
        if (error instanceof HttpError) send(error.status, { message: error.message }, error.headers);
        else send(500, { message: 'Internal Server Error' });
      },
    );
  };

  const reset = (): void => {
    members.clear();
    tokens.clear();
    flakyCalls.clear();
    rateWindows.clear();
    hitCounts.clear();
    stats.requests.length = 0;
    stats.devadminHits = 0;
    seed();
  };

  return { handle, stats, reset };
}
