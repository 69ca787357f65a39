import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  alarmDefinitions,
  alarmShape,
  canonicalPolicy,
  defaultConfig,
  deployPolicy,
  deployTrustPolicy,
  loadBalancerDimension,
  samePolicy,
} from '@credex/ecs-setup';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const ACCOUNT = '123456789012';
const config = defaultConfig('staging', 'af-south-1', 'Great-Sun-Group/credex-core');

/** Every `new XCommand` in a package's sources, as IAM actions (`ecs:UpdateService`), by the client it comes from. */
function callsOf(pkg: string): Set<string> {
  const prefix: Record<string, string> = {
    'client-ecs': 'ecs',
    'client-elastic-load-balancing-v2': 'elasticloadbalancing',
    'client-cloudwatch': 'cloudwatch',
    'client-ecr': 'ecr',
    'client-iam': 'iam',
    'client-codedeploy': 'codedeploy',
  };
  const actions = new Set<string>();
  const dir = join(ROOT, 'packages', pkg, 'src');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const imported of text.matchAll(/import \{([^}]+)\} from '@aws-sdk\/([a-z0-9-]+)'/g)) {
      const service = prefix[imported[2]!];
      if (!service) continue;
      for (const name of imported[1]!.split(',').map((n) => n.trim())) {
        const command = /^(\w+)Command$/.exec(name)?.[1];
        if (command && text.includes(`new ${name}(`)) actions.add(`${service}:${command}`);
      }
    }
  }
  return actions;
}

function allowed(): Set<string> {
  return new Set(
    deployPolicy(config, ACCOUNT).Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])),
  );
}

test('the deploy role allows every AWS call blue-green-deploy and rollback make on an ECS-native service', () => {
  const calls = callsOf('ecs-deploy');
  expect(calls.size).toBeGreaterThan(15);
  // CodeDeploy is for CODE_DEPLOY services; the setup moves credex-core to ECS-native blue/green instead.
  const needed = [...calls].filter((a) => !a.startsWith('codedeploy:'));
  expect(needed.filter((a) => !allowed().has(a))).toEqual([]);
});

test('the deploy role allows nothing else: no wildcards, and each extra action is what the build job pushes', () => {
  const extras = [...allowed()].filter((a) => !callsOf('ecs-deploy').has(a)).sort();
  expect(extras).toEqual(
    [
      'ecr:BatchCheckLayerAvailability',
      'ecr:BatchGetImage',
      'ecr:CompleteLayerUpload',
      'ecr:GetAuthorizationToken',
      'ecr:InitiateLayerUpload',
      'ecr:PutImage',
      'ecr:UploadLayerPart',
      'iam:PassRole',
      'ecs:TagResource',
    ].sort(),
  );
  for (const statement of deployPolicy(config, ACCOUNT).Statement) {
    for (const action of [statement.Action].flat()) expect(action).not.toContain('*');
  }
});

test('resource-scoped statements name only this environment’s resources', () => {
  const scoped = deployPolicy(config, ACCOUNT)
    .Statement.flatMap((s) => [s.Resource ?? []].flat())
    .filter((r) => r !== '*');
  expect(scoped.length).toBeGreaterThan(8);
  for (const arn of scoped) expect(arn).toMatch(/staging/);
  const passRole = deployPolicy(config, ACCOUNT).Statement.find((s) => s.Action === 'iam:PassRole')!;
  expect(passRole.Resource).toEqual([
    `arn:aws:iam::${ACCOUNT}:role/ecs-task-role-staging`,
    `arn:aws:iam::${ACCOUNT}:role/ecs-execution-role-staging`,
  ]);
});

test('the trust policy lets in one repository’s jobs in one GitHub environment', () => {
  expect(deployTrustPolicy(config, ACCOUNT).Statement[0]).toEqual({
    Effect: 'Allow',
    Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: {
      StringEquals: {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': 'repo:Great-Sun-Group/credex-core:environment:staging',
      },
    },
  });
});

test('policy comparison ignores order, one-element lists and URL encoding, and sees real differences', () => {
  const policy = deployPolicy(config, ACCOUNT);
  const shuffled = {
    ...policy,
    Statement: [...policy.Statement].reverse().map((s) => ({
      ...s,
      Action: Array.isArray(s.Action) ? [...s.Action].reverse() : [s.Action],
    })),
  };
  expect(samePolicy(encodeURIComponent(JSON.stringify(shuffled)), policy)).toBe(true);
  const widened = { ...policy, Statement: [...policy.Statement, { Effect: 'Allow', Action: 'ecs:*', Resource: '*' }] };
  expect(samePolicy(widened, policy)).toBe(false);
  expect(canonicalPolicy(policy)).toBe(canonicalPolicy(JSON.stringify(policy)));
});

test('the alarms are credex-core’s sizing document’s: 5XX > 1 % and response time > 1 s, each for 5 minutes', () => {
  const lb =
    'arn:aws:elasticloadbalancing:af-south-1:123456789012:loadbalancer/app/credex-alb-staging/50dc6c495c0c9188';
  expect(loadBalancerDimension(lb)).toBe('app/credex-alb-staging/50dc6c495c0c9188');
  expect(() => loadBalancerDimension('arn:aws:elasticloadbalancing:af-south-1:1:loadbalancer/net/x/1')).toThrow();
  const [errors, latency] = alarmDefinitions(config, lb);
  expect(errors).toMatchObject({
    AlarmName: 'credex-core-staging-alb-5xx-rate',
    Threshold: 1,
    ComparisonOperator: 'GreaterThanThreshold',
    EvaluationPeriods: 5,
    DatapointsToAlarm: 5,
  });
  expect(errors!.Metrics!.filter((m) => m.ReturnData).map((m) => m.Expression)).toEqual([
    'IF(requests > 0, 100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests, 0)',
  ]);
  expect(
    errors!.Metrics!.filter((m) => !m.ReturnData).map((m) => [m.MetricStat!.Period, m.MetricStat!.Metric!.MetricName]),
  ).toEqual([
    [60, 'HTTPCode_ELB_5XX_Count'],
    [60, 'HTTPCode_Target_5XX_Count'],
    [60, 'RequestCount'],
  ]);
  expect(latency).toMatchObject({
    AlarmName: 'credex-core-staging-target-response-time',
    MetricName: 'TargetResponseTime',
    Statistic: 'Average',
    Period: 60,
    EvaluationPeriods: 5,
    Threshold: 1,
  });
  expect(alarmShape(errors!)).not.toBe(alarmShape({ ...errors!, Threshold: 2 }));
});
