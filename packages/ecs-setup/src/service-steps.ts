import {
  UpdateServiceCommand,
  type DeploymentConfiguration,
  type DeploymentLifecycleHook,
  type LoadBalancer,
} from '@aws-sdk/client-ecs';
import { sleep } from '@credex/action-kit';
import { awsErrorFacts } from '@credex/aws';
import { verifyHook } from './spec';
import { updateStep, sameSet, type ApplyContext, type Step, type StepInput } from './step';

/**
 * The switch of the running service to ECS-native blue/green, by UpdateService (the service is never re-created):
 * the load balancer entry gains its advancedConfiguration (green target group, production and test rules, the
 * infrastructure role), deploymentConfiguration gets strategy BLUE_GREEN, the bake time and the two alarms as
 * rollback triggers. A load balancer change makes ECS start one deployment of the revision already running. The
 * PAUSE hook blue-green-deploy verifies at is added by a second UpdateService (a deploymentConfiguration change
 * starts no deployment), so that first deployment runs through instead of waiting at the pause.
 */

interface ServiceProps {
  deployment_configuration: { strategy: string; bake_time_in_minutes: number };
  alarms: { alarm_names: string[]; enable: boolean; rollback: boolean };
  load_balancer: {
    target_group_arn: string;
    container_name: string;
    container_port: number;
    advanced_configuration: {
      alternate_target_group_arn: string;
      production_listener_rule: string;
      test_listener_rule: string;
      role_arn: string;
    };
  };
}

function wantedLoadBalancer(props: ServiceProps, ctx: Pick<ApplyContext, 'arns' | 'current'>): LoadBalancer {
  const entry = ctx.current.service.loadBalancers?.[0];
  const green = ctx.arns.greenTargetGroup;
  const production = props.load_balancer.target_group_arn;
  // ECS may have swapped which group is live: keep the service's own, and make the other the alternate.
  const primary = entry?.targetGroupArn === green ? green : production;
  return {
    targetGroupArn: primary,
    containerName: props.load_balancer.container_name,
    containerPort: props.load_balancer.container_port,
    advancedConfiguration: {
      alternateTargetGroupArn: primary === green ? production : green,
      productionListenerRule: ctx.arns.productionRule,
      testListenerRule: ctx.arns.testRule,
      roleArn: props.load_balancer.advanced_configuration.role_arn,
    },
  };
}

function wantedDeploymentConfiguration(
  props: ServiceProps,
  now: DeploymentConfiguration | undefined,
): DeploymentConfiguration {
  return {
    ...now,
    strategy: 'BLUE_GREEN',
    bakeTimeInMinutes: props.deployment_configuration.bake_time_in_minutes,
    alarms: { alarmNames: props.alarms.alarm_names, enable: props.alarms.enable, rollback: props.alarms.rollback },
  };
}

function switchDifferences(props: ServiceProps, input: StepInput): string[] {
  const { service } = input.current;
  const now = service.deploymentConfiguration;
  const entry = service.loadBalancers?.[0];
  const advanced = entry?.advancedConfiguration;
  const wanted = wantedLoadBalancer(props, input);
  const details: string[] = [];
  if (now?.strategy !== 'BLUE_GREEN') details.push(`deployment strategy ${now?.strategy ?? 'ROLLING'} → BLUE_GREEN`);
  if (now?.bakeTimeInMinutes !== props.deployment_configuration.bake_time_in_minutes) {
    details.push(
      `bake time ${now?.bakeTimeInMinutes ?? 'none'} → ${props.deployment_configuration.bake_time_in_minutes} min`,
    );
  }
  const alarms = now?.alarms;
  if (!alarms?.enable || !alarms.rollback || !sameSet(alarms.alarmNames ?? [], props.alarms.alarm_names)) {
    details.push(`roll back on alarms ${props.alarms.alarm_names.join(', ')}`);
  }
  const pair = [entry?.targetGroupArn ?? '', advanced?.alternateTargetGroupArn ?? ''];
  const wantedAdvanced = wanted.advancedConfiguration!;
  if (
    !advanced ||
    !sameSet(pair, [wanted.targetGroupArn!, wantedAdvanced.alternateTargetGroupArn!]) ||
    advanced.productionListenerRule !== wantedAdvanced.productionListenerRule ||
    advanced.testListenerRule !== wantedAdvanced.testListenerRule ||
    advanced.roleArn !== wantedAdvanced.roleArn
  ) {
    details.push(
      'load balancer advancedConfiguration: green target group, production and test listener rules, infrastructure role (ECS starts one deployment of the running revision)',
    );
  }
  return details;
}

/** IAM is eventually consistent: ECS may not yet be able to assume a role created seconds ago. */
async function updateService(ctx: ApplyContext, request: ConstructorParameters<typeof UpdateServiceCommand>[0]) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.clients.ecs.send(new UpdateServiceCommand(request));
    } catch (error) {
      const facts = awsErrorFacts(error);
      const roleNotReady = facts.name === 'InvalidParameterException' && /role/i.test(facts.message);
      if (!roleNotReady || !ctx.created.has('infrastructure-role') || attempt >= 6) throw error;
      ctx.log(`ECS cannot use the new role yet (${facts.message}); trying again in 10 s`);
      await sleep(10_000, ctx.signal);
    }
  }
}

export function serviceSwitchStep(input: StepInput): Step {
  const resource = input.spec.service!;
  const props = resource.props as unknown as ServiceProps;
  const details = switchDifferences(props, input);
  return updateStep(resource, details, async (ctx) => {
    const answer = await updateService(ctx, {
      cluster: ctx.config.cluster,
      service: ctx.config.service,
      loadBalancers: [wantedLoadBalancer(props, ctx)],
      deploymentConfiguration: wantedDeploymentConfiguration(props, ctx.current.service.deploymentConfiguration),
    });
    const started = answer.service?.currentServiceDeployment;
    ctx.log(
      started
        ? `ECS started deployment ${started} of the running revision (the load balancer change); blue-green-deploy waits for it (on-conflict) or fails naming it`
        : 'ECS starts one deployment of the running revision for the load balancer change',
    );
    ctx.current.service = answer.service ?? ctx.current.service;
  });
}

function hasVerifyHook(hooks: DeploymentLifecycleHook[] | undefined, timeout: number): boolean {
  return (hooks ?? []).some(
    (h) =>
      h.targetType === 'PAUSE' &&
      (h.lifecycleStages ?? []).includes('POST_TEST_TRAFFIC_SHIFT') &&
      h.timeoutConfiguration?.timeoutInMinutes === timeout &&
      h.timeoutConfiguration.action === 'ROLLBACK',
  );
}

export function verifyHookStep(input: StepInput): Step {
  const { config, current } = input;
  const title = `ECS service ${config.service}: pause for blue-green-deploy's checks on test traffic`;
  if (config.verifyHookTimeoutMinutes === 0) return { key: 'service-verify-hook', title, action: 'none', details: [] };
  if (hasVerifyHook(current.service.deploymentConfiguration?.lifecycleHooks, config.verifyHookTimeoutMinutes)) {
    return { key: 'service-verify-hook', title, action: 'none', details: [] };
  }
  const hook = verifyHook(config);
  return {
    key: 'service-verify-hook',
    title,
    action: 'update',
    details: [
      `PAUSE at POST_TEST_TRAFFIC_SHIFT; blue-green-deploy continues it when its checks pass, ECS rolls back after ${config.verifyHookTimeoutMinutes} min unattended`,
    ],
    apply: async (ctx) => {
      const now = ctx.current.service.deploymentConfiguration;
      const others = (now?.lifecycleHooks ?? []).filter((h) => h.targetType !== 'PAUSE');
      const answer = await updateService(ctx, {
        cluster: ctx.config.cluster,
        service: ctx.config.service,
        deploymentConfiguration: { ...now, lifecycleHooks: [...others, hook] },
      });
      ctx.current.service = answer.service ?? ctx.current.service;
    },
  };
}
