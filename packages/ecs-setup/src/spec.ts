import type { PutMetricAlarmInput } from '@aws-sdk/client-cloudwatch';
import { alarmDefinitions } from './alarms';
import {
  DEPLOY_POLICY_NAME,
  SECRETS_POLICY_NAME,
  GITHUB_OIDC_AUDIENCE,
  GITHUB_OIDC_HOST,
  INFRASTRUCTURE_POLICY_ARN,
  TEST_RULE_PRIORITY,
  TEST_TRAFFIC_DESCRIPTION,
  type SetupConfig,
} from './config';
import {
  deployPolicy,
  deployTrustPolicy,
  infrastructureTrustPolicy,
  taskSecretsPolicy,
  type PolicyDocument,
} from './policies';

/**
 * Every resource blue-green needs, as data: what the action creates or checks, and what the Terraform module in
 * terraform/modules/ecs-blue-green declares (test/integration/ecs-setup/terraform.test.ts parses the module and
 * compares it with this). Properties use the Terraform attribute names; the action turns them into API calls.
 *
 * Facts are what exists already (credex-core's load balancer, listener, production target group...), and `arns`
 * the identifiers of what this creates: real ARNs when the action applies, placeholders in a plan, Terraform
 * addresses in the Terraform comparison.
 */

export interface HealthCheck {
  path: string;
  matcher: string;
  protocol: string;
  interval: number;
  timeout: number;
  healthy_threshold: number;
  unhealthy_threshold: number;
}

export interface Facts {
  accountId: string;
  vpcId: string;
  productionTargetGroup: { name: string; arn: string; port: number; protocol: string; healthCheck: HealthCheck };
  loadBalancerArn: string;
  securityGroupId: string;
  productionListener: { arn: string; protocol: string; sslPolicy?: string; certificateArn?: string };
  container: { name: string; port: number };
  testCidrs: string[];
}

export interface CreatedArns {
  greenTargetGroup: string;
  productionRule: string;
  testListener: string;
  testRule: string;
  infrastructureRole: string;
}

export interface SpecResource {
  key: string;
  /** `<terraform type>.<name>` in terraform/modules/ecs-blue-green, or the example service block. */
  terraform: string;
  /** What a person calls it. */
  title: string;
  props: Record<string, unknown>;
}

export interface ForwardTarget {
  arn: string;
  weight: number;
}

function dimensionMap(dimensions: { Name?: string; Value?: string }[] | undefined): Record<string, string> {
  return Object.fromEntries((dimensions ?? []).map((d): [string, string] => [d.Name ?? '', d.Value ?? '']));
}

function alarmProps(alarm: PutMetricAlarmInput): Record<string, unknown> {
  return {
    alarm_name: alarm.AlarmName,
    alarm_description: alarm.AlarmDescription,
    comparison_operator: alarm.ComparisonOperator,
    evaluation_periods: alarm.EvaluationPeriods,
    datapoints_to_alarm: alarm.DatapointsToAlarm,
    threshold: alarm.Threshold,
    treat_missing_data: alarm.TreatMissingData,
    ...(alarm.MetricName
      ? {
          namespace: alarm.Namespace,
          metric_name: alarm.MetricName,
          statistic: alarm.Statistic,
          period: alarm.Period,
          dimensions: dimensionMap(alarm.Dimensions),
        }
      : {
          metric_query: (alarm.Metrics ?? []).map((m) => ({
            id: m.Id,
            ...(m.Expression ? { expression: m.Expression, label: m.Label } : {}),
            return_data: m.ReturnData ?? false,
            ...(m.MetricStat
              ? {
                  metric: {
                    namespace: m.MetricStat.Metric?.Namespace,
                    metric_name: m.MetricStat.Metric?.MetricName,
                    period: m.MetricStat.Period,
                    stat: m.MetricStat.Stat,
                    dimensions: dimensionMap(m.MetricStat.Metric?.Dimensions),
                  },
                }
              : {}),
          })),
        }),
  };
}

export function greenTargetGroupName(config: SetupConfig, facts: Pick<Facts, 'productionTargetGroup'>): string {
  return config.greenTargetGroup ?? `${facts.productionTargetGroup.name}-green`;
}

export function blueGreenSpec(config: SetupConfig, facts: Facts, arns: CreatedArns): SpecResource[] {
  const tg = facts.productionTargetGroup;
  const listener = facts.productionListener;
  const tls =
    listener.protocol === 'HTTPS' ? { ssl_policy: listener.sslPolicy, certificate_arn: listener.certificateArn } : {};
  const infrastructureRoleArn = `arn:aws:iam::${facts.accountId}:role/${config.infrastructureRole}`;
  const alarms = alarmDefinitions(config, facts.loadBalancerArn);
  const forward = (targets: ForwardTarget[]) => ({ type: 'forward', target_groups: targets });
  return [
    {
      key: 'green-target-group',
      terraform: 'aws_lb_target_group.green',
      title: `target group ${greenTargetGroupName(config, facts)}`,
      props: {
        name: greenTargetGroupName(config, facts),
        port: tg.port,
        protocol: tg.protocol,
        target_type: 'ip',
        vpc_id: facts.vpcId,
        health_check: tg.healthCheck,
      },
    },
    {
      key: 'production-rule',
      terraform: 'aws_lb_listener_rule.production',
      title: `production listener rule (priority ${config.productionRulePriority})`,
      props: {
        listener_arn: listener.arn,
        priority: config.productionRulePriority,
        path_pattern: ['/*'],
        action: forward([
          { arn: tg.arn, weight: 100 },
          { arn: arns.greenTargetGroup, weight: 0 },
        ]),
        tags: { Name: `credex-core-production-${config.environment}` },
      },
    },
    {
      key: 'test-listener',
      terraform: 'aws_lb_listener.test',
      title: `test listener on port ${config.testPort}`,
      props: {
        load_balancer_arn: facts.loadBalancerArn,
        port: config.testPort,
        protocol: listener.protocol,
        ...tls,
        default_action: forward([{ arn: arns.greenTargetGroup, weight: 100 }]),
      },
    },
    {
      key: 'test-rule',
      terraform: 'aws_lb_listener_rule.test',
      title: `test listener rule (priority ${TEST_RULE_PRIORITY}, from ${facts.testCidrs.join(', ')})`,
      props: {
        listener_arn: arns.testListener,
        priority: TEST_RULE_PRIORITY,
        source_ip: facts.testCidrs,
        action: forward([
          { arn: tg.arn, weight: 0 },
          { arn: arns.greenTargetGroup, weight: 100 },
        ]),
        tags: { Name: `credex-core-test-${config.environment}` },
      },
    },
    {
      key: 'test-ingress',
      terraform: 'aws_vpc_security_group_ingress_rule.test',
      title: `security group ingress on port ${config.testPort}`,
      props: {
        security_group_id: facts.securityGroupId,
        ip_protocol: 'tcp',
        from_port: config.testPort,
        to_port: config.testPort,
        cidr_ipv4: facts.testCidrs,
        description: TEST_TRAFFIC_DESCRIPTION,
      },
    },
    {
      key: 'infrastructure-role',
      terraform: 'aws_iam_role.ecs_infrastructure',
      title: `IAM role ${config.infrastructureRole}`,
      props: { name: config.infrastructureRole, assume_role_policy: infrastructureTrustPolicy() },
    },
    {
      key: 'infrastructure-role-policy',
      terraform: 'aws_iam_role_policy_attachment.ecs_infrastructure',
      title: `managed policy on ${config.infrastructureRole}`,
      props: { role: config.infrastructureRole, policy_arn: INFRASTRUCTURE_POLICY_ARN },
    },
    {
      key: 'oidc-provider',
      terraform: 'aws_iam_openid_connect_provider.github',
      title: `GitHub OIDC provider ${GITHUB_OIDC_HOST}`,
      props: { url: `https://${GITHUB_OIDC_HOST}`, client_id_list: [GITHUB_OIDC_AUDIENCE] },
    },
    {
      key: 'deploy-role',
      terraform: 'aws_iam_role.deploy',
      title: `IAM role ${config.deployRole}`,
      props: {
        name: config.deployRole,
        assume_role_policy: deployTrustPolicy(config, facts.accountId) satisfies PolicyDocument,
      },
    },
    {
      key: 'deploy-role-policy',
      terraform: 'aws_iam_role_policy.deploy',
      title: `policy ${DEPLOY_POLICY_NAME} on ${config.deployRole}`,
      props: { name: DEPLOY_POLICY_NAME, role: config.deployRole, policy: deployPolicy(config, facts.accountId) },
    },
    {
      key: 'execution-role-secrets',
      terraform: 'aws_iam_role_policy.execution_secrets',
      title: `policy ${SECRETS_POLICY_NAME} on ${config.executionRole}`,
      props: {
        name: SECRETS_POLICY_NAME,
        role: config.executionRole,
        policy: taskSecretsPolicy(config, facts.accountId),
      },
    },
    {
      key: 'alarm-error-rate',
      terraform: 'aws_cloudwatch_metric_alarm.error_rate',
      title: `alarm ${config.alarms.errorRate}`,
      props: alarmProps(alarms[0]!),
    },
    {
      key: 'alarm-response-time',
      terraform: 'aws_cloudwatch_metric_alarm.response_time',
      title: `alarm ${config.alarms.responseTime}`,
      props: alarmProps(alarms[1]!),
    },
    {
      key: 'service',
      terraform: 'aws_ecs_service.credex_core',
      title: `ECS service ${config.service}: ECS-native blue/green`,
      props: {
        deployment_controller: { type: 'ECS' },
        deployment_configuration: { strategy: 'BLUE_GREEN', bake_time_in_minutes: config.bakeTimeMinutes },
        alarms: { alarm_names: [config.alarms.errorRate, config.alarms.responseTime], enable: true, rollback: true },
        load_balancer: {
          target_group_arn: tg.arn,
          container_name: facts.container.name,
          container_port: facts.container.port,
          advanced_configuration: {
            alternate_target_group_arn: arns.greenTargetGroup,
            production_listener_rule: arns.productionRule,
            test_listener_rule: arns.testRule,
            role_arn: infrastructureRoleArn,
          },
        },
      },
    },
  ];
}

/** The PAUSE hook blue-green-deploy verifies at; the AWS provider for Terraform has no PAUSE hook target. */
export function verifyHook(config: SetupConfig) {
  return {
    targetType: 'PAUSE' as const,
    lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT' as const],
    timeoutConfiguration: { timeoutInMinutes: config.verifyHookTimeoutMinutes, action: 'ROLLBACK' as const },
  };
}
