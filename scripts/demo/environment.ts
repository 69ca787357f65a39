import { connect } from 'node:net';
import { startTargetApp, type TargetApp } from '../../test/target-app';
import { servicesEnv } from '../../test/services/env';

/**
 * The services and the target app the demo runs against. The services are started through the same code as
 * `npm run services:start` and jest's global setup, holding a lease like a test run does: at the end the lease is
 * released, which stops the services only when the demo started them and no test run is using them.
 */

interface ServicesModule {
  startServices(options: { owner: 'cli' | 'jest' }): Promise<{ started: string[]; timings: Record<string, number> }>;
  releaseJestLease(): Promise<{ stopped: string[] }>;
  MissingToolsError: new (...args: unknown[]) => Error;
}

// services.mjs ships without type declarations; a computed specifier keeps the compiler from asking for them.
const SERVICES_MODULE = new URL('../../test/services/services.mjs', import.meta.url).href;

export interface Services {
  env: Record<string, string>;
  started: string[];
  release(): Promise<string[]>;
}

export async function startServices(): Promise<Services> {
  const services = (await import(SERVICES_MODULE)) as ServicesModule;
  const { started } = await services.startServices({ owner: 'jest' });
  let released = false;
  return {
    env: servicesEnv(),
    started,
    async release() {
      if (released) return [];
      released = true;
      return (await services.releaseJestLease()).stopped;
    },
  };
}

function portAnswers(uri: string | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (!uri) return resolve(false);
    const { hostname, port } = new URL(uri);
    const socket = connect({ host: hostname, port: Number(port) });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Whether both Neo4j servers and moto still accept connections (other test runs may stop or restart them). */
export async function servicesAnswer(env: Record<string, string>): Promise<boolean> {
  const ports = await Promise.all([env.NEO4J_URI, env.NEO4J2_URI, env.AWS_ENDPOINT_URL].map(portAnswers));
  return ports.every(Boolean);
}

export const DEMO_API_KEY = 'demo-client-api-key-7d41c2';
export const DEMO_MEMBER = { phone: '+27820000042' };

/** The target app as credex-core answers: its rate limit (30 a minute, counted twice) and token check as they are. */
export function startApp(): Promise<TargetApp> {
  return startTargetApp({ apiKey: DEMO_API_KEY, members: [DEMO_MEMBER.phone] });
}
