import { DescribeAlarmsCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import {
  DescribeNatGatewaysCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeVpcsCommand,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, type Service } from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  type Listener,
  type LoadBalancer,
  type Rule,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  GetOpenIDConnectProviderCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListOpenIDConnectProvidersCommand,
  type Role,
} from '@aws-sdk/client-iam';
import { ConfigurationError } from '@credex/action-kit';
import { isNotFoundError } from '@credex/aws';
import type { SetupClients } from './clients';
import { DEPLOY_POLICY_NAME, GITHUB_OIDC_HOST, greenNameFor, SECRETS_POLICY_NAME, type SetupConfig } from './config';
import type { HealthCheck } from './spec';

/** What exists today, read with Describe/Get/List calls only. */
export interface Current {
  accountId: string;
  service: Service;
  container: { name: string; port: number };
  /** credex-core's original target group (credex-tg-<env>); the green one is found by name. */
  productionTargetGroup: TargetGroup;
  greenTargetGroup: TargetGroup | undefined;
  healthCheck: HealthCheck;
  loadBalancer: LoadBalancer;
  productionListener: Listener;
  testListener: Listener | undefined;
  productionRules: Rule[];
  testRules: Rule[];
  vpcCidr: string;
  natAddresses: string[];
  securityGroupId: string;
  ingress: SecurityGroupRule[];
  infrastructureRole: { role: Role; attached: string[] } | undefined;
  deployRole: { role: Role; policy: string | undefined } | undefined;
  /** credex-core's execution role (it must exist) and its secrets policy, if any. */
  executionRole: { exists: boolean; secretsPolicy: string | undefined };
  oidcProvider: { arn: string; clientIds: string[] } | undefined;
  alarms: MetricAlarm[];
}

function refuse(message: string): never {
  throw new ConfigurationError(message);
}

async function orUndefined<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    if (isNotFoundError(error)) return undefined;
    throw error;
  }
}

function forwardsTo(
  actions: { TargetGroupArn?: string; ForwardConfig?: { TargetGroups?: { TargetGroupArn?: string }[] } }[] | undefined,
): string[] {
  return (actions ?? []).flatMap((a) => [
    ...(a.TargetGroupArn ? [a.TargetGroupArn] : []),
    ...(a.ForwardConfig?.TargetGroups ?? []).map((t) => t.TargetGroupArn ?? ''),
  ]);
}

async function describeService(clients: SetupClients, config: SetupConfig): Promise<Service> {
  const answer = await clients.ecs.send(
    new DescribeServicesCommand({ cluster: config.cluster, services: [config.service] }),
  );
  const service = answer.services?.[0];
  if (!service || service.status !== 'ACTIVE') {
    refuse(`service ${config.service} was not found (active) in cluster ${config.cluster}`);
  }
  const controller = service.deploymentController?.type ?? 'ECS';
  if (controller !== 'ECS') {
    refuse(
      `service ${config.service} uses the ${controller} deployment controller; this setup moves a rolling (ECS) service to ECS-native blue/green and does not convert ${controller} services`,
    );
  }
  return service;
}

async function targetGroupByName(clients: SetupClients, name: string): Promise<TargetGroup | undefined> {
  const answer = await orUndefined(clients.elbv2.send(new DescribeTargetGroupsCommand({ Names: [name] })));
  return answer?.TargetGroups?.[0];
}

function healthCheckOf(tg: TargetGroup): HealthCheck {
  return {
    path: tg.HealthCheckPath ?? '/',
    matcher: tg.Matcher?.HttpCode ?? '200',
    protocol: tg.HealthCheckProtocol ?? 'HTTP',
    interval: tg.HealthCheckIntervalSeconds ?? 30,
    timeout: tg.HealthCheckTimeoutSeconds ?? 5,
    healthy_threshold: tg.HealthyThresholdCount ?? 5,
    unhealthy_threshold: tg.UnhealthyThresholdCount ?? 2,
  };
}

async function rulesOf(clients: SetupClients, listener: Listener | undefined): Promise<Rule[]> {
  if (!listener) return [];
  return (await clients.elbv2.send(new DescribeRulesCommand({ ListenerArn: listener.ListenerArn }))).Rules ?? [];
}

async function network(clients: SetupClients, vpcId: string, securityGroupId: string) {
  const vpc = (await clients.ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs?.[0];
  if (!vpc?.CidrBlock) refuse(`the load balancer's VPC ${vpcId} was not found`);
  const nats = await clients.ec2.send(
    new DescribeNatGatewaysCommand({
      Filter: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'state', Values: ['available'] },
      ],
    }),
  );
  const natAddresses = (nats.NatGateways ?? [])
    .flatMap((n) => n.NatGatewayAddresses ?? [])
    .map((a) => a.PublicIp)
    .filter((ip): ip is string => Boolean(ip))
    .sort();
  const rules = await clients.ec2.send(
    new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [securityGroupId] }] }),
  );
  return { vpcCidr: vpc.CidrBlock, natAddresses, ingress: (rules.SecurityGroupRules ?? []).filter((r) => !r.IsEgress) };
}

async function iamState(clients: SetupClients, config: SetupConfig) {
  const infra = await orUndefined(clients.iam.send(new GetRoleCommand({ RoleName: config.infrastructureRole })));
  const attached = infra
    ? (
        (await clients.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: config.infrastructureRole })))
          .AttachedPolicies ?? []
      ).map((p) => p.PolicyArn ?? '')
    : [];
  const deploy = await orUndefined(clients.iam.send(new GetRoleCommand({ RoleName: config.deployRole })));
  const deployPolicy = deploy
    ? await orUndefined(
        clients.iam.send(new GetRolePolicyCommand({ RoleName: config.deployRole, PolicyName: DEPLOY_POLICY_NAME })),
      )
    : undefined;
  const execution = await orUndefined(clients.iam.send(new GetRoleCommand({ RoleName: config.executionRole })));
  const secretsPolicy = execution
    ? await orUndefined(
        clients.iam.send(new GetRolePolicyCommand({ RoleName: config.executionRole, PolicyName: SECRETS_POLICY_NAME })),
      )
    : undefined;
  const providers = await clients.iam.send(new ListOpenIDConnectProvidersCommand({}));
  const providerArn = providers.OpenIDConnectProviderList?.map((p) => p.Arn ?? '').find((arn) =>
    arn.endsWith(`:oidc-provider/${GITHUB_OIDC_HOST}`),
  );
  const provider = providerArn
    ? await clients.iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn }))
    : undefined;
  return {
    infrastructureRole: infra?.Role ? { role: infra.Role, attached } : undefined,
    deployRole: deploy?.Role ? { role: deploy.Role, policy: deployPolicy?.PolicyDocument } : undefined,
    oidcProvider: providerArn ? { arn: providerArn, clientIds: provider?.ClientIDList ?? [] } : undefined,
    executionRole: { exists: Boolean(execution?.Role), secretsPolicy: secretsPolicy?.PolicyDocument },
  };
}

/**
 * Reads the environment: the service and its load balancer entry, the production target group (credex-tg-<env>,
 * or the one before `-green` when ECS has swapped them), its load balancer, the production listener (the one that
 * forwards to it; 443 first), the test listener, their rules, the VPC's CIDR and NAT addresses, the load
 * balancer's first security group, the roles, the OIDC provider and the alarms.
 */
export async function discover(clients: SetupClients, config: SetupConfig): Promise<Current> {
  const service = await describeService(clients, config);
  const entries = (service.loadBalancers ?? []).filter((lb) => lb.targetGroupArn);
  if (entries.length !== 1) {
    refuse(
      `service ${config.service} has ${entries.length} target groups; the setup expects exactly one (credex-core's credex-tg-${config.environment})`,
    );
  }
  const entry = entries[0]!;
  const accountId = /^arn:[^:]+:ecs:[^:]+:(\d{12}):/.exec(service.serviceArn ?? '')?.[1];
  if (!accountId) refuse(`service ${config.service} has no ARN with an account id`);

  const primary = (
    await clients.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [entry.targetGroupArn!] }))
  ).TargetGroups?.[0];
  if (!primary?.TargetGroupName) refuse(`the service's target group ${entry.targetGroupArn} was not found`);
  const baseName = primary.TargetGroupName.replace(/-green$/, '');
  const production = baseName === primary.TargetGroupName ? primary : await targetGroupByName(clients, baseName);
  if (!production) refuse(`target group ${baseName} (the service's production group) was not found`);
  const greenName = config.greenTargetGroup ?? greenNameFor(baseName);
  const green = primary.TargetGroupName === greenName ? primary : await targetGroupByName(clients, greenName);

  const lbArn = production.LoadBalancerArns?.[0];
  if (!lbArn) refuse(`target group ${baseName} is not attached to a load balancer`);
  const loadBalancer = (await clients.elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [lbArn] })))
    .LoadBalancers?.[0];
  if (!loadBalancer || loadBalancer.Type !== 'application') {
    refuse(`load balancer ${lbArn} is not an Application Load Balancer`);
  }
  const listeners =
    (await clients.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: lbArn }))).Listeners ?? [];
  const testListener = listeners.find((l) => l.Port === config.testPort);
  const ours = new Set([production.TargetGroupArn, green?.TargetGroupArn].filter(Boolean));
  const candidates: Listener[] = [];
  for (const listener of listeners) {
    if (listener === testListener) continue;
    const rules = await rulesOf(clients, listener);
    const targets = [...forwardsTo(listener.DefaultActions), ...rules.flatMap((r) => forwardsTo(r.Actions))];
    if (targets.some((arn) => ours.has(arn))) candidates.push(listener);
  }
  candidates.sort((a, b) => Number(b.Port === 443) - Number(a.Port === 443));
  const productionListener = candidates[0];
  if (!productionListener) refuse(`no listener of ${loadBalancer.LoadBalancerName} forwards to ${baseName}`);
  const securityGroupId = loadBalancer.SecurityGroups?.[0];
  if (!securityGroupId) refuse(`load balancer ${loadBalancer.LoadBalancerName} has no security group`);

  const alarms = await clients.cloudwatch.send(
    new DescribeAlarmsCommand({ AlarmNames: [config.alarms.errorRate, config.alarms.responseTime] }),
  );
  return {
    accountId,
    service,
    container: { name: entry.containerName ?? '', port: entry.containerPort ?? 0 },
    productionTargetGroup: production,
    greenTargetGroup: green,
    healthCheck: healthCheckOf(production),
    loadBalancer,
    productionListener,
    testListener,
    productionRules: await rulesOf(clients, productionListener),
    testRules: await rulesOf(clients, testListener),
    ...(await network(clients, loadBalancer.VpcId ?? '', securityGroupId)),
    securityGroupId,
    ...(await iamState(clients, config)),
    alarms: alarms.MetricAlarms ?? [],
  };
}
