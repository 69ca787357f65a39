import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SERVICES_ENV_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '.services.env');

/**
 * The coordinates of the running test services (NEO4J_*, NEO4J2_*, AWS_*), read from test/.services.env, which
 * `npm run services:start` or jest's global setup writes.
 */
export function servicesEnv(): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(SERVICES_ENV_FILE, 'utf8');
  } catch {
    throw new Error(
      `test services are not running (no ${SERVICES_ENV_FILE}): start them with \`npm run services:start\` or run the tests with \`npm test\``,
    );
  }
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}
