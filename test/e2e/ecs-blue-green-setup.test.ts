import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction } from '../harness/run-bundle';
import { motoEnv } from '../integration/ecs/moto';
import { seedCredexShape, type CredexShape } from '../integration/ecs-setup/credex-shape';
import { awsState } from '../integration/ecs-setup/state';

// The committed bundles dist/ecs-blue-green-setup and dist/blue-green-deploy, run as the runner runs them, against
// credex-core's current shape in moto: plan changes nothing, apply switches the service, a second apply changes
// nothing, and blue-green-deploy then sees an ECS-native blue/green service. Bad inputs fail in one line before any
// AWS call.

const env = { ...motoEnv(), GITHUB_REPOSITORY: 'Great-Sun-Group/credex-core' };

function setup(shape: CredexShape, inputs: Record<string, string> = {}) {
  return runAction('ecs-blue-green-setup', {
    inputs: { environment: shape.environment, ...inputs },
    env,
    timeoutMs: 90_000,
  });
}

describe('from credex-core’s rolling service', () => {
  let shape: CredexShape;
  beforeAll(async () => {
    shape = await seedCredexShape('e2e');
  });

  test('plan (the default) lists every resource, writes the plan file and changes nothing', async () => {
    const before = await awsState(shape);
    const dir = mkdtempSync(join(tmpdir(), 'bg-setup-'));
    const result = await setup(shape, { 'plan-file': join(dir, 'plan.json') });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('planned');
    expect(Number(result.outputs.changes)).toBeGreaterThanOrEqual(13);
    expect(result.outputs['green-target-group-arn']).toBe('');
    expect(result.outputs['alarm-names']).toBe(
      `credex-core-${shape.environment}-alb-5xx-rate\ncredex-core-${shape.environment}-target-response-time`,
    );
    expect(result.log).toMatch(/\+ create\s+target group credex-tg-e2e\w+-green: HTTP 3000/);
    expect(result.log).toMatch(
      /~ update\s+ECS service credex-core-service-e2e\w+: ECS-native blue\/green: deployment strategy ROLLING → BLUE_GREEN/,
    );
    expect(result.log).toContain('nothing was changed (mode: apply to apply)');
    expect(result.summary).toContain(`## ecs-blue-green-setup: plan for ${shape.environment}`);
    expect(result.summary).toContain('| ➕ create | IAM role credex-core-deploy-');
    const plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as {
      resources: { key: string; action: string }[];
    };
    expect(plan.resources.map((r) => r.key)).toContain('service-verify-hook');
    expect(result.annotations.filter((a) => a.level === 'warning')).toHaveLength(1);
    expect(await awsState(shape)).toEqual(before);
  });

  test('apply switches the service; a second apply changes nothing; blue-green-deploy then sees ECS-native blue/green', async () => {
    const applied = await setup(shape, { mode: 'apply' });
    expect(applied.exitCode).toBe(0);
    expect(applied.outputs.status).toBe('applied');
    expect(applied.outputs['green-target-group-arn']).toMatch(/:targetgroup\/credex-tg-e2e\w+-green\//);
    expect(applied.outputs['test-url']).toMatch(/^https:\/\/.+:8443$/);
    expect(applied.outputs['deploy-role-arn']).toBe(
      `arn:aws:iam::123456789012:role/credex-core-deploy-${shape.environment}`,
    );

    const before = await awsState(shape);
    const again = await setup(shape, { mode: 'apply' });
    expect(again.exitCode).toBe(0);
    expect([again.outputs.status, again.outputs.changes]).toEqual(['unchanged', '0']);
    expect(again.log).toContain('everything was already in place; nothing changed');
    expect(await awsState(shape)).toEqual(before);

    const dryRun = await runAction('blue-green-deploy', {
      inputs: {
        cluster: shape.cluster,
        service: shape.service,
        'container-name': 'credex-core',
        environment: 'DEPLOYMENT_SHA=0123abcd',
        'rollback-on-alarms': applied.outputs['alarm-names'],
        'dry-run': 'true',
      },
      env,
      timeoutMs: 60_000,
    });
    expect(dryRun.exitCode).toBe(0);
    expect([dryRun.outputs.status, dryRun.outputs.strategy]).toEqual(['dry-run', 'ecs-blue-green']);
  });
});

describe('bad input fails in one line before any AWS call', () => {
  test.each<[string, Record<string, string>, RegExp]>([
    ['no environment', { environment: '' }, /input 'environment' is required/],
    ['a mode that does not exist', { mode: 'destroy' }, /input 'mode' must be one of plan, apply, got "destroy"/],
    ['test traffic from everywhere', { 'test-cidrs': '0.0.0.0/0' }, /must not open the test listener to everyone/],
    [
      'a CIDR that is not one',
      { 'test-cidrs': '10.1.0.0/16\n10.300.0.0/16' },
      /input 'test-cidrs' must list IPv4 ranges like 10.1.0.0\/16, got "10.300.0.0\/16"/,
    ],
    [
      'six ranges',
      { 'test-cidrs': '10.0.0.0/8,10.1.0.0/16,10.2.0.0/16,10.3.0.0/16,10.4.0.0/16,10.5.0.0/16' },
      /at most 5/,
    ],
    ['the production port', { 'test-port': '443' }, /input 'test-port' must not be a production port/],
    [
      'a bad target group name',
      { 'green-target-group': 'credex_tg_green' },
      /input 'green-target-group' must be a target group name/,
    ],
    [
      'priority 1 (the test rule’s)',
      { 'production-rule-priority': '1' },
      /input 'production-rule-priority' must be at least 2/,
    ],
    [
      'a repository that is not owner/name',
      { 'github-repository': 'credex-core' },
      /input 'github-repository' must be owner\/name/,
    ],
  ])('%s', async (_name, inputs, message) => {
    const result = await runAction('ecs-blue-green-setup', {
      // An endpoint nothing listens on: any AWS call would fail differently.
      inputs: { environment: 'staging', ...inputs },
      env: { ...env, AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1' },
      timeoutMs: 30_000,
    });
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/^ecs-blue-green-setup: /);
    expect(errors[0]!.message).toMatch(message);
    expect(result.log).not.toMatch(/^\s+at /m);
  });

  test('apply inside a blackout window refuses before any write (the switch starts a deployment)', async () => {
    const shape = await seedCredexShape('e2b');
    const before = await awsState(shape);
    const hhmm = (d: Date) => d.toISOString().slice(11, 16);
    const now = Date.now();
    const window = `${hhmm(new Date(now - 10 * 60_000))}-${hhmm(new Date(now + 10 * 60_000))} UTC`;
    const result = await setup(shape, { mode: 'apply', 'blackout-windows': window });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
      expect.stringMatching(
        new RegExp(`^ecs-blue-green-setup: nothing applied: it is inside the blackout window ${window}`),
      ),
    ]);
    expect(await awsState(shape)).toEqual(before);
  });

  test('a service that does not exist is one line, and nothing is created', async () => {
    const shape = await seedCredexShape('e2m');
    const before = await awsState(shape);
    const result = await setup(shape, { service: 'credex-core-service-gone', mode: 'apply' });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
      `ecs-blue-green-setup: service credex-core-service-gone was not found (active) in cluster ${shape.cluster}`,
    ]);
    expect(await awsState(shape)).toEqual(before);
  });
});
