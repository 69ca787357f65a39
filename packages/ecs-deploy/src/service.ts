import { DescribeServicesCommand, type Service } from '@aws-sdk/client-ecs';
import { ConfigurationError } from '@credex/action-kit';
import type { DeployClients } from './clients';

export type Strategy = 'codedeploy' | 'ecs-blue-green' | 'ecs-linear' | 'ecs-canary' | 'rolling';

export interface ServiceRef {
  cluster: string;
  service: string;
}

export async function describeService(clients: Pick<DeployClients, 'ecs'>, ref: ServiceRef): Promise<Service> {
  const result = await clients.ecs.send(new DescribeServicesCommand({ cluster: ref.cluster, services: [ref.service] }));
  const service = result.services?.[0];
  const failure = result.failures?.[0];
  if (!service || service.status === 'INACTIVE') {
    const reason = failure?.reason === 'MISSING' || !failure ? 'not found' : failure.reason;
    throw new ConfigurationError(`service ${ref.service} ${reason} in cluster ${ref.cluster}`);
  }
  return service;
}

/** The strategy follows the service's deployment controller (and, for ECS, its deployment strategy). */
export function detectStrategy(service: Service): Strategy {
  const controller = service.deploymentController?.type ?? 'ECS';
  if (controller === 'CODE_DEPLOY') return 'codedeploy';
  if (controller === 'EXTERNAL') {
    throw new ConfigurationError(
      `service ${service.serviceName} uses the EXTERNAL deployment controller, which this action cannot drive`,
    );
  }
  switch (service.deploymentConfiguration?.strategy) {
    case 'BLUE_GREEN':
      return 'ecs-blue-green';
    case 'LINEAR':
      return 'ecs-linear';
    case 'CANARY':
      return 'ecs-canary';
    default:
      return 'rolling';
  }
}

export function isNativeStrategy(strategy: Strategy): boolean {
  return strategy === 'ecs-blue-green' || strategy === 'ecs-linear' || strategy === 'ecs-canary';
}

/** ECS-controller deployments that are still rolling out (more than the finished PRIMARY). */
export function inFlightEcsDeployments(service: Service) {
  return (service.deployments ?? []).filter((d) => d.rolloutState === 'IN_PROGRESS');
}
