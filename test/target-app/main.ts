// Runs the target app until SIGINT/SIGTERM, for the demo and CI: npx tsx test/target-app/main.ts [--port N]
// [--api-key KEY] [--rate-limit N] [--member PHONE=PASSWORD ...]. Prints one line: "target-app listening on URL".
import { parseArgs } from 'node:util';
import { startTargetApp } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'api-key': { type: 'string' },
    'rate-limit': { type: 'string' },
    member: { type: 'string', multiple: true },
  },
});

const members: Record<string, string> = {};
for (const entry of values.member ?? []) {
  const eq = entry.indexOf('=');
  if (eq <= 0) throw new Error(`--member expects PHONE=PASSWORD, got ${entry}`);
  members[entry.slice(0, eq)] = entry.slice(eq + 1);
}

const app = await startTargetApp({
  port: values.port ? Number(values.port) : undefined,
  apiKey: values['api-key'],
  rateLimit: values['rate-limit'] ? { max: Number(values['rate-limit']) } : undefined,
  members,
});
console.log(`target-app listening on ${app.url}`);
const stop = (): void => {
  void app.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
