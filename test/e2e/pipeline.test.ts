import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { alarmDefinitions, defaultConfig } from '@credex/ecs-setup';
import { REPO_ROOT } from '../harness/run-bundle';
import {
  callInputs,
  interpolate,
  readWorkflow,
  runWorkflowJob,
  type JobOptions,
  type JobResult,
} from '../harness/workflow-job';
import { motoEnv } from '../integration/ecs/moto';
import { aws, seedCredexShape, type CredexShape } from '../integration/ecs-setup/credex-shape';
import { startTargetApp, type TargetApp } from '../target-app';

// The credex-core pipeline's jobs that use our actions, run the way .github/workflows/ci.yml runs them: each step
// that `uses:` one of our actions runs its committed bundle through the runner-exact harness with the `with:` and
// `env:` the workflow gives it, evaluated by GitHub's expression library from the inputs the pipeline template
// passes for a push to dev. AWS is moto (credex-core's rolling service, with task definitions as its app.yml leaves
// them); the API is the credex-core stand-in; the scanners read recorded reports, as in ci.yml.

const DEPLOY = readWorkflow('.github/workflows/deploy.yml');
const SCANS = readWorkflow('.github/workflows/security-scan.yml');
const PIPELINE = readWorkflow('action-templates/credex-core-pipeline.yml') as unknown as {
  jobs: Record<string, { with?: Record<string, string> }>;
};
const PHONE = '+27820000077';
const API_KEY = 'pipeline-client-key-3c1e';
const push = {
  event_name: 'push',
  ref_name: 'dev',
  sha: 'c0ffee00'.repeat(5),
  repository: 'Great-Sun-Group/credex-core',
};

let app: TargetApp;
let shape: CredexShape;
let workspace: string;
const moto = motoEnv();
const secretArn = (name: string, env: string) =>
  `arn:aws:secretsmanager:af-south-1:123456789012:secret:credex-core/${env}/${name}-Ab12Cd`;

/** The deploy workflow's inputs as the pipeline template gives them for a push to dev, pointed at this test's moto environment and target app. */
function deployInputs(overrides: Record<string, string> = {}): Record<string, string> {
  const ctx = { github: push, vars: { AWS_ACCOUNT_ID: '123456789012' }, secrets: {}, inputs: {}, needs: {} };
  const given = Object.fromEntries(
    Object.entries(PIPELINE.jobs.deploy!.with!).map(([k, v]) => [
      k,
      interpolate(v, ctx).replaceAll('development', shape.environment),
    ]),
  );
  return {
    ...given,
    image: `123456789012.dkr.ecr.af-south-1.amazonaws.com/credex-core-${shape.environment}:next`,
    'base-url': app.url,
    // credex-core's service is still rolling here: a rolling deploy has no test traffic to verify on.
    'test-base-url': '',
    // A test cannot wait the template's 10 minutes of bake time, nor depend on the hour (the DCO blackout).
    'bake-time': '0',
    'blackout-windows': '',
    'task-secrets': ['JWT_SECRET', 'CLIENT_API_KEY', 'NEO_4J_LEDGER_SPACE_PASS']
      .map((name) => `${name}=${secretArn(name, shape.environment)}`)
      .join('\n'),
    ...overrides,
  };
}

function options(extra: Partial<JobOptions> = {}): JobOptions {
  return {
    github: push,
    secrets: { CLIENT_API_KEY: API_KEY, SMOKE_MEMBER_PHONE: PHONE },
    vars: {},
    workspace,
    actionEnv: { ...moto, GITHUB_REPOSITORY: push.repository },
    handlers: {
      'actions/checkout@': () => ({}),
      'aws-actions/configure-aws-credentials@': (step) => {
        expect(step.with['role-to-assume']).toMatch(/^arn:aws:iam::123456789012:role\/credex-core-deploy-/);
        return { env: { AWS_REGION: step.with['aws-region']! } };
      },
      'run: exit 1': () => ({ outcome: 'failure' }),
      'github/codeql-action/upload-sarif@': () => ({}),
    },
    ...extra,
  };
}

const ran = (job: JobResult, action: string) => job.steps.find((s) => s.uses?.includes(`/actions/${action}@`))!;

beforeAll(async () => {
  app = await startTargetApp({ apiKey: API_KEY, members: [PHONE] });
  // What credex-core's app.yml leaves in the task definition after a few deploys: NODE_ENV appended every time and
  // credentials as plain values.
  shape = await seedCredexShape('pl', {
    taskEnvironment: [
      { name: 'NODE_ENV', value: 'development' },
      { name: 'PORT', value: '3000' },
      { name: 'NODE_ENV', value: 'development' },
      { name: 'JWT_SECRET', value: 'plain-jwt-secret-in-the-task-definition' },
      { name: 'NEO_4J_LEDGER_SPACE_PASS', value: 'plain-neo4j-password' },
    ],
  });
  const setup = defaultConfig(shape.environment, 'af-south-1', push.repository);
  for (const alarm of alarmDefinitions(setup, shape.loadBalancerArn)) {
    await aws.cloudwatch().send(new PutMetricAlarmCommand(alarm));
  }
  workspace = mkdtempSync(join(tmpdir(), 'pipeline-e2e-'));
  mkdirSync(join(workspace, '.github', 'smoke'), { recursive: true });
  copyFileSync(
    join(REPO_ROOT, 'action-templates', 'credex-core', 'smoke-checks.yml'),
    join(workspace, '.github', 'smoke', 'credex-core.yml'),
  );
  writeFileSync(join(workspace, 'package.json'), '{"name":"credex-core"}\n');
  // The recorded reports sit in the workspace, as in ci.yml's checkout: path inputs must stay inside it.
  for (const report of ['snyk/npm-object.json', 'zap/baseline-2.15.json']) {
    mkdirSync(join(workspace, 'fixtures', report, '..'), { recursive: true });
    copyFileSync(join(REPO_ROOT, 'test/fixtures', report), join(workspace, 'fixtures', report));
  }
}, 120_000);
afterAll(() => app.close());

test('deploy, then smoke: the image reaches the service, secrets come from Secrets Manager, nothing is duplicated', async () => {
  const deploy = await runWorkflowJob(DEPLOY, 'deploy', options({ inputs: callInputs(DEPLOY, deployInputs()) }));
  const step = ran(deploy, 'blue-green-deploy');
  expect(step.action!.annotations.filter((a) => a.level === 'error')).toEqual([]);
  expect([deploy.result, step.outputs.status, step.outputs.strategy]).toEqual(['success', 'succeeded', 'rolling']);
  expect(deploy.environment).toBe(shape.environment);
  expect(deploy.runsOn).toBe('ubuntu-latest');

  const registered = (
    await aws.ecs().send(new DescribeTaskDefinitionCommand({ taskDefinition: deploy.outputs['task-definition-arn'] }))
  ).taskDefinition!.containerDefinitions![0]!;
  expect(registered.image).toBe(`123456789012.dkr.ecr.af-south-1.amazonaws.com/credex-core-${shape.environment}:next`);
  const names = (registered.environment ?? []).map((e) => e.name);
  expect(names.sort()).toEqual(['DEPLOYMENT_SHA', 'NODE_ENV', 'PORT']);
  expect(registered.environment!.find((e) => e.name === 'NODE_ENV')!.value).toBe(shape.environment);
  expect(registered.secrets).toEqual(
    ['JWT_SECRET', 'CLIENT_API_KEY', 'NEO_4J_LEDGER_SPACE_PASS'].map((name) => ({
      name,
      valueFrom: secretArn(name, shape.environment),
    })),
  );
  expect(JSON.stringify(registered)).not.toContain('plain-jwt-secret-in-the-task-definition');

  const smoke = await runWorkflowJob(
    DEPLOY,
    'smoke',
    options({
      inputs: callInputs(DEPLOY, deployInputs()),
      needs: { deploy: { result: 'success', outputs: deploy.outputs } },
    }),
  );
  const checks = ran(smoke, 'smoke-test');
  expect([smoke.result, checks.outputs.passed, checks.outputs.total]).toEqual(['success', 'true', '3']);
  expect(checks.with['max-requests-per-minute']).toBe('12');
  expect(app.stats.rateLimited).toBe(0);
  expect(app.stats.devadminHits).toBe(0);

  const rollback = await runWorkflowJob(
    DEPLOY,
    'rollback',
    options({
      inputs: callInputs(DEPLOY, deployInputs()),
      needs: { deploy: { result: 'success', outputs: deploy.outputs }, smoke: { result: 'success', outputs: {} } },
    }),
  );
  expect(rollback.result).toBe('skipped');
}, 180_000);

test('a smoke test that fails after the deploy rolls the service back to the revision before', async () => {
  const deploy = await runWorkflowJob(DEPLOY, 'deploy', options({ inputs: callInputs(DEPLOY, deployInputs()) }));
  expect(deploy.result).toBe('success');
  const before = deploy.outputs['previous-task-definition-arn'];
  expect(before).toMatch(/:task-definition\//);

  const unknownMember = options({
    inputs: callInputs(DEPLOY, deployInputs()),
    secrets: { CLIENT_API_KEY: API_KEY, SMOKE_MEMBER_PHONE: '+27829990000' },
    needs: { deploy: { result: 'success', outputs: deploy.outputs } },
  });
  const smoke = await runWorkflowJob(DEPLOY, 'smoke', unknownMember);
  expect([smoke.result, ran(smoke, 'smoke-test').outputs.passed]).toEqual(['failure', 'false']);

  const rollback = await runWorkflowJob(
    DEPLOY,
    'rollback',
    options({
      inputs: callInputs(DEPLOY, deployInputs()),
      needs: { deploy: { result: 'success', outputs: deploy.outputs }, smoke: { result: 'failure', outputs: {} } },
    }),
  );
  const back = ran(rollback, 'rollback');
  expect(back.action!.annotations.filter((a) => a.level === 'error')).toEqual([]);
  expect([rollback.result, back.outputs['rolled-back-to']]).toEqual(['success', before]);
  const service = (
    await aws.ecs().send(new DescribeServicesCommand({ cluster: shape.cluster, services: [shape.service] }))
  ).services![0]!;
  expect(service.taskDefinition).toBe(before);
}, 240_000);

describe('security-scan.yml as the pipeline calls it (recorded reports, as ci.yml does)', () => {
  test('ZAP on staging: devadmin excluded, 12 requests a minute, the gate at high passes a medium report', async () => {
    const ctx = { github: { ...push, ref_name: 'stage' }, vars: {}, secrets: {}, inputs: {}, needs: {} };
    const given = Object.fromEntries(
      Object.entries(PIPELINE.jobs['zap-staging']!.with!).map(([k, v]) => [k, interpolate(v, ctx)]),
    );
    const inputs = callInputs(SCANS, { ...given, snyk: false, 'zap-target': app.url });
    expect((await runWorkflowJob(SCANS, 'snyk', options({ inputs }))).result).toBe('skipped');
    const zap = await runWorkflowJob(
      SCANS,
      'zap',
      options({
        inputs,
        extraInputs: { zap: { 'from-report': 'fixtures/zap/baseline-2.15.json' } },
      }),
    );
    const step = ran(zap, 'zap-scan');
    expect(step.with).toMatchObject({
      'exclude-paths': '/v1/devadmin/',
      'request-rate': '12',
      'fail-on-risk': 'high',
      mode: 'baseline',
    });
    expect([zap.result, step.outputs.passed]).toEqual(['success', 'true']);
    expect(zap.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!.ran).toBe(true);
    expect(app.stats.devadminHits).toBe(0);
  }, 120_000);

  test('Snyk on a pull request: the SARIF is uploaded, then the gate fails the job', async () => {
    const inputs = callInputs(SCANS, { 'snyk-severity-threshold': 'high' });
    const snyk = await runWorkflowJob(
      SCANS,
      'snyk',
      options({
        inputs,
        github: { ...push, event_name: 'pull_request' },
        secrets: { SNYK_TOKEN: 'snyk-token-not-used-with-a-report' },
        extraInputs: { snyk: { 'from-report': 'fixtures/snyk/npm-object.json' } },
      }),
    );
    const step = ran(snyk, 'snyk-scan');
    expect([step.outcome, step.outputs.result]).toEqual(['failure', 'failed']);
    expect(snyk.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!.ran).toBe(true);
    expect(snyk.steps.at(-1)!).toMatchObject({
      label: 'Apply the gate after the upload',
      ran: true,
      outcome: 'failure',
    });
    expect(snyk.result).toBe('failure');
  }, 120_000);
});
