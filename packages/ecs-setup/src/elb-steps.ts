import { AuthorizeSecurityGroupIngressCommand, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  ModifyListenerCommand,
  ModifyRuleCommand,
  ModifyTargetGroupCommand,
  type Action,
  type Rule,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { TEST_TRAFFIC_DESCRIPTION } from './config';
import type { CreatedArns, ForwardTarget, HealthCheck, SpecResource } from './spec';
import { noChange, updateStep, sameSet, type ApplyContext, type Step, type StepInput } from './step';

/** The load balancer side: green target group, production and test rules, test listener, security group ingress. */

interface ForwardAction {
  type: 'forward';
  target_groups: ForwardTarget[];
}

const MANAGED_TAG = { Key: 'ManagedBy', Value: 'credex-actions ecs-blue-green-setup' };

function forwardTargets(actions: Action[] | undefined): ForwardTarget[] {
  return (actions ?? []).flatMap((a) =>
    a.Type !== 'forward'
      ? []
      : a.ForwardConfig?.TargetGroups?.length
        ? a.ForwardConfig.TargetGroups.map((t) => ({ arn: t.TargetGroupArn ?? '', weight: t.Weight ?? 1 }))
        : a.TargetGroupArn
          ? [{ arn: a.TargetGroupArn, weight: 100 }]
          : [],
  );
}

/** A forward action for these target groups, keeping the weights the rule has now (ECS moves them). */
function forwardAction(wanted: ForwardAction, resolve: (arn: string) => string, now: ForwardTarget[] = []): Action[] {
  return [
    {
      Type: 'forward',
      ForwardConfig: {
        TargetGroups: wanted.target_groups.map((t) => {
          const arn = resolve(t.arn);
          return { TargetGroupArn: arn, Weight: now.find((n) => n.arn === arn)?.weight ?? t.weight };
        }),
      },
    },
  ];
}

function healthCheckParams(hc: HealthCheck) {
  return {
    HealthCheckPath: hc.path,
    HealthCheckProtocol: hc.protocol as 'HTTP',
    HealthCheckIntervalSeconds: hc.interval,
    HealthCheckTimeoutSeconds: hc.timeout,
    HealthyThresholdCount: hc.healthy_threshold,
    UnhealthyThresholdCount: hc.unhealthy_threshold,
    Matcher: { HttpCode: hc.matcher },
  };
}

export function greenTargetGroupStep({ current, spec }: StepInput): Step {
  const resource = spec['green-target-group']!;
  const props = resource.props as {
    name: string;
    port: number;
    protocol: string;
    vpc_id: string;
    health_check: HealthCheck;
  };
  const green = current.greenTargetGroup;
  if (!green) {
    return {
      key: resource.key,
      title: resource.title,
      action: 'create',
      details: [
        `${props.protocol} ${props.port}, targets by IP in ${props.vpc_id}, health check ${props.health_check.path} → ${props.health_check.matcher} (copied from ${current.productionTargetGroup.TargetGroupName})`,
      ],
      apply: async (ctx) => {
        const created = await ctx.clients.elbv2.send(
          new CreateTargetGroupCommand({
            Name: props.name,
            Port: props.port,
            Protocol: props.protocol as 'HTTP',
            TargetType: 'ip',
            VpcId: props.vpc_id,
            ...healthCheckParams(props.health_check),
            Tags: [MANAGED_TAG],
          }),
        );
        ctx.arns.greenTargetGroup = created.TargetGroups?.[0]?.TargetGroupArn ?? '';
      },
    };
  }
  const fixed = [
    ['port', green.Port, props.port],
    ['protocol', green.Protocol, props.protocol],
    ['VPC', green.VpcId, props.vpc_id],
    ['target type', green.TargetType, 'ip'],
  ].filter(([, is, wanted]) => is !== wanted);
  if (fixed.length > 0) {
    return {
      key: resource.key,
      title: resource.title,
      action: 'conflict',
      details: fixed.map(
        ([what, is, wanted]) =>
          `${String(what)} is ${String(is)}, needs ${String(wanted)} (a target group cannot change it; delete or rename it)`,
      ),
    };
  }
  const wanted = healthCheckParams(props.health_check);
  const differs = (Object.keys(wanted) as (keyof typeof wanted)[]).filter((k) =>
    k === 'Matcher' ? green.Matcher?.HttpCode !== wanted.Matcher.HttpCode : green[k] !== wanted[k],
  );
  if (differs.length === 0) return noChange(resource);
  return updateStep(
    resource,
    [`health check ${differs.join(', ')} to match ${current.productionTargetGroup.TargetGroupName}`],
    async (ctx) => {
      await ctx.clients.elbv2.send(new ModifyTargetGroupCommand({ TargetGroupArn: green.TargetGroupArn, ...wanted }));
    },
  );
}

function ruleAt(rules: Rule[], priority: number): Rule | undefined {
  return rules.find((r) => r.Priority === String(priority));
}

function resolver(ctx: ApplyContext): (arn: string) => string {
  return (arn) => (arn === '@green' ? ctx.arns.greenTargetGroup : arn);
}

/** Spec target group ARNs with the green one (unknown until it exists) written as @green. */
function withGreenMarker(action: ForwardAction, greenArn: string): ForwardAction {
  return {
    ...action,
    target_groups: action.target_groups.map((t) => ({ ...t, arn: t.arn === greenArn ? '@green' : t.arn })),
  };
}

function ruleStep(
  input: StepInput,
  resource: SpecResource,
  rules: Rule[],
  conditions: { pathPattern?: string[]; sourceIp?: string[] },
  listenerArn: () => string,
  setArn: (arns: CreatedArns, arn: string) => void,
): Step {
  const props = resource.props as { priority: number; action: ForwardAction; tags: Record<string, string> };
  const action = withGreenMarker(props.action, input.arns.greenTargetGroup);
  const wantedConditions = [
    ...(conditions.pathPattern
      ? [{ Field: 'path-pattern', PathPatternConfig: { Values: conditions.pathPattern } }]
      : []),
    ...(conditions.sourceIp ? [{ Field: 'source-ip', SourceIpConfig: { Values: conditions.sourceIp } }] : []),
  ];
  const shown = (arn: string) => (arn === '@green' ? 'green' : (arn.split('/').at(-2) ?? arn));
  const rule = ruleAt(rules, props.priority);
  if (!rule) {
    return {
      key: resource.key,
      title: resource.title,
      action: 'create',
      details: [
        `${wantedConditions.map((c) => `${c.Field} ${(c.PathPatternConfig ?? c.SourceIpConfig).Values.join(', ')}`).join('; ')} → forward ${action.target_groups.map((t) => `${shown(t.arn)} ${t.weight}`).join(', ')}`,
      ],
      apply: async (ctx) => {
        const created = await ctx.clients.elbv2.send(
          new CreateRuleCommand({
            ListenerArn: listenerArn(),
            Priority: props.priority,
            Conditions: wantedConditions,
            Actions: forwardAction(action, resolver(ctx)),
            Tags: [...Object.entries(props.tags).map(([Key, Value]) => ({ Key, Value })), MANAGED_TAG],
          }),
        );
        setArn(ctx.arns, created.Rules?.[0]?.RuleArn ?? '');
      },
    };
  }
  const now = forwardTargets(rule.Actions);
  const details: string[] = [];
  const pathNow = rule.Conditions?.find((c) => c.Field === 'path-pattern')?.PathPatternConfig?.Values;
  const sourceNow = rule.Conditions?.find((c) => c.Field === 'source-ip')?.SourceIpConfig?.Values;
  const otherFields = (rule.Conditions ?? []).filter((c) => c.Field !== 'path-pattern' && c.Field !== 'source-ip');
  const greenKnown = input.arns.greenTargetGroup;
  const wantedArns = action.target_groups.map((t) => (t.arn === '@green' ? greenKnown : t.arn));
  if (otherFields.length > 0 || (conditions.pathPattern && !sameSet(pathNow ?? [], conditions.pathPattern))) {
    return {
      key: resource.key,
      title: resource.title,
      action: 'conflict',
      details: [
        `priority ${props.priority} holds another rule (${rule.RuleArn}); choose another priority or remove it`,
      ],
    };
  }
  if (conditions.sourceIp && !sameSet(sourceNow ?? [], conditions.sourceIp)) {
    details.push(`source addresses ${(sourceNow ?? []).join(', ') || 'none'} → ${conditions.sourceIp.join(', ')}`);
  }
  if (
    !sameSet(
      now.map((t) => t.arn),
      wantedArns,
    )
  ) {
    details.push(
      `forward to ${now.map((t) => shown(t.arn)).join(', ')} → ${action.target_groups.map((t) => shown(t.arn)).join(', ')} (weights kept)`,
    );
  }
  return updateStep(resource, details, async (ctx) => {
    await ctx.clients.elbv2.send(
      new ModifyRuleCommand({
        RuleArn: rule.RuleArn,
        Conditions: wantedConditions,
        Actions: forwardAction(action, resolver(ctx), now),
      }),
    );
  });
}

export function productionRuleStep(input: StepInput): Step {
  const { current } = input;
  return ruleStep(
    input,
    input.spec['production-rule']!,
    current.productionRules,
    { pathPattern: ['/*'] },
    () => current.productionListener.ListenerArn ?? '',
    (arns, arn) => (arns.productionRule = arn),
  );
}

export function testListenerStep(input: StepInput): Step {
  const { current } = input;
  const resource = input.spec['test-listener']!;
  const props = resource.props as {
    port: number;
    protocol: string;
    ssl_policy?: string;
    certificate_arn?: string;
    default_action: ForwardAction;
  };
  const action = withGreenMarker(props.default_action, input.arns.greenTargetGroup);
  const listener = current.testListener;
  const tls =
    props.protocol === 'HTTPS'
      ? { SslPolicy: props.ssl_policy, Certificates: [{ CertificateArn: props.certificate_arn }] }
      : {};
  if (!listener) {
    return {
      key: resource.key,
      title: resource.title,
      action: 'create',
      details: [
        `${props.protocol} ${props.port}${props.certificate_arn ? " with the production listener's certificate" : ''}, default → green target group`,
      ],
      apply: async (ctx) => {
        const created = await ctx.clients.elbv2.send(
          new CreateListenerCommand({
            LoadBalancerArn: current.loadBalancer.LoadBalancerArn,
            Port: props.port,
            Protocol: props.protocol as 'HTTPS',
            ...tls,
            DefaultActions: forwardAction(action, resolver(ctx)),
            Tags: [MANAGED_TAG],
          }),
        );
        ctx.arns.testListener = created.Listeners?.[0]?.ListenerArn ?? '';
      },
    };
  }
  const ours = new Set([current.productionTargetGroup.TargetGroupArn, current.greenTargetGroup?.TargetGroupArn]);
  const defaults = forwardTargets(listener.DefaultActions);
  if (listener.Protocol !== props.protocol || defaults.length === 0 || defaults.some((t) => !ours.has(t.arn))) {
    return {
      key: resource.key,
      title: resource.title,
      action: 'conflict',
      details: [
        `port ${props.port} already has a listener that is not this setup's (${listener.ListenerArn}); choose another test-port`,
      ],
    };
  }
  const details: string[] = [];
  if (props.protocol === 'HTTPS') {
    if (listener.SslPolicy !== props.ssl_policy) details.push(`TLS policy ${listener.SslPolicy} → ${props.ssl_policy}`);
    if (listener.Certificates?.[0]?.CertificateArn !== props.certificate_arn)
      details.push("certificate → the production listener's");
  }
  return updateStep(resource, details, async (ctx) => {
    await ctx.clients.elbv2.send(new ModifyListenerCommand({ ListenerArn: listener.ListenerArn, ...tls }));
  });
}

export function testRuleStep(input: StepInput): Step {
  const resource = input.spec['test-rule']!;
  const { source_ip } = resource.props as { source_ip: string[] };
  return ruleStep(
    input,
    resource,
    input.current.testRules,
    { sourceIp: source_ip },
    () => input.arns.testListener,
    (arns, arn) => (arns.testRule = arn),
  );
}

export function testIngressStep({ current, spec, config }: StepInput): Step {
  const resource = spec['test-ingress']!;
  const cidrs = (resource.props as { cidr_ipv4: string[] }).cidr_ipv4;
  const onPort = current.ingress.filter(
    (r) => r.IpProtocol === 'tcp' && r.FromPort === config.testPort && r.ToPort === config.testPort,
  );
  const missing = cidrs.filter((cidr) => !onPort.some((r) => r.CidrIpv4 === cidr));
  // Only rules this setup made (its description) are taken back; anyone else's stay.
  const stale = onPort.filter(
    (r) => r.Description === TEST_TRAFFIC_DESCRIPTION && r.CidrIpv4 && !cidrs.includes(r.CidrIpv4),
  );
  if (missing.length === 0 && stale.length === 0) return noChange(resource);
  const details = [
    ...missing.map((cidr) => `allow tcp ${config.testPort} from ${cidr} on ${current.securityGroupId}`),
    ...stale.map((r) => `remove tcp ${config.testPort} from ${r.CidrIpv4} (no longer in test-cidrs)`),
  ];
  return {
    key: resource.key,
    title: resource.title,
    action: onPort.length === 0 ? 'create' : 'update',
    details,
    apply: async (ctx) => {
      if (missing.length > 0) {
        await ctx.clients.ec2.send(
          new AuthorizeSecurityGroupIngressCommand({
            GroupId: current.securityGroupId,
            IpPermissions: [
              {
                IpProtocol: 'tcp',
                FromPort: config.testPort,
                ToPort: config.testPort,
                IpRanges: missing.map((CidrIp) => ({ CidrIp, Description: TEST_TRAFFIC_DESCRIPTION })),
              },
            ],
          }),
        );
      }
      if (stale.length > 0) {
        await ctx.clients.ec2.send(
          new RevokeSecurityGroupIngressCommand({
            GroupId: current.securityGroupId,
            SecurityGroupRuleIds: stale.map((r) => r.SecurityGroupRuleId ?? ''),
          }),
        );
      }
    },
  };
}
