import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Service } from '@aws-sdk/client-ecs';
import { ConfigurationError, parseYaml } from '@credex/action-kit';

export const APPSPEC_HOOKS = [
  'BeforeInstall',
  'AfterInstall',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AfterAllowTraffic',
] as const;

type AppSpec = Record<string, unknown> & { Resources?: Record<string, Record<string, unknown>>[] };

/** The task set a CODE_DEPLOY service runs in production (its settings live there, not on the service). */
function primarySettings(service: Service) {
  const primary = service.taskSets?.find((t) => t.status === 'PRIMARY');
  return {
    loadBalancers: primary?.loadBalancers?.length ? primary.loadBalancers : (service.loadBalancers ?? []),
    networkConfiguration: primary?.networkConfiguration ?? service.networkConfiguration,
    platformVersion: primary?.platformVersion ?? service.platformVersion,
    capacityProviderStrategy: primary?.capacityProviderStrategy?.length
      ? primary.capacityProviderStrategy
      : service.capacityProviderStrategy,
  };
}

/**
 * Builds the ECS AppSpec for a service: container name and port from its load balancer entry, platform version,
 * network configuration and capacity providers from what it runs now, and the given hooks (Lambda names/ARNs).
 */
export function generateAppSpec(service: Service, taskDefinitionArn: string, hooks: Map<string, string>): AppSpec {
  const settings = primarySettings(service);
  const lb = settings.loadBalancers.find((l) => l.containerName && l.containerPort);
  if (!lb) {
    throw new ConfigurationError(
      `service ${service.serviceName} has no load balancer entry with a container name and port: CodeDeploy blue/green needs one`,
    );
  }
  const properties: Record<string, unknown> = {
    TaskDefinition: taskDefinitionArn,
    LoadBalancerInfo: { ContainerName: lb.containerName, ContainerPort: lb.containerPort },
  };
  if (settings.platformVersion) properties.PlatformVersion = settings.platformVersion;
  const vpc = settings.networkConfiguration?.awsvpcConfiguration;
  if (vpc) {
    properties.NetworkConfiguration = {
      AwsvpcConfiguration: {
        Subnets: vpc.subnets ?? [],
        SecurityGroups: vpc.securityGroups ?? [],
        AssignPublicIp: vpc.assignPublicIp ?? 'DISABLED',
      },
    };
  }
  if (settings.capacityProviderStrategy?.length) {
    properties.CapacityProviderStrategy = settings.capacityProviderStrategy.map((c) => ({
      Base: c.base ?? 0,
      CapacityProvider: c.capacityProvider,
      Weight: c.weight ?? 0,
    }));
  }
  const appSpec: AppSpec = {
    version: 0.0,
    Resources: [{ TargetService: { Type: 'AWS::ECS::Service', Properties: properties } }],
  };
  if (hooks.size > 0) appSpec.Hooks = [...hooks].map(([hook, fn]) => ({ [hook]: fn }));
  return appSpec;
}

/** Reads a given AppSpec file and points its ECS service resource at the new task definition. */
export function loadAppSpec(
  path: string,
  taskDefinitionArn: string,
  workspace = process.env.GITHUB_WORKSPACE ?? process.cwd(),
): AppSpec {
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(resolve(workspace, path), 'utf8'), { prettyErrors: false });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigurationError(`input 'codedeploy-appspec': cannot read ${JSON.stringify(path)}: ${reason}`);
  }
  const appSpec = parsed as AppSpec;
  const properties = serviceProperties(appSpec);
  if (!properties) {
    throw new ConfigurationError(
      `input 'codedeploy-appspec': ${path} has no AWS::ECS::Service resource with Properties`,
    );
  }
  properties.TaskDefinition = taskDefinitionArn;
  return appSpec;
}

function serviceProperties(appSpec: AppSpec | undefined): Record<string, unknown> | undefined {
  const resource = Array.isArray(appSpec?.Resources)
    ? appSpec.Resources.flatMap((r) => Object.values(r)).find(
        (r) => (r as { Type?: string }).Type === 'AWS::ECS::Service',
      )
    : undefined;
  return (resource as { Properties?: Record<string, unknown> } | undefined)?.Properties;
}

/** A copy of an AppSpec from generateAppSpec or loadAppSpec, pointed at another task definition. */
export function withTaskDefinition(appSpec: AppSpec, taskDefinitionArn: string): AppSpec {
  const copy = structuredClone(appSpec);
  serviceProperties(copy)!.TaskDefinition = taskDefinitionArn;
  return copy;
}

export function appSpecRevision(appSpec: AppSpec) {
  const content = JSON.stringify(appSpec);
  return {
    revisionType: 'AppSpecContent' as const,
    appSpecContent: { content, sha256: createHash('sha256').update(content).digest('hex') },
  };
}
