import { ConfigurationError } from '@credex/action-kit';
import type { SetupClients } from './clients';
import { isElbName, TEST_RULE_PRIORITY, type SetupConfig } from './config';
import { discover, type Current } from './discover';
import { greenTargetGroupStep, productionRuleStep, testIngressStep, testListenerStep, testRuleStep } from './elb-steps';
import {
  alarmSteps,
  deployPolicyStep,
  deployRoleStep,
  executionSecretsStep,
  infrastructurePolicyStep,
  infrastructureRoleStep,
  oidcProviderStep,
} from './iam-steps';
import { serviceSwitchStep, verifyHookStep } from './service-steps';
import { blueGreenSpec, greenTargetGroupName, type CreatedArns, type Facts, type SpecResource } from './spec';
import { pending, type ApplyContext, type Step } from './step';

export interface Plan {
  config: SetupConfig;
  facts: Facts;
  arns: CreatedArns;
  steps: Step[];
  /** Things worth knowing that the setup does not change. */
  warnings: string[];
  current: Current;
}

const MAX_SOURCE_IP_VALUES = 5;

function testCidrs(config: SetupConfig, current: Current): string[] {
  const cidrs = config.testCidrs ?? [current.vpcCidr, ...current.natAddresses.map((ip) => `${ip}/32`)];
  if (cidrs.length > MAX_SOURCE_IP_VALUES) {
    const origin = config.testCidrs ? 'test-cidrs has' : `the VPC CIDR and its NAT gateways make`;
    throw new ConfigurationError(
      `input 'test-cidrs': ${origin} ${cidrs.length} ranges; a listener rule takes at most ${MAX_SOURCE_IP_VALUES} (give test-cidrs explicitly)`,
    );
  }
  return cidrs;
}

function factsOf(config: SetupConfig, current: Current): Facts {
  const tg = current.productionTargetGroup;
  const listener = current.productionListener;
  return {
    accountId: current.accountId,
    vpcId: current.loadBalancer.VpcId ?? '',
    productionTargetGroup: {
      name: tg.TargetGroupName ?? '',
      arn: tg.TargetGroupArn ?? '',
      port: tg.Port ?? 0,
      protocol: tg.Protocol ?? 'HTTP',
      healthCheck: current.healthCheck,
    },
    loadBalancerArn: current.loadBalancer.LoadBalancerArn ?? '',
    securityGroupId: current.securityGroupId,
    productionListener: {
      arn: listener.ListenerArn ?? '',
      protocol: listener.Protocol ?? 'HTTP',
      sslPolicy: listener.SslPolicy,
      certificateArn: listener.Certificates?.[0]?.CertificateArn,
    },
    container: current.container,
    testCidrs: testCidrs(config, current),
  };
}

function knownArns(config: SetupConfig, current: Current): CreatedArns {
  const at = (rules: Current['productionRules'], priority: number) =>
    rules.find((r) => r.Priority === String(priority))?.RuleArn;
  return {
    greenTargetGroup: current.greenTargetGroup?.TargetGroupArn ?? pending('green target group'),
    productionRule: at(current.productionRules, config.productionRulePriority) ?? pending('production rule'),
    testListener: current.testListener?.ListenerArn ?? pending('test listener'),
    testRule: at(current.testRules, TEST_RULE_PRIORITY) ?? pending('test rule'),
    infrastructureRole: `arn:aws:iam::${current.accountId}:role/${config.infrastructureRole}`,
  };
}

function warningsFor(current: Current): string[] {
  const mixed = current.productionRules.filter((r) => (r.Actions ?? []).some((a) => a.Type !== 'forward'));
  if (mixed.length === 0) return [];
  const shown = mixed.map((r) => `priority ${r.Priority} (${(r.Actions ?? []).map((a) => a.Type).join('+')})`);
  return [
    `the production listener also has rules that do not forward: ${shown.join(', ')}. AWS documents that ECS blue/green deployments fail when listener rules mix forward and non-forward actions; if the first deployment rolls back for that reason, move those rules to another listener (see docs/runbooks/deploy-rolled-back.md)`,
  ];
}

/** Reads everything (no write) and works out each resource's create/update/none, in the order apply runs them. */
export async function planSetup(clients: SetupClients, config: SetupConfig): Promise<Plan> {
  const current = await discover(clients, config);
  const facts = factsOf(config, current);
  const green = greenTargetGroupName(config, facts);
  if (!isElbName(green)) {
    throw new ConfigurationError(
      `input 'green-target-group': ${JSON.stringify(green)} is not a target group name (letters, digits and hyphens, at most 32)`,
    );
  }
  const arns = knownArns(config, current);
  const spec: Record<string, SpecResource> = Object.fromEntries(
    blueGreenSpec(config, facts, arns).map((r) => [r.key, r]),
  );
  const input = { config, current, facts, arns, spec };
  const steps: Step[] = [
    greenTargetGroupStep(input),
    productionRuleStep(input),
    testListenerStep(input),
    testRuleStep(input),
    testIngressStep(input),
    infrastructureRoleStep(input),
    infrastructurePolicyStep(input),
    oidcProviderStep(input),
    deployRoleStep(input),
    deployPolicyStep(input),
    executionSecretsStep(input),
    ...alarmSteps(input),
    serviceSwitchStep(input),
    verifyHookStep(input),
  ];
  return { config, facts, arns, steps, warnings: warningsFor(current), current };
}

export interface ApplyOptions {
  signal?: AbortSignal;
  log: (line: string) => void;
}

/** Runs the plan's create and update steps in order; refuses before any write when a step conflicts. */
export async function applyPlan(clients: SetupClients, plan: Plan, options: ApplyOptions): Promise<Step[]> {
  const conflicts = plan.steps.filter((s) => s.action === 'conflict');
  if (conflicts.length > 0) {
    throw new ConfigurationError(
      `nothing applied: ${conflicts.map((s) => `${s.title}: ${s.details.join('; ')}`).join(' | ')}`,
    );
  }
  const ctx: ApplyContext = {
    clients,
    config: plan.config,
    current: plan.current,
    facts: plan.facts,
    arns: plan.arns,
    signal: options.signal,
    log: options.log,
    created: new Set(),
  };
  const done: Step[] = [];
  for (const step of plan.steps) {
    if (!step.apply || step.action === 'none') continue;
    options.signal?.throwIfAborted();
    options.log(`${step.action === 'create' ? 'creating' : 'updating'} ${step.title}`);
    await step.apply(ctx);
    done.push(step);
  }
  return done;
}

/** The plan as plain data (for plan-file and the summary): every resource, its action and details, no functions. */
export function planData(plan: Plan) {
  return {
    environment: plan.config.environment,
    cluster: plan.config.cluster,
    service: plan.config.service,
    testCidrs: plan.facts.testCidrs,
    warnings: plan.warnings,
    resources: plan.steps.map(({ key, title, action, details }) => ({ key, title, action, details })),
    outputs: outputsOf(plan),
  };
}

export function outputsOf(plan: Plan): Record<string, string> {
  const dns = plan.current.loadBalancer.DNSName ?? '';
  const scheme = plan.facts.productionListener.protocol === 'HTTPS' ? 'https' : 'http';
  return {
    'green-target-group-arn': plan.arns.greenTargetGroup,
    'production-listener-rule-arn': plan.arns.productionRule,
    'test-listener-rule-arn': plan.arns.testRule,
    'test-url': `${scheme}://${dns}:${plan.config.testPort}`,
    'infrastructure-role-arn': plan.arns.infrastructureRole,
    'deploy-role-arn': `arn:aws:iam::${plan.facts.accountId}:role/${plan.config.deployRole}`,
    'alarm-names': [plan.config.alarms.errorRate, plan.config.alarms.responseTime].join('\n'),
  };
}
