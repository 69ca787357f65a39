import type { DeploymentGroupInfo } from '@aws-sdk/client-codedeploy';
import { DescribeImagesCommand } from '@aws-sdk/client-ecr';
import { DescribeClustersCommand, type RegisterTaskDefinitionRequest, type Service } from '@aws-sdk/client-ecs';
import { DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { describeAwsError, isNotFoundError } from '@credex/aws';
import type { DeployClients } from './clients';
import type { ServiceRef } from './service';

export interface PreflightCheck {
  name: string;
  ok: boolean;
  detail: string;
}

async function check(name: string, fn: () => Promise<string>): Promise<PreflightCheck> {
  try {
    return { name, ok: true, detail: await fn() };
  } catch (error) {
    const detail = error instanceof PreflightProblem ? error.message : describeAwsError(error);
    return { name, ok: false, detail };
  }
}

class PreflightProblem extends Error {}
const problem = (message: string): never => {
  throw new PreflightProblem(message);
};

export function serviceLoadBalancers(service: Service) {
  const primary = service.taskSets?.find((t) => t.status === 'PRIMARY');
  return primary?.loadBalancers?.length ? primary.loadBalancers : (service.loadBalancers ?? []);
}

/** Target groups the service sends traffic through, including ECS-native alternates. */
export function serviceTargetGroups(service: Service): string[] {
  const arns = serviceLoadBalancers(service).flatMap((lb) => [
    lb.targetGroupArn,
    lb.advancedConfiguration?.alternateTargetGroupArn,
  ]);
  return [...new Set(arns.filter((a): a is string => Boolean(a)))];
}

const ECR_IMAGE =
  /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)(?::([^@]+))?(?:@(sha256:[a-f0-9]{64}))?$/;

export interface PreflightContext {
  ref: ServiceRef;
  service: Service;
  rendered: RegisterTaskDefinitionRequest;
  region: string;
  codedeploy?: { application: string; deploymentGroup: string; info?: DeploymentGroupInfo; error?: string };
}

/**
 * What must hold before a deploy starts: cluster and service exist, the deployment group points at this service,
 * the load balancer's container and port are in the task definition and the target group exists, the roles exist,
 * and ECR images are in ECR. Each check reports; none changes anything.
 */
export async function runPreflight(clients: DeployClients, context: PreflightContext): Promise<PreflightCheck[]> {
  const { ref, service, rendered } = context;
  const checks: Promise<PreflightCheck>[] = [];
  checks.push(
    check('cluster', async () => {
      const result = await clients.ecs.send(new DescribeClustersCommand({ clusters: [ref.cluster] }));
      const cluster = result.clusters?.[0];
      if (!cluster || cluster.status !== 'ACTIVE')
        problem(`cluster ${ref.cluster} is not ACTIVE (${cluster?.status ?? 'missing'})`);
      return `${ref.cluster} ACTIVE`;
    }),
    check('service', () =>
      Promise.resolve(
        `${service.serviceName} ${service.status} (${service.deploymentController?.type ?? 'ECS'} controller)`,
      ),
    ),
  );

  const cd = context.codedeploy;
  if (cd) {
    checks.push(
      check('deployment group', () => {
        const label = `${cd.application}/${cd.deploymentGroup}`;
        if (!cd.info) problem(`${label} not found${cd.error ? ` (${cd.error})` : ''}`);
        const services = cd.info?.ecsServices ?? [];
        const clusterName = ref.cluster.split('/').pop();
        const serviceName = ref.service.split('/').pop();
        if (!services.some((s) => s.clusterName === clusterName && s.serviceName === serviceName)) {
          const listed = services.map((s) => `${s.clusterName}/${s.serviceName}`).join(', ') || 'none';
          problem(`${label} deploys ${listed}, not ${clusterName}/${serviceName}`);
        }
        return Promise.resolve(`${label} -> ${clusterName}/${serviceName}`);
      }),
    );
  }

  for (const lb of serviceLoadBalancers(service)) {
    checks.push(
      check(`container ${lb.containerName ?? '?'}:${lb.containerPort ?? '?'}`, async () => {
        const container = rendered.containerDefinitions?.find((c) => c.name === lb.containerName);
        if (!container) {
          const names = (rendered.containerDefinitions ?? []).map((c) => c.name).join(', ');
          problem(
            `the load balancer sends traffic to container ${lb.containerName}, which the task definition lacks (${names})`,
          );
        }
        if (!container?.portMappings?.some((p) => p.containerPort === lb.containerPort)) {
          problem(`container ${lb.containerName} does not map port ${lb.containerPort} that the load balancer uses`);
        }
        if (!lb.targetGroupArn) return 'no target group (classic load balancer)';
        const groups = await clients.elbv2.send(
          new DescribeTargetGroupsCommand({ TargetGroupArns: [lb.targetGroupArn] }),
        );
        const group = groups.TargetGroups?.[0];
        if (!group) problem(`target group ${lb.targetGroupArn} not found`);
        return `${lb.containerName}:${lb.containerPort} -> ${group?.TargetGroupName ?? lb.targetGroupArn} (health check ${group?.HealthCheckPath ?? '?'})`;
      }),
    );
  }

  for (const [field, arn] of [
    ['task role', rendered.taskRoleArn],
    ['execution role', rendered.executionRoleArn],
  ] as const) {
    if (!arn) continue;
    checks.push(
      check(field, async () => {
        const roleName = arn.split('/').pop() ?? arn;
        await clients.iam.send(new GetRoleCommand({ RoleName: roleName })).catch((error: unknown) => {
          problem(isNotFoundError(error) ? `role ${roleName} does not exist` : describeAwsError(error));
        });
        return `${roleName} exists`;
      }),
    );
  }

  for (const container of rendered.containerDefinitions ?? []) {
    const match = container.image ? ECR_IMAGE.exec(container.image) : null;
    if (!match) continue;
    const [, registryId, region, repositoryName, tag, digest] = match;
    checks.push(
      check(`image ${container.name}`, async () => {
        if (region !== context.region) return `${container.image} is in ${region}; not checked from ${context.region}`;
        const imageId = digest ? { imageDigest: digest } : { imageTag: tag ?? 'latest' };
        await clients.ecr
          .send(new DescribeImagesCommand({ registryId, repositoryName, imageIds: [imageId] }))
          .catch((error: unknown) =>
            problem(`${repositoryName}:${digest ?? tag ?? 'latest'} is not in ECR (${describeAwsError(error)})`),
          );
        return `${repositoryName}:${digest ?? tag ?? 'latest'} found in ECR`;
      }),
    );
  }
  return Promise.all(checks);
}
