import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeSecurityGroupRulesCommand } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  ModifyRuleCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetRoleCommand, GetRolePolicyCommand, ListOpenIDConnectProvidersCommand } from '@aws-sdk/client-iam';
import {
  applyPlan,
  defaultConfig,
  deployPolicy,
  planSetup,
  samePolicy,
  type SetupClients,
  type SetupConfig,
} from '@credex/ecs-setup';
import { aws, seedCredexShape, type CredexShape } from './credex-shape';
import { awsState } from './state';

// The setup against moto (ELBv2, EC2, IAM, CloudWatch and ECS UpdateService/DescribeServices are all moto's; no
// client mock here), starting from credex-core's shape: a rolling service with one target group and one HTTPS
// listener. Plan changes nothing; apply creates everything and switches the service in place; a second run plans and
// applies nothing. What moto does not do (ECS starting the deployment the switch triggers, validating the listener
// rules and role ECS is given) is listed in docs/deploy/testing.md.

const REPOSITORY = 'Great-Sun-Group/credex-core';

function clients(): SetupClients {
  return { ecs: aws.ecs(), elbv2: aws.elbv2(), ec2: aws.ec2(), iam: aws.iam(), cloudwatch: aws.cloudwatch() };
}

function configFor(shape: CredexShape, changes: Partial<SetupConfig> = {}): SetupConfig {
  return { ...defaultConfig(shape.environment, 'af-south-1', REPOSITORY), ...changes };
}

async function oidcExists(): Promise<boolean> {
  const list = await aws.iam().send(new ListOpenIDConnectProvidersCommand({}));
  return (list.OpenIDConnectProviderList ?? []).some((p) => p.Arn?.endsWith('/token.actions.githubusercontent.com'));
}

describe('ecs-blue-green-setup from credex-core’s current shape', () => {
  let shape: CredexShape;
  let hadOidc: boolean;
  beforeAll(async () => {
    shape = await seedCredexShape('bg');
    hadOidc = await oidcExists();
  });

  test('plan lists every resource and changes nothing', async () => {
    const before = await awsState(shape);
    const plan = await planSetup(clients(), configFor(shape));
    expect(plan.steps.map((s) => [s.key, s.action])).toEqual([
      ['green-target-group', 'create'],
      ['production-rule', 'create'],
      ['test-listener', 'create'],
      ['test-rule', 'create'],
      ['test-ingress', 'create'],
      ['infrastructure-role', 'create'],
      ['infrastructure-role-policy', 'create'],
      ['oidc-provider', hadOidc ? 'none' : 'create'],
      ['deploy-role', 'create'],
      ['deploy-role-policy', 'create'],
      ['execution-role-secrets', 'create'],
      ['alarm-error-rate', 'create'],
      ['alarm-response-time', 'create'],
      ['service', 'update'],
      ['service-verify-hook', 'update'],
    ]);
    expect(plan.facts.testCidrs).toEqual([shape.vpcCidr, ...shape.natAddresses.map((ip) => `${ip}/32`)]);
    expect(plan.steps.find((s) => s.key === 'service')!.details).toEqual([
      'deployment strategy ROLLING → BLUE_GREEN',
      'bake time none → 5 min',
      `roll back on alarms credex-core-${shape.environment}-alb-5xx-rate, credex-core-${shape.environment}-target-response-time`,
      expect.stringContaining('load balancer advancedConfiguration'),
    ]);
    // credex-core's docs redirect (90) and fixed response (100) share the production listener.
    expect(plan.warnings).toEqual([expect.stringContaining('priority 100 (fixed-response), priority 90 (redirect)')]);
    expect(await awsState(shape)).toEqual(before);
  });

  test('apply creates the resources and switches the service in place; a second run changes nothing', async () => {
    const lines: string[] = [];
    const plan = await planSetup(clients(), configFor(shape));
    const applied = await applyPlan(clients(), plan, { log: (l) => lines.push(l) });
    expect(applied.length).toBe(hadOidc ? 14 : 15);
    const e = shape.environment;
    const elbv2 = aws.elbv2();

    const green = (await elbv2.send(new DescribeTargetGroupsCommand({ Names: [`credex-tg-${e}-green`] })))
      .TargetGroups![0]!;
    expect(green).toMatchObject({
      Port: 3000,
      Protocol: 'HTTP',
      TargetType: 'ip',
      HealthCheckPath: '/health',
      HealthCheckTimeoutSeconds: 3,
      HealthyThresholdCount: 3,
      UnhealthyThresholdCount: 2,
      Matcher: { HttpCode: '200' },
    });
    const listeners = (await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: shape.loadBalancerArn })))
      .Listeners!;
    const test = listeners.find((l) => l.Port === 8443)!;
    const production = listeners.find((l) => l.Port === 443)!;
    expect(test).toMatchObject({
      Protocol: 'HTTPS',
      SslPolicy: production.SslPolicy,
      Certificates: production.Certificates,
    });
    const rules = async (arn: string) => (await elbv2.send(new DescribeRulesCommand({ ListenerArn: arn }))).Rules!;
    const productionRule = (await rules(production.ListenerArn!)).find((r) => r.Priority === '50000')!;
    expect(productionRule.Conditions).toEqual([{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }]);
    expect(productionRule.Actions![0]!.ForwardConfig!.TargetGroups).toEqual([
      { TargetGroupArn: shape.targetGroupArn, Weight: 100 },
      { TargetGroupArn: green.TargetGroupArn, Weight: 0 },
    ]);
    const testRule = (await rules(test.ListenerArn!)).find((r) => r.Priority === '1')!;
    expect(testRule.Conditions).toEqual([
      {
        Field: 'source-ip',
        SourceIpConfig: { Values: [shape.vpcCidr, ...shape.natAddresses.map((ip) => `${ip}/32`)] },
      },
    ]);
    const ingress = (
      await aws
        .ec2()
        .send(
          new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [shape.securityGroupId] }] }),
        )
    ).SecurityGroupRules!.filter((r) => !r.IsEgress && r.FromPort === 8443);
    expect(ingress.map((r) => r.CidrIpv4).sort()).toEqual(
      [shape.vpcCidr, ...shape.natAddresses.map((ip) => `${ip}/32`)].sort(),
    );

    const iam = aws.iam();
    const deployRole = (await iam.send(new GetRoleCommand({ RoleName: `credex-core-deploy-${e}` }))).Role!;
    const trust = JSON.parse(decodeURIComponent(deployRole.AssumeRolePolicyDocument!)) as {
      Statement: { Condition: { StringEquals: Record<string, string> } }[];
    };
    expect(trust.Statement[0]!.Condition.StringEquals).toEqual({
      'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
      'token.actions.githubusercontent.com:sub': `repo:${REPOSITORY}:environment:${e}`,
    });
    const inline = await iam.send(
      new GetRolePolicyCommand({ RoleName: `credex-core-deploy-${e}`, PolicyName: 'credex-core-deploy' }),
    );
    expect(samePolicy(inline.PolicyDocument!, deployPolicy(configFor(shape), '123456789012'))).toBe(true);
    const alarms = (
      await aws.cloudwatch().send(
        new DescribeAlarmsCommand({
          AlarmNames: [`credex-core-${e}-alb-5xx-rate`, `credex-core-${e}-target-response-time`],
        }),
      )
    ).MetricAlarms!;
    expect(alarms.map((a) => [a.AlarmName, a.Threshold, a.EvaluationPeriods, a.DatapointsToAlarm])).toEqual([
      [`credex-core-${e}-alb-5xx-rate`, 1, 5, 5],
      [`credex-core-${e}-target-response-time`, 1, 5, 5],
    ]);

    const service = (
      await aws.ecs().send(new DescribeServicesCommand({ cluster: shape.cluster, services: [shape.service] }))
    ).services![0]!;
    expect(service.taskDefinition).toBe(shape.taskDefinitionArn);
    expect(service.deploymentController).toEqual({ type: 'ECS' });
    expect(service.deploymentConfiguration).toMatchObject({
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 5,
      alarms: { alarmNames: alarms.map((a) => a.AlarmName), enable: true, rollback: true },
      lifecycleHooks: [
        {
          targetType: 'PAUSE',
          lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
          timeoutConfiguration: { timeoutInMinutes: 30, action: 'ROLLBACK' },
        },
      ],
    });
    expect(service.loadBalancers).toEqual([
      {
        targetGroupArn: shape.targetGroupArn,
        containerName: 'credex-core',
        containerPort: 3000,
        advancedConfiguration: {
          alternateTargetGroupArn: green.TargetGroupArn,
          productionListenerRule: productionRule.RuleArn,
          testListenerRule: testRule.RuleArn,
          roleArn: `arn:aws:iam::123456789012:role/ecs-infrastructure-role-${e}`,
        },
      },
    ]);

    // Second run: the plan is all "none" and applying it writes nothing.
    const before = await awsState(shape);
    const again = await planSetup(clients(), configFor(shape));
    expect(again.steps.filter((s) => s.action !== 'none').map((s) => [s.key, s.details])).toEqual([]);
    expect(await applyPlan(clients(), again, { log: () => undefined })).toEqual([]);
    expect(await awsState(shape)).toEqual(before);
  });

  test('weights ECS moved are kept: after a deployment swaps the groups, the setup still changes nothing', async () => {
    const elbv2 = aws.elbv2();
    const plan = await planSetup(clients(), configFor(shape));
    const rule = plan.arns.productionRule;
    await elbv2.send(
      new ModifyRuleCommand({
        RuleArn: rule,
        Actions: [
          {
            Type: 'forward',
            ForwardConfig: {
              TargetGroups: [
                { TargetGroupArn: shape.targetGroupArn, Weight: 0 },
                { TargetGroupArn: plan.arns.greenTargetGroup, Weight: 100 },
              ],
            },
          },
        ],
      }),
    );
    const again = await planSetup(clients(), configFor(shape));
    expect(again.steps.filter((s) => s.action !== 'none')).toEqual([]);
  });
});

describe('ecs-blue-green-setup refuses what it must not change', () => {
  test('a port taken by someone else’s listener is a conflict, and apply refuses before any write', async () => {
    const shape = await seedCredexShape('cf');
    await aws.elbv2().send(
      new CreateListenerCommand({
        LoadBalancerArn: shape.loadBalancerArn,
        Port: 8443,
        Protocol: 'HTTP',
        DefaultActions: [
          { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '418', ContentType: 'text/plain' } },
        ],
      }),
    );
    const before = await awsState(shape);
    const plan = await planSetup(clients(), configFor(shape));
    const conflict = plan.steps.find((s) => s.action === 'conflict')!;
    expect(conflict.key).toBe('test-listener');
    expect(conflict.details[0]).toMatch(/^port 8443 already has a listener that is not this setup's/);
    await expect(applyPlan(clients(), plan, { log: () => undefined })).rejects.toThrow(
      /^nothing applied: test listener on port 8443: port 8443 already has a listener/,
    );
    expect(await awsState(shape)).toEqual(before);
  });

  test('a service that is not there is one clear line', async () => {
    const shape = await seedCredexShape('ms');
    await expect(planSetup(clients(), configFor(shape, { service: 'credex-core-service-nowhere' }))).rejects.toThrow(
      `service credex-core-service-nowhere was not found (active) in cluster ${shape.cluster}`,
    );
  });

  test('explicit test-cidrs replace the default, and ranges no longer wanted are taken back', async () => {
    const shape = await seedCredexShape('cd');
    await applyPlan(clients(), await planSetup(clients(), configFor(shape)), { log: () => undefined });
    const plan = await planSetup(clients(), configFor(shape, { testCidrs: ['10.1.0.0/16', '198.51.100.7/32'] }));
    expect(plan.steps.filter((s) => s.action !== 'none').map((s) => [s.key, s.details])).toEqual([
      [
        'test-rule',
        [expect.stringMatching(/^source addresses 10\.1\.0\.0\/16, .* → 10\.1\.0\.0\/16, 198\.51\.100\.7\/32$/)],
      ],
      [
        'test-ingress',
        [
          `allow tcp 8443 from 198.51.100.7/32 on ${shape.securityGroupId}`,
          ...shape.natAddresses.map((ip) => `remove tcp 8443 from ${ip}/32 (no longer in test-cidrs)`),
        ],
      ],
    ]);
    await applyPlan(clients(), plan, { log: () => undefined });
    const after = await planSetup(clients(), configFor(shape, { testCidrs: ['10.1.0.0/16', '198.51.100.7/32'] }));
    expect(after.steps.filter((s) => s.action !== 'none')).toEqual([]);
  });
});
