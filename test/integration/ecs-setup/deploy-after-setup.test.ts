import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { ECRClient } from '@aws-sdk/client-ecr';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { DescribeRulesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { deployService, smokeVerifier, type DeployClients } from '@credex/ecs-deploy';
import { applyPlan, defaultConfig, outputsOf, planSetup } from '@credex/ecs-setup';
// eslint-disable-next-line no-restricted-imports -- the deploy is configured by blue-green-deploy's own input reader
import { readInputs } from '../../../actions/blue-green-deploy/src/inputs';
import { REPO_ROOT } from '../../harness/run-bundle';
import { startTargetApp, type TargetApp } from '../../target-app';
import { aws, awsConfig, seedCredexShape, type CredexShape } from './credex-shape';
import { nativeDeploymentClient } from './native-deployment';

// From credex-core's rolling service to a verified ECS-native blue/green deploy: the setup applies on moto, then
// blue-green-deploy (its own input reader, the deployService its bundle runs) deploys a new revision. moto holds the
// service, task definitions, load balancer rules, roles and alarms; the service deployment API moto lacks is
// simulated with aws-sdk-client-mock (native-deployment.ts). The verify checks run against the credex-core
// stand-in as the test listener.

const DEPLOY_ACTION = parseYaml(
  readFileSync(join(REPO_ROOT, 'actions', 'blue-green-deploy', 'action.yml'), 'utf8'),
) as {
  inputs: Record<string, { default?: string }>;
};

function withInputs<T>(inputs: Record<string, string>, read: () => Promise<T>): Promise<T> {
  const set: string[] = [];
  const values = {
    ...Object.fromEntries(Object.entries(DEPLOY_ACTION.inputs).map(([k, v]) => [k, v.default ?? ''])),
    ...inputs,
  };
  for (const [name, value] of Object.entries(values)) {
    const key = `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
    process.env[key] = value;
    set.push(key);
  }
  return read().finally(() => {
    for (const key of set) delete process.env[key];
  });
}

let app: TargetApp;
let shape: CredexShape;
beforeAll(async () => {
  app = await startTargetApp({ members: ['+27820000001'] });
  shape = await seedCredexShape('dp');
});
afterAll(() => app.close());

test('setup, then a blue-green deploy verified on test traffic moves production to the green group', async () => {
  const config = defaultConfig(shape.environment, 'af-south-1', 'Great-Sun-Group/credex-core');
  const setupClients = {
    ecs: aws.ecs(),
    elbv2: aws.elbv2(),
    ec2: aws.ec2(),
    iam: aws.iam(),
    cloudwatch: aws.cloudwatch(),
  };
  const plan = await planSetup(setupClients, config);
  await applyPlan(setupClients, plan, { log: () => undefined });
  const outputs = outputsOf(plan);

  const simulated = nativeDeploymentClient(shape.cluster, shape.service);
  const clients: DeployClients = {
    ecs: simulated.client,
    codedeploy: new CodeDeployClient(awsConfig()),
    cloudwatch: new CloudWatchClient(awsConfig()),
    elbv2: aws.elbv2(),
    ecr: new ECRClient(awsConfig()),
    iam: new IAMClient(awsConfig()),
  };
  const inputs = await withInputs(
    {
      'aws-region': 'af-south-1',
      cluster: shape.cluster,
      service: shape.service,
      'container-name': 'credex-core',
      environment: `NODE_ENV=${shape.environment}\nDEPLOYMENT_SHA=0123abcd`,
      'verify-base-url': app.url,
      'verify-checks':
        '- { name: health on test traffic, path: /health, expect: { status: 200, json: { $.status: healthy } } }',
      'verify-requests-per-minute': '12',
      'rollback-on-alarms': outputs['alarm-names']!,
      'max-error-rate': '1',
      timeout: '2m',
    },
    readInputs,
  );
  const lines: string[] = [];
  const log = {
    info: (m: string) => lines.push(m),
    warning: (m: string) => lines.push(`warning: ${m}`),
    group: <T>(_t: string, fn: () => Promise<T>) => fn(),
  };
  const result = await deployService(
    clients,
    { ...inputs.config, verify: smokeVerifier({ ...inputs.verify!, log: (l) => lines.push(l) }) },
    {
      clock: { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))) },
      signal: new AbortController().signal,
      log,
      poll: { initialMs: 20, maxMs: 50, factor: 1.5, rollbackGraceMs: 2_000 },
    },
  );
  expect([result.status, result.strategy]).toEqual(['succeeded', 'ecs-blue-green']);
  expect(simulated.continued).toHaveLength(1);
  expect(simulated.stages).toContain('POST_TEST_TRAFFIC_SHIFT');
  expect(app.stats.hits('/health')).toBe(1);
  expect(app.stats.rateLimited).toBe(0);

  // The new revision is the service's, and production traffic is on the green group (ECS re-weighted the rule).
  const service = (
    await aws.ecs().send(new DescribeServicesCommand({ cluster: shape.cluster, services: [shape.service] }))
  ).services![0]!;
  expect(service.taskDefinition).toBe(result.taskDefinitionArn);
  expect(result.taskDefinitionArn).not.toBe(shape.taskDefinitionArn);
  const rule = (
    await aws.elbv2().send(new DescribeRulesCommand({ RuleArns: [outputs['production-listener-rule-arn']!] }))
  ).Rules![0]!;
  expect(rule.Actions![0]!.ForwardConfig!.TargetGroups!.map((t) => [t.TargetGroupArn, t.Weight])).toEqual([
    [shape.targetGroupArn, 0],
    [outputs['green-target-group-arn'], 100],
  ]);

  // And the setup, run again afterwards, changes nothing (it keeps the weights ECS set).
  const again = await planSetup(setupClients, config);
  expect(again.steps.filter((s) => s.action !== 'none')).toEqual([]);
});
