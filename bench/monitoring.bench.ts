// neo4j-health and credex-alarms: wall time of one run and the calls each makes.
// - neo4j-health over the two live Neo4j servers of the test services (LedgerSpace and SearchSpace stand-ins):
//   median of R runs after a warm-up, Bolt queries per run, PutMetricData calls and values to moto.
// - credex-alarms on moto for a fresh environment (ECS service and two Neo4j instances; no ALB, which would need a
//   seeded VPC): the first apply, then the second run that changes nothing, with the AWS calls of each by command.
// Needs `npm run services:start`. Usage (through bench/run.mjs): npm run bench -- monitoring [-- --runs 5]
import { randomBytes } from 'node:crypto';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { STSClient } from '@aws-sdk/client-sts';
import { DEFAULT_ALARM_THRESHOLDS, runAlarms, type AlarmsPlan } from '@credex/alarms';
import {
  driverRunner,
  parseInventory,
  readCredentials,
  type QueryOptions,
  type QueryRunner,
} from '@credex/neo4j-fleet';
import {
  DEFAULT_HEALTH_THRESHOLDS,
  metricData,
  publishMetrics,
  runHealthCheck,
  type HealthPlan,
} from '@credex/neo4j-health';
import { markdownTable } from '@credex/reports';
import { servicesEnv } from '../test/services/env';

const services = servicesEnv();
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg === -1 ? 5 : Math.max(1, Number(process.argv[runsArg + 1]) || 5);
const aws = {
  region: services.AWS_REGION!,
  endpoint: services.AWS_ENDPOINT_URL!,
  credentials: { accessKeyId: services.AWS_ACCESS_KEY_ID!, secretAccessKey: services.AWS_SECRET_ACCESS_KEY! },
};

/** Counts the calls a client makes, by command. */
function counted<C extends { middlewareStack: { add: (...args: never[]) => void } }>(
  client: C,
  calls: Map<string, number>,
): C {
  (client.middlewareStack as unknown as { add: (mw: unknown, options: unknown) => void }).add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName: string }) => (args: unknown) => {
      calls.set(context.commandName, (calls.get(context.commandName) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize' },
  );
  return client;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const describeCalls = (calls: Map<string, number>): string =>
  [...calls].map(([name, n]) => `${name.replace(/Command$/, '')} ${n}`).join(', ') || 'none';

async function healthBench(): Promise<string[][]> {
  const environment = `bench${randomBytes(3).toString('hex')}`;
  const inventory = parseInventory(
    `environments:\n  ${environment}:\n    instances:\n` +
      `      - { name: ledger, uri: "${services.NEO4J_URI}", user-env: L_USER, password-env: L_PASS }\n` +
      `      - { name: search, uri: "${services.NEO4J2_URI}", user-env: S_USER, password-env: S_PASS }\n`,
    'bench',
  );
  const instances = inventory.environments;
  const plan: HealthPlan = {
    environments: [environment],
    instances,
    credentials: readCredentials(instances[environment]!, {
      L_USER: services.NEO4J_USER,
      L_PASS: services.NEO4J_PASSWORD,
      S_USER: services.NEO4J2_USER,
      S_PASS: services.NEO4J2_PASSWORD,
    }),
    limits: { ...DEFAULT_HEALTH_THRESHOLDS, cpuPercent: 100, memoryPercent: 100 },
    concurrency: 4,
    connectionTimeoutMs: 15_000,
    previousStoreSizes: {},
  };
  let queries = 0;
  const runnerFor: NonNullable<Parameters<typeof runHealthCheck>[1]>['runnerFor'] = (instance, credentials, p) => {
    const inner = driverRunner(instance, credentials, p);
    const runner: QueryRunner = {
      run: (query: string, options?: QueryOptions) => {
        queries++;
        return inner.run(query, options);
      },
      asUser: (user, password) => inner.asUser(user, password),
      close: () => inner.close(),
    };
    return runner;
  };
  await runHealthCheck(plan, { runnerFor });
  const times: number[] = [];
  queries = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await runHealthCheck(plan, { runnerFor });
    times.push(performance.now() - started);
  }
  const queriesPerRun = queries / RUNS;
  const report = await runHealthCheck(plan, { runnerFor });
  const calls = new Map<string, number>();
  const data = metricData(report);
  const started = performance.now();
  await publishMetrics(counted(new CloudWatchClient(aws), calls), data);
  const publishMs = performance.now() - started;
  return [
    ['neo4j-health, both servers (median)', `${median(times).toFixed(0)} ms`, `${queriesPerRun} Bolt queries`],
    ['neo4j-health, publish metrics', `${publishMs.toFixed(0)} ms`, `${describeCalls(calls)} (${data.length} values)`],
  ];
}

async function alarmsBench(): Promise<string[][]> {
  const environment = `bench${randomBytes(3).toString('hex')}`;
  const inventory = parseInventory(
    `environments:\n  ${environment}:\n    instances:\n` +
      '      - { name: ledger, uri: "bolt://10.0.0.1:7687", user-env: U, password-env: P }\n' +
      '      - { name: search, uri: "bolt://10.0.0.2:7687", user-env: U, password-env: P }\n',
    'bench',
  );
  const plan: AlarmsPlan = {
    environment,
    region: aws.region,
    ecs: { cluster: `credex-cluster-${environment}`, service: `credex-core-service-${environment}` },
    neo4jInventory: inventory.environments[environment]!,
    thresholds: DEFAULT_ALARM_THRESHOLDS,
    alarmActions: [],
    okActions: [],
    dryRun: false,
    prune: false,
  };
  const rows: string[][] = [];
  for (const label of ['credex-alarms, first apply', 'credex-alarms, second run']) {
    const calls = new Map<string, number>();
    const started = performance.now();
    const result = await runAlarms(plan, {
      cloudwatch: counted(new CloudWatchClient(aws), calls),
      sts: counted(new STSClient(aws), calls),
    });
    rows.push([
      `${label} (${result.alarms.length} alarms)`,
      `${(performance.now() - started).toFixed(0)} ms`,
      `${describeCalls(calls)}; ${result.writes} write(s)`,
    ]);
  }
  return rows;
}

const rows = [...(await healthBench()), ...(await alarmsBench())];
console.log(markdownTable(['Run', 'Time', 'Calls'], rows));
process.exit(0);
