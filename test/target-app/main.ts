// Runs the target app until SIGINT/SIGTERM, for the demo and CI: npx tsx test/target-app/main.ts [--port N]
// [--api-key KEY] [--member PHONE ...] [--environment NAME] [--rate-limit N|off] [--auth-before-routes] [--faults].
// Prints one line: "target-app listening on URL".
import { parseArgs } from 'node:util';
import { startTargetApp } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'api-key': { type: 'string' },
    'rate-limit': { type: 'string' },
    member: { type: 'string', multiple: true },
    environment: { type: 'string' },
    'auth-before-routes': { type: 'boolean' },
    faults: { type: 'boolean' },
  },
});

const rateLimit = values['rate-limit'];
if (rateLimit !== undefined && rateLimit !== 'off' && !/^[1-9]\d*$/.test(rateLimit)) {
  throw new Error(`--rate-limit expects a number of requests per minute or off, got ${rateLimit}`);
}
for (const phone of values.member ?? []) {
  if (!/^\+?[1-9]\d{1,14}$/.test(phone)) throw new Error(`--member expects a phone number, got ${phone}`);
}

const app = await startTargetApp({
  port: values.port ? Number(values.port) : undefined,
  apiKey: values['api-key'],
  members: values.member,
  environment: values.environment,
  rateLimit: rateLimit === 'off' ? false : rateLimit ? { max: Number(rateLimit) } : undefined,
  authBeforeRoutes: values['auth-before-routes'],
  faults: values.faults,
});
console.log(`target-app listening on ${app.url}`);
const stop = (): void => {
  void app.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
