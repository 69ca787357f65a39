import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { everythingVisible, runAction, type RunOptions } from '../harness/run-bundle';
import {
  activeRevisionArns,
  createCodeDeployGroup,
  createService,
  moto,
  serviceTaskDefinition,
  taskDefinitionRequest,
  type MotoService,
} from '../integration/ecs/moto';

// The committed bundle, run as the runner runs it, against the services' moto server (AWS_ENDPOINT_URL).
// moto simulates ECS task definitions, clusters and services (a service with desired count 0 reports each rolling
// deployment COMPLETED at once), IAM roles and CodeDeploy applications/deployment groups; it lacks the ECS service
// deployment APIs and CodeDeploy deployment progress (see docs/deploy/moto.md).

function run(target: MotoService, inputs: RunOptions['inputs'], options: Partial<RunOptions> = {}) {
  return runAction('blue-green-deploy', {
    inputs: { cluster: target.cluster, service: target.service, ...inputs },
    env: target.env,
    timeoutMs: 60_000,
    ...options,
  });
}

function workspaceWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bgd-ws-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('blue-green-deploy against moto (runner-exact)', () => {
  it('dry run: renders the file, diffs it against the running revision, runs preflight, registers nothing', async () => {
    const target = await createService();
    const id = target.family.split('-').pop()!;
    const file = taskDefinitionRequest(target.family, 'public.ecr.aws/credex/credex-core:v1', id);
    const workspace = workspaceWith({ 'task-definition.json': JSON.stringify(file) });
    const result = await run(
      target,
      {
        'task-definition': 'task-definition.json',
        'container-name': 'credex-core',
        image: 'public.ecr.aws/credex/credex-core:sha-abc123',
        environment: 'LOG_LEVEL=debug\nDEPLOYMENT_SHA=abc123\nSESSION_SALT=salt-value-not-for-logs-7',
        secrets: 'JWT_SECRET=arn:aws:secretsmanager:af-south-1:123456789012:secret:credex-jwt-AbC123',
        'dry-run': true,
      },
      { workspace },
    );

    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('dry-run');
    expect(result.outputs.strategy).toBe('rolling');
    expect(result.outputs['previous-task-definition-arn']).toBe(target.revisions[0]);
    expect(result.log).toContain(
      '~ container credex-core: image public.ecr.aws/credex/credex-core:v1 -> public.ecr.aws/credex/credex-core:sha-abc123',
    );
    expect(result.log).toContain('~ container credex-core: environment LOG_LEVEL (value) -> (changed)');
    expect(result.log).toContain('+ container credex-core: secret JWT_SECRET = arn:aws:secretsmanager');
    expect(result.log).toMatch(/ok {3}task role: credex-core-task-\w+ exists/);
    expect(result.summary).toContain('## 🔍 blue-green-deploy: dry-run');
    expect(result.summary).toContain('Task definition changes (5)');
    // plain environment values never reach the log or the summary (only their names)
    expect(result.log).toContain('+ container credex-core: environment SESSION_SALT = (value)');
    expect(everythingVisible(result)).not.toContain('salt-value-not-for-logs-7');
    expect(await activeRevisionArns(target)).toEqual(target.revisions);
    expect(await serviceTaskDefinition(target)).toBe(target.revisions[0]);
  });

  it('deploys an existing revision by ARN to a rolling service, follows it to COMPLETED, keeps revisions', async () => {
    const target = await createService({ revisionCount: 5 });
    const [, , , previous, promoted] = target.revisions;
    // the service runs revision 5; promote revision 4 (redeploy of an earlier build)
    const result = await run(target, { 'task-definition': previous, 'keep-revisions': 2 });

    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      status: 'succeeded',
      strategy: 'rolling',
      'task-definition-arn': previous,
      'previous-task-definition-arn': promoted,
      'rolled-back': 'false',
    });
    expect(result.outputs['deployment-id']).toMatch(/^ecs-svc\//);
    expect(Number(result.outputs.duration)).toBeGreaterThanOrEqual(0);
    expect(await serviceTaskDefinition(target)).toBe(previous);
    expect((await activeRevisionArns(target)).sort()).toEqual([previous, promoted].sort());
    expect(result.summary).toContain('## ✅ blue-green-deploy: succeeded');
    expect(result.summary).toContain('| Time (UTC) | Event |');
    expect(result.summary).toContain('deregistered 3 old revision(s): 3, 2, 1');
    expect(result.summary).toContain(
      `https://af-south-1.console.aws.amazon.com/ecs/v2/clusters/${target.cluster}/services/${target.service}/deployments?region=af-south-1`,
    );
    expect(result.post).toBeUndefined();
  });

  it('registers a rendered revision with environment upserted, not duplicated, across two deploys', async () => {
    const target = await createService();
    const inputs = {
      'container-name': 'credex-core',
      image: 'public.ecr.aws/credex/credex-core:sha-1',
      environment: 'LOG_LEVEL=warn\nFEATURE_X=on',
    };
    const first = await run(target, inputs);
    const second = await run(target, inputs);
    expect(first.exitCode).toBe(0);
    expect(second.exitCode).toBe(0);
    const described = await moto
      .ecs()
      .send(new DescribeTaskDefinitionCommand({ taskDefinition: second.outputs['task-definition-arn'] }));
    expect(described.taskDefinition?.revision).toBe(3);
    expect(described.taskDefinition?.containerDefinitions?.[0]?.environment).toEqual([
      { name: 'NODE_ENV', value: 'staging' },
      { name: 'LOG_LEVEL', value: 'warn' },
      { name: 'FEATURE_X', value: 'on' },
    ]);
  });

  it('CodeDeploy service: preflight reads the deployment group and reports one that deploys another service', async () => {
    const target = await createService({ controller: 'CODE_DEPLOY' });
    const good = await run(target, { 'dry-run': true });
    expect(good.outputs.strategy).toBe('codedeploy');
    const other = await createService({ controller: 'CODE_DEPLOY' });
    await createCodeDeployGroup(other, 'credex-core-service-somewhere-else');
    const bad = await run(other, { 'dry-run': true });
    expect(bad.exitCode).toBe(1);
    expect(bad.log).toMatch(
      /FAIL deployment group: AppECS-credex-cluster-e2e-\w+-credex-core-service-e2e-\w+\/DgpECS-\S+ deploys \S+\/credex-core-service-somewhere-else, not/,
    );
    expect(bad.annotations.filter((a) => a.level === 'error')[0]?.message).toContain(
      'dry run found problems: preflight deployment group',
    );
    // and the first, with no group at all, says the group is missing
    expect(good.exitCode).toBe(1);
    expect(good.log).toMatch(/FAIL deployment group: AppECS-\S+ not found/);
  });
});

describe('blue-green-deploy cancellation (runner-exact, moto: a service with desired count 1 never completes)', () => {
  const startedLine = /started rolling deployment ecs-svc\/\d+/;
  const at = (log: string, text: string): number => {
    const line = log.split('\n').find((l) => l.includes(text));
    return Date.parse(/\[([^\]]+)\]/.exec(line ?? '')?.[1] ?? '');
  };

  it('SIGINT while waiting: the main step redeploys the previous revision at once and reports it', async () => {
    const target = await createService({ revisionCount: 2, desiredCount: 1 });
    const result = await run(
      target,
      { 'task-definition': target.revisions[0], 'on-conflict': 'stop' },
      { cancelWhenStdout: startedLine },
    );

    expect(result.cancelled).toBe(true);
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'rolled-back', 'rolled-back': 'true' });
    const requested =
      at(result.log, 'rolling back: the job was cancelled') - at(result.log, 'started rolling deployment');
    expect(requested).toBeLessThan(2_000);
    expect(result.durationMs).toBeLessThan(7_500);
    expect(result.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
      expect.stringMatching(/^blue-green-deploy: cancelled: rollback of deployment ecs-svc\/\d+ requested$/),
    ]);
    expect(result.summary).toContain('## ↩️ blue-green-deploy: rolled-back');
    expect(result.summary).toContain('rolling back: the job was cancelled');
    expect(await serviceTaskDefinition(target)).toBe(target.revisions[1]);
    // the post step runs (cancelled) and sees that main already handled it
    expect(result.post?.exitCode).toBe(0);
    expect(result.post?.log).toContain('the main step finished and reported; nothing to roll back here');
  });

  it('main killed before it could act: the post step rolls back from saved state', async () => {
    const target = await createService({ revisionCount: 2, desiredCount: 1 });
    const result = await run(
      target,
      { 'task-definition': target.revisions[0], 'on-conflict': 'stop' },
      { killWhenStdout: startedLine },
    );

    expect(result.signal).toBe('SIGKILL');
    expect(result.state.inflight).toContain('"strategy":"rolling"');
    expect(await serviceTaskDefinition(target)).toBe(target.revisions[1]);
    expect(result.post?.exitCode).toBe(0);
    expect(result.post?.annotations.map((a) => a.message).join('\n')).toMatch(
      /post step: rollback of deployment ecs-svc\/\d+ requested \(rolling\); it was in-progress/,
    );
    expect(result.post?.durationMs).toBeLessThan(7_500);
  });
});

describe('blue-green-deploy bad input (runner-exact): one line, exit 1, nothing changed in AWS', () => {
  let target: MotoService;
  beforeAll(async () => {
    target = await createService({ revisionCount: 2 });
  });

  const cases: [string, RunOptions['inputs'], RegExp][] = [
    [
      'unknown container',
      { 'container-name': 'api', image: 'x:1' },
      /no container named "api" in the task definition \(containers: credex-core\)/,
    ],
    [
      'malformed environment line',
      { environment: 'LOG_LEVEL=debug\nNOEQUALS' },
      /input 'environment' line 2: expected KEY=value, got "NOEQUALS"/,
    ],
    ['bad duration', { timeout: 'soon' }, /input 'timeout' must be a duration like 90s, 5m or 1h, got "soon"/],
    [
      'both a file and an ARN',
      {
        'task-definition':
          'task-definition.json\narn:aws:ecs:af-south-1:123456789012:task-definition/credex-core-staging:4',
      },
      /input 'task-definition' must name one task definition/,
    ],
    ['missing cluster', { cluster: '' }, /input 'cluster' is required but was empty/],
    [
      'bad blackout spec',
      { 'blackout-windows': '23:30-24:30 UTC' },
      /input 'blackout-windows': "23:30-24:30 UTC" is not a window like 23:30-00:30 UTC/,
    ],
    ['bad on-conflict', { 'on-conflict': 'maybe' }, /input 'on-conflict' must be one of fail, wait, stop, got "maybe"/],
    [
      'a plain value as a secret',
      { secrets: 'JWT_SECRET=plain-jwt-value-42' },
      /input 'secrets': JWT_SECRET must be a Secrets Manager or SSM parameter ARN/,
    ],
    [
      'names and images do not pair',
      { 'container-name': 'credex-core\nlog-router', image: 'x:1' },
      /got 2 container name\(s\) and 1 image\(s\)/,
    ],
    ['error rate out of range', { 'max-error-rate': '150' }, /input 'max-error-rate' must be at most 100, got 150/],
    [
      'verify checks without the test listener',
      { 'verify-checks': '- name: health\n  path: /health\n  expect: { status: 200 }' },
      /input 'verify-base-url' \(the test listener\) is required with verify-checks/,
    ],
    [
      'unknown AppSpec hook',
      { 'codedeploy-hooks': 'BeforeDeploy=credex-hook' },
      /input 'codedeploy-hooks': BeforeDeploy is not an ECS AppSpec hook/,
    ],
    ['keep-revisions of 0', { 'keep-revisions': '0' }, /input 'keep-revisions' must be at least 1, got 0/],
    [
      'task definition file not found',
      { 'task-definition': 'missing/task-def.json' },
      /input 'task-definition': cannot read file "missing\/task-def.json" \(not found\)/,
    ],
    [
      'service that does not exist',
      { service: 'credex-core-service-nope' },
      /service credex-core-service-nope not found in cluster/,
    ],
    [
      'verify checks on a rolling service (no test traffic)',
      {
        'verify-checks': '- name: health\n  path: /health\n  expect: { status: 200 }',
        'verify-base-url': 'http://127.0.0.1:9',
      },
      /verify checks need test traffic, which the rolling service credex-core-service-e2e-\w+ does not have/,
    ],
    [
      'verify checks that are not valid checks',
      {
        'verify-checks': '- name: health\n  path: /health\n  expect: { sttus: 200 }',
        'verify-base-url': 'http://127.0.0.1:9',
      },
      /input 'verify-checks'.*sttus/,
    ],
    [
      'an ECR image that is not in ECR (preflight)',
      {
        'container-name': 'credex-core',
        image: '123456789012.dkr.ecr.af-south-1.amazonaws.com/credex-core-staging:missing',
      },
      /preflight failed: image credex-core: credex-core-staging:missing is not in ECR \(RepositoryNotFoundException/,
    ],
    [
      'inside a blackout window',
      { 'blackout-windows': '00:00-23:59 UTC\n23:59-00:00 UTC' },
      /refusing to deploy inside blackout window/,
    ],
  ];

  it.each(cases)('%s', async (_name, inputs, message) => {
    const before = await activeRevisionArns(target);
    const result = await run(target, inputs);
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/^blue-green-deploy: /);
    expect(errors[0]!.message).toMatch(message);
    expect(errors[0]!.message).not.toContain('\n');
    expect(result.log).not.toMatch(/^\s+at /m);
    expect(everythingVisible(result)).not.toContain('plain-jwt-value-42');
    expect(await activeRevisionArns(target)).toEqual(before);
    expect(await serviceTaskDefinition(target)).toBe(target.revisions[1]);
    expect(result.outputs.status).toBeUndefined();
  });
});
