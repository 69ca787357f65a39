// npm run demo: the suite's main job on this machine. Starts the test services (Neo4j, moto) unless they run, and
// the target app, then runs each action's committed bundle through the runner-exact harness with credex-core's
// inputs, printing exit code, outputs and job summary, and a table of results at the end. Exit 1 when any scenario
// did not behave as expected.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runAction } from '../test/harness/run-bundle';
import { blueGreenDeploy } from './demo/blue-green-deploy';
import { dcoFlaggedUpdate } from './demo/dco-flagged-update';
import { ecsBlueGreenSetup } from './demo/ecs-blue-green-setup';
import { DEMO_API_KEY, DEMO_MEMBER, servicesAnswer, startApp, startServices, type Services } from './demo/environment';
import { neo4jLicenseCheck } from './demo/neo4j-license-check';
import { banner, printStep, printTable, redactor, type Row } from './demo/print';
import { rollback } from './demo/rollback';
import { smokeTest } from './demo/smoke-test';
import { snykScan } from './demo/snyk-scan';
import type { DemoContext, Scenario } from './demo/types';
import { zapScan } from './demo/zap-scan';

// In the order of the pipeline they model: license check, scans, blue-green setup, deploy, smoke test, DCO, rollback.
const ALL_SCENARIOS: Scenario[] = [
  neo4jLicenseCheck,
  snykScan,
  zapScan,
  ecsBlueGreenSetup,
  blueGreenDeploy,
  smokeTest,
  dcoFlaggedUpdate,
  rollback,
];

// The demo's own AWS clients run on this machine's Node 20; the actions' processes keep the SDK's warning.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

// `npm run demo -- smoke-test rollback` runs only those scenarios.
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !ALL_SCENARIOS.some((s) => s.name === name));
if (unknown.length > 0) {
  console.error(
    `demo: unknown scenario ${unknown.join(', ')}; choose from ${ALL_SCENARIOS.map((s) => s.name).join(', ')}`,
  );
  process.exit(2);
}
const SCENARIOS = wanted.length > 0 ? ALL_SCENARIOS.filter((s) => wanted.includes(s.name)) : ALL_SCENARIOS;

const began = Date.now();
const secrets = new Set<string>([DEMO_API_KEY]);
const redact = redactor(secrets);
const cleanups: (() => Promise<void>)[] = [];
const workspaces = mkdtempSync(join(tmpdir(), 'credex-demo-'));
let services: Services | undefined;
let servicesProblem: string | undefined;

let cleaningUp: Promise<void> | undefined;
let interrupted = false;
function cleanup(): Promise<void> {
  cleaningUp ??= (async () => {
    for (const fn of cleanups.reverse()) {
      await fn().catch((error: unknown) => console.error(`demo: cleanup failed: ${redact(String(error))}`));
    }
    if (services) {
      const stopped = await services.release().catch((error: unknown) => {
        console.error(`demo: stopping the services failed: ${String(error)}`);
        return [];
      });
      if (stopped.length > 0) console.log(`demo: stopped the services it started (${stopped.join(', ')})`);
    }
  })();
  return cleaningUp;
}

// Ctrl-C: the harness's child (in the same process group) gets the SIGINT too and cancels; clean up and leave.
// npm and tsx relay the signal as well, so one Ctrl-C can arrive two or three times: repeats within a few seconds
// are the same Ctrl-C; a later one quits without waiting for the cleanup.
let firstSignalAt = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) {
      if (Date.now() - firstSignalAt > 3_000) process.exit(130);
      return;
    }
    interrupted = true;
    firstSignalAt = Date.now();
    console.log(`\ndemo: ${signal}, cleaning up (Ctrl-C again to quit at once)`);
    void cleanup().finally(() => process.exit(130));
  });
}

banner('credex-actions demo: the suite on local services (Neo4j, moto, target app), through the runner-exact harness');
async function bringUpServices(): Promise<void> {
  try {
    const t = Date.now();
    services = await startServices();
    servicesProblem = undefined;
    for (const name of ['NEO4J_PASSWORD', 'NEO4J2_PASSWORD']) {
      const value = services.env[name];
      if (value) secrets.add(value);
    }
    const what = services.started.length > 0 ? `started ${services.started.join(', ')}` : 'already running';
    console.log(`services: ${what} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    console.log(`  Neo4j LedgerSpace ${services.env.NEO4J_URI ?? '?'}, SearchSpace ${services.env.NEO4J2_URI ?? '?'}`);
    console.log(`  moto ${services.env.AWS_ENDPOINT_URL ?? '?'} (region ${services.env.AWS_REGION ?? '?'})`);
  } catch (error) {
    servicesProblem = error instanceof Error ? error.message : String(error);
    console.log(`services: unavailable (${servicesProblem}); scenarios that need them will fail`);
  }
}

if (SCENARIOS.some((s) => s.needsServices)) {
  console.log('starting the test services (a cold first start resolves Neo4j with Maven and can take minutes)…');
  await bringUpServices();
}

const app = await startApp();
cleanups.push(() => app.close());
console.log(`target app: ${app.url} (credex-core's HTTP surface; 30 requests/min per client, each counted twice)`);

const ctx: DemoContext = {
  services: services?.env,
  servicesProblem,
  targetAppUrl: app.url,
  member: DEMO_MEMBER,
  apiKey: DEMO_API_KEY,
  secrets,
  onCleanup: (fn) => cleanups.push(fn),
  workspace: (name) => mkdtempSync(join(workspaces, `${name}-`)),
  async step(label, action, options, expected) {
    if (interrupted) throw new Error('interrupted');
    const result = await runAction(action, { timeoutMs: 120_000, workspace: ctx.workspace(action), ...options });
    const problems: string[] = [];
    if (result.timedOut) problems.push(`killed after ${options.timeoutMs ?? 120_000} ms`);
    if (result.exitCode !== expected.exitCode) {
      problems.push(`exit code ${String(result.exitCode)}, expected ${expected.exitCode}`);
    }
    for (const [name, want] of Object.entries(expected.outputs ?? {})) {
      const got = result.outputs[name] ?? '';
      const ok = typeof want === 'string' ? got === want : want.test(got);
      if (!ok)
        problems.push(`output ${name} is "${got}", expected ${typeof want === 'string' ? `"${want}"` : String(want)}`);
    }
    const checked = await expected.check?.(result);
    if (checked) problems.push(checked);
    printStep(label, action, result, expected.exitCode, problems, redact);
    if (problems.length > 0) throw new UnexpectedStep(`${action} (${label}): ${problems.join('; ')}`);
    return result;
  },
};

class UnexpectedStep extends Error {}

/**
 * Runs a scenario; when one that needs the services fails because the services went away underneath it (another
 * run on this machine stopped or restarted them), starts them again and runs it once more, saying so.
 */
async function runScenario(scenario: Scenario): Promise<string> {
  try {
    return await scenario.run(ctx);
  } catch (error) {
    if (interrupted || !scenario.needsServices || !services || (await servicesAnswer(services.env))) throw error;
    console.log(`\n  the services stopped answering during ${scenario.name} (another run stopped them?): once more`);
    await bringUpServices();
    ctx.services = services?.env;
    ctx.servicesProblem = servicesProblem;
    if (!ctx.services) throw error;
    return scenario.run(ctx);
  }
}

const rows: Row[] = [];
for (const [index, scenario] of SCENARIOS.entries()) {
  if (interrupted) break;
  const missing = scenario.actions.filter((a) => !existsSync(join(REPO_ROOT, 'dist', a, 'index.js')));
  if (missing.length > 0) {
    console.log(`\n${index + 1}. ${scenario.name}: skipped, dist/${missing.join(', dist/')} not built yet`);
    rows.push({ scenario: scenario.name, result: 'skipped', detail: `no dist/${missing.join(', ')}`, ms: 0 });
    continue;
  }
  banner(`${index + 1}. ${scenario.name}: ${scenario.description}`);
  const t = Date.now();
  if (scenario.needsServices && services && !(await servicesAnswer(services.env))) {
    console.log('services: no longer answering (stopped by another run?); starting them again');
    await bringUpServices();
  }
  ctx.services = services?.env;
  ctx.servicesProblem = servicesProblem;
  if (scenario.needsServices && !ctx.services) {
    console.log('  ✗ not run: the test services are unavailable (see the start above)');
    rows.push({ scenario: scenario.name, result: 'unexpected', detail: 'not run: test services unavailable', ms: 0 });
    continue;
  }
  try {
    const detail = await runScenario(scenario);
    rows.push({ scenario: scenario.name, result: 'ok', detail, ms: Date.now() - t });
  } catch (error) {
    const detail =
      error instanceof UnexpectedStep
        ? error.message
        : `crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    if (!(error instanceof UnexpectedStep)) console.log(`  ✗ ${redact(detail)}`);
    rows.push({
      scenario: scenario.name,
      result: 'unexpected',
      detail: detail.split('\n')[0] ?? '',
      ms: Date.now() - t,
    });
  }
}

if (app.stats.devadminHits > 0) {
  rows.push({
    scenario: 'target app',
    result: 'unexpected',
    detail: `${app.stats.devadminHits} /v1/devadmin call(s)`,
    ms: 0,
  });
}

await cleanup();
banner(`Results (${((Date.now() - began) / 1000).toFixed(1)} s in all)`);
printTable(rows, redact);
const bad = rows.filter((r) => r.result === 'unexpected').length;
console.log(`\nworkspaces with the reports (JSON, JUnit, SARIF): ${workspaces}`);
const skipped = rows.filter((r) => r.result === 'skipped').length;
const skippedNote = skipped > 0 ? ` (${skipped} skipped: bundle not built yet)` : '';
console.log(
  bad === 0
    ? `\nevery scenario that ran behaved as expected${skippedNote}`
    : `\n${bad} scenario(s) did not behave as expected${skippedNote}`,
);
process.exitCode = bad === 0 ? 0 : 1;
