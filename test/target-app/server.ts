import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createTargetApp, type TargetAppOptions, type TargetAppStats } from './app';

/**
 * Starts the target app on a free loopback port (HTTP, or HTTPS with the given certificate). With `downForMs` the
 * port is chosen at once but nothing listens until that much time has passed, so clients see "connection refused"
 * first, like a service that is still starting; `downFor(ms)` does the same to a running app.
 */

export interface StartOptions extends TargetAppOptions {
  host?: string;
  /** A fixed port (default: a free one). */
  port?: number;
  tls?: { key: string; cert: string };
  /** Refuse connections for this long after start (`ready` resolves when it listens). */
  downForMs?: number;
}

export interface TargetApp {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:40123 */
  url: string;
  port: number;
  stats: TargetAppStats;
  /** Resolves once the app accepts connections. */
  ready: Promise<void>;
  /** Forget members, rate-limit counts, counters and the request log (seed members come back). */
  reset(): void;
  /** Stop listening (dropping open connections) for `ms`, then listen again on the same port. */
  downFor(ms: number): Promise<void>;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function stopListening(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** A port that was free a moment ago (the OS picks it). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const probe = createHttpServer();
  const port = await listen(probe, 0, host);
  await stopListening(probe);
  return port;
}

export async function startTargetApp(options: StartOptions = {}): Promise<TargetApp> {
  const host = options.host ?? '127.0.0.1';
  const { handle, stats, reset, close } = createTargetApp(options);
  const server: Server = options.tls ? createHttpsServer(options.tls, handle) : createHttpServer(handle);
  server.keepAliveTimeout = 1_000;
  const delayed = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

  let port: number;
  let ready: Promise<void>;
  let closed = false;
  if (options.downForMs && options.downForMs > 0) {
    port = options.port ?? (await freePort(host));
    ready = delayed(options.downForMs).then(async () => {
      if (!closed) await listen(server, port, host);
    });
  } else {
    port = await listen(server, options.port ?? 0, host);
    ready = Promise.resolve();
  }

  const scheme = options.tls ? 'https' : 'http';
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${scheme}://${shownHost}:${port}`,
    port,
    stats,
    ready,
    reset,
    async downFor(ms: number): Promise<void> {
      await stopListening(server);
      await delayed(ms);
      if (!closed) await listen(server, port, host);
    },
    async close(): Promise<void> {
      closed = true;
      await ready.catch(() => undefined);
      await stopListening(server);
      close();
    },
  };
}
