import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';
import express, { type ErrorRequestHandler, type NextFunction, type Request, type Response } from 'express';
import { MemoryStore, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { faultRoutes, type FaultOptions } from './faults';
import { MemberStore, memberRoutes, type Member } from './members';
import { TokenIssuer } from './tokens';
import { schemas, validateRequest } from './validate';

/**
 * A stand-in for credex-core's HTTP surface at commit 9028233, built from the same middleware libraries in the same
 * order as its src/index.ts and src/middleware/securityConfig.ts: helmet, cors, the rate limiter (first mount), the
 * x-client-api-key check on /v1/login and /v1/onboardMember, the X-Request-ID header, the JSON body parser, the same
 * rate limiter again (second mount: one request counts twice), GET /health, the member routes, /v1/devadmin/* outside
 * production, then the bearer-token check (config/authenticate.ts), then 404 and the error handler. Data is in memory.
 *
 * credex-core mounts its bearer-token check AFTER the routers (src/index.ts: applyAuthMiddleware follows app.use of
 * every router), so a route that a router answers never sees the check: it answers without a token and sends no
 * refreshed Authorization header; only paths no router answered are checked (then 404). That is the default here;
 * `authBeforeRoutes: true` models the order its docs and config/authenticate.ts intend (every /v1 route but the two
 * keyholes wants the token and answers with a refreshed one).
 */

export interface TargetAppOptions {
  /** CLIENT_API_KEY: what `x-client-api-key` must carry on /v1/login and /v1/onboardMember. */
  apiKey?: string;
  /** Phones of members that exist from the start. */
  members?: string[];
  /** credex-core's config.environment / NODE_ENV: /v1/devadmin/* is mounted unless it is `production`. */
  environment?: string;
  /** The limiter's window and limit (credex-core: 30 per 60 s); false turns it off for tests that are not about it. */
  rateLimit?: false | { max?: number; windowMs?: number };
  /** Check the bearer token before the routers (credex-core's intent) instead of after them (its code today). */
  authBeforeRoutes?: boolean;
  /** JWT_SECRET (default: random per app). */
  jwtSecret?: string;
  /** Clock for token issue and expiry, in ms (default Date.now). */
  now?: () => number;
  /** Mount the fault-injection routes /v1/slow, /v1/flaky, /v1/error, /v1/redirect (not credex-core's). */
  faults?: boolean | FaultOptions;
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
  /** Calls to /v1/devadmin/* (must stay 0 in every test of ours: the real routes clear databases). */
  devadminHits: number;
  /** Answers with status 429 (rate limited). */
  rateLimited: number;
  /** Calls per path (no query string). */
  hits(path: string): number;
}

export const DEFAULT_API_KEY = 'test-client-api-key';
export const RATE_LIMIT = { max: 30, windowMs: 60_000 };

interface CredexRequest extends Request {
  id?: string;
  user?: Member & { id?: string };
}

// helmet as configured in src/middleware/securityConfig.ts.
const securityHeaders = helmet({
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'unsafe-inline'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      frameAncestors: ["'self'"],
      formAction: ["'self'"],
    },
  },
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  hsts: { maxAge: 31536000, includeSubDomains: true, preload: true },
});

const CORS_COMMON = {
  methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
  allowedHeaders: ['Content-Type', 'Authorization', 'x-client-api-key'],
  credentials: true,
  maxAge: 86400,
};

function corsFor(environment: string) {
  if (environment !== 'production') return cors({ ...CORS_COMMON, origin: '*' });
  const blocked = [/^file:/, /^data:/, /^localhost/, /\d+\.\d+\.\d+\.\d+/];
  return cors({
    ...CORS_COMMON,
    origin: (origin: string | undefined, callback: (error: Error | null, allow?: boolean) => void) => {
      if (!origin) return callback(null, true);
      if (blocked.some((pattern) => pattern.test(origin))) return callback(new Error('Not allowed by CORS'));
      if (!origin.startsWith('https://')) return callback(new Error('HTTPS required'));
      callback(null, true);
    },
  });
}

export function createTargetApp(options: TargetAppOptions = {}): {
  handle: (req: IncomingMessage, res: ServerResponse) => void;
  stats: TargetAppStats;
  reset: () => void;
  close: () => void;
} {
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  const environment = options.environment ?? 'development';
  const tokens = new TokenIssuer(options.jwtSecret ?? randomBytes(32).toString('hex'), options.now ?? Date.now);
  const members = new MemberStore();
  const seed = (): void => {
    for (const phone of options.members ?? []) members.add(phone);
  };
  seed();
  const flakyCalls = new Map<string, number>();
  const hitCounts = new Map<string, number>();
  const stats: TargetAppStats = {
    requests: [],
    devadminHits: 0,
    rateLimited: 0,
    hits: (path) => hitCounts.get(path) ?? 0,
  };

  // src/middleware/rateLimiter.ts: one limiter (one store), keyed by the member's id when the request has one (it
  // never does at that point: authentication runs later) or the client IP (no 'trust proxy', so the socket address).
  const store = new MemoryStore();
  const limit = options.rateLimit === false ? undefined : { ...RATE_LIMIT, ...options.rateLimit };
  const limiter = limit
    ? rateLimit({
        windowMs: limit.windowMs,
        max: limit.max,
        store,
        keyGenerator: (req: CredexRequest) => req.user?.id || req.ip || req.socket.remoteAddress || 'unknown',
        handler: (_req, res) => {
          res.status(429).send('Too many requests, please try again later');
        },
        // credex-core keeps express-rate-limit's start-up checks on; they only log (once) about the double count and
        // a proxy's X-Forwarded-For, and would clutter test output.
        validate: false,
      })
    : (_req: Request, _res: Response, next: NextFunction) => next();

  // config/authenticate.ts + src/middleware/authMiddleware.ts
  const authenticate = (req: CredexRequest, res: Response, next: NextFunction): void => {
    const token = req.headers.authorization?.split(' ')[1];
    if (!token) {
      res.status(401).json({ message: 'Authentication required' });
      return;
    }
    const checked = tokens.check(token);
    if (!checked.ok) {
      res.status(401).json({ message: checked.message });
      return;
    }
    const member = members.byId(checked.claims.memberID);
    if (!member) {
      res.status(401).json({ message: 'Invalid token' });
      return;
    }
    req.user = member;
    res.setHeader('Authorization', `Bearer ${tokens.refresh(checked.claims)}`);
    next();
  };
  const keyhole = (path: string): boolean =>
    path === '/v1/login' || path === '/v1/onboardMember' || path.includes('/v1/devadmin/');
  const authUnlessKeyhole = (req: CredexRequest, res: Response, next: NextFunction): void =>
    keyhole(req.path) ? next() : authenticate(req, res, next);

  const app = express();
  app.disable('etag');

  // The stand-in's own bookkeeping, before anything credex-core does.
  app.use((req, res, next) => {
    const path = req.path; // routers rewrite req.url on the way down
    hitCounts.set(path, (hitCounts.get(path) ?? 0) + 1);
    if (path.startsWith('/v1/devadmin')) stats.devadminHits++;
    res.on('finish', () => {
      if (res.statusCode === 429) stats.rateLimited++;
      stats.requests.push({ method: req.method, path, status: res.statusCode, ip: req.ip ?? '' });
    });
    next();
  });

  // applySecurityMiddleware
  app.use(securityHeaders);
  app.use(corsFor(environment));
  app.use(limiter);
  app.use((req, res, next) => {
    if (req.path !== '/v1/login' && req.path !== '/v1/onboardMember') return next();
    if (req.headers['x-client-api-key'] !== apiKey) {
      res.status(401).json({ message: 'Unauthorized client' });
      return;
    }
    next();
  });
  // src/utils/logger.ts addRequestId: a fresh id for every request (an incoming X-Request-ID is not echoed).
  app.use((req: CredexRequest, res, next) => {
    req.id = randomUUID();
    res.setHeader('X-Request-ID', req.id);
    next();
  });
  app.use(express.json());
  app.use(limiter);
  app.get('/health', (_req, res) => {
    res.status(200).json({ status: 'healthy' });
  });

  if (options.faults) app.use('/v1', faultRoutes(options.faults === true ? {} : options.faults, flakyCalls));
  if (options.authBeforeRoutes) app.use(authUnlessKeyhole);
  app.use('/v1', memberRoutes(members, tokens));
  if (environment !== 'production') {
    const devadmin = express.Router();
    devadmin.post('/devadmin/clearDevDBs', validateRequest(schemas.empty), (_req, res) => {
      members.clear();
      res.status(200).json({ success: true, message: 'Development databases cleared successfully' });
    });
    devadmin.post('/devadmin/forceDCO', validateRequest(schemas.empty), (_req, res) => {
      res.status(200).json({ success: true, message: 'DCO forced successfully' });
    });
    app.use('/v1', devadmin);
  }
  if (!options.authBeforeRoutes) app.use(authUnlessKeyhole);

  // src/middleware/errorHandler.ts: notFoundHandler, then errorHandler.
  app.use((_req, _res, next) => next(Object.assign(new Error('Not Found'), { statusCode: 404 })));
  const errorHandler: ErrorRequestHandler = (error: { statusCode?: number; message?: string }, _req, res, _next) => {
    const statusCode = error.statusCode || 500;
    res.status(statusCode).json({ status: 'error', statusCode, message: error.message || 'Internal Server Error' });
  };
  app.use(errorHandler);

  const reset = (): void => {
    members.clear();
    seed();
    flakyCalls.clear();
    hitCounts.clear();
    void store.resetAll();
    stats.requests.length = 0;
    stats.devadminHits = 0;
    stats.rateLimited = 0;
  };

  return { handle: app, stats, reset, close: () => store.shutdown() };
}
