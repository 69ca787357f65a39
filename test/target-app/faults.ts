import { Router } from 'express';

/**
 * Fault-injection routes for the HTTP client and smoke-test tests. They are NOT part of credex-core: they are
 * mounted only with the `faults` option, after the rate limiters and before the member routes, so they are limited
 * and counted like any credex-core route.
 */

export interface FaultOptions {
  /** How many calls per key /v1/flaky fails before it succeeds (default 2; `?failures=` overrides). */
  flakyFailures?: number;
  /** Longest `/v1/slow?ms=` wait honoured (default 30 s). */
  maxSlowMs?: number;
}

export function faultRoutes(options: FaultOptions, flakyCalls: Map<string, number>): Router {
  const router = Router();

  router.all('/slow', (req, res) => {
    const ms = Math.min(Number(req.query.ms ?? '1000') || 0, options.maxSlowMs ?? 30_000);
    const timer = setTimeout(() => res.json({ sleptMs: ms }), ms);
    req.socket.once('close', () => clearTimeout(timer));
  });

  router.all('/flaky', (req, res) => {
    const key = typeof req.query.key === 'string' ? req.query.key : 'default';
    const failures = Number(req.query.failures ?? options.flakyFailures ?? 2);
    const call = (flakyCalls.get(key) ?? 0) + 1;
    flakyCalls.set(key, call);
    if (call <= failures) {
      res.status(503).json({ message: `flaky: failing call ${call} of ${failures}` });
      return;
    }
    res.json({ key, call });
  });

  router.all('/error', (_req, res) => {
    res.status(500).json({ message: 'Internal Server Error' });
  });

  router.all('/redirect', (req, res) => {
    const to = typeof req.query.to === 'string' ? req.query.to : '/health';
    if (!to.startsWith('/')) {
      res.status(400).json({ message: 'to must be a path on this server' });
      return;
    }
    const status = Number(req.query.status ?? '302');
    res.redirect([301, 302, 307, 308].includes(status) ? status : 302, to);
  });

  return router;
}
