import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeSecurityGroupRulesCommand } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  ListOpenIDConnectProvidersCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { aws, type CredexShape } from './credex-shape';

/** Everything the setup may touch in one environment, read back from moto, for before/after comparisons. */
export async function awsState(shape: CredexShape): Promise<Record<string, unknown>> {
  const elbv2 = aws.elbv2();
  const iam = aws.iam();
  const e = shape.environment;
  const targetGroups = (await elbv2.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: shape.loadBalancerArn })))
    .TargetGroups;
  const green = await elbv2.send(new DescribeTargetGroupsCommand({ Names: [`credex-tg-${e}-green`] })).then(
    (r) => r.TargetGroups,
    () => [],
  );
  const listeners = (await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: shape.loadBalancerArn })))
    .Listeners!;
  const rules = await Promise.all(
    listeners.map((l) => elbv2.send(new DescribeRulesCommand({ ListenerArn: l.ListenerArn })).then((r) => r.Rules)),
  );
  const role = async (name: string) => {
    const found = await iam.send(new GetRoleCommand({ RoleName: name })).then(
      (r) => r.Role,
      () => undefined,
    );
    if (!found) return null;
    const inline = await iam.send(new ListRolePoliciesCommand({ RoleName: name }));
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }));
    return { trust: found.AssumeRolePolicyDocument, inline: inline.PolicyNames, attached: attached.AttachedPolicies };
  };
  const state = {
    targetGroups,
    green,
    listeners,
    rules,
    ingress: (
      await aws
        .ec2()
        .send(
          new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [shape.securityGroupId] }] }),
        )
    ).SecurityGroupRules,
    roles: {
      infrastructure: await role(`ecs-infrastructure-role-${e}`),
      deploy: await role(`credex-core-deploy-${e}`),
      execution: await role(`ecs-execution-role-${e}`),
    },
    oidc: (await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList,
    alarms: (
      await aws.cloudwatch().send(
        new DescribeAlarmsCommand({
          AlarmNames: [`credex-core-${e}-alb-5xx-rate`, `credex-core-${e}-target-response-time`],
        }),
      )
    ).MetricAlarms?.map(({ StateUpdatedTimestamp: _s, AlarmConfigurationUpdatedTimestamp: _c, ...rest }) => rest),
    service: (
      await aws.ecs().send(new DescribeServicesCommand({ cluster: shape.cluster, services: [shape.service] }))
    ).services?.map(({ deployments: _d, events: _e, ...rest }) => rest),
  };
  return JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
}
