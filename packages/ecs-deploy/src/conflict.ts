import { ListDeploymentsCommand, StopDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { StopServiceDeploymentCommand, type Service } from '@aws-sdk/client-ecs';
import type { DeployClients } from './clients';
import { inFlightEcsDeployments, isNativeStrategy, type Strategy } from './service';

export type ConflictMode = 'wait' | 'stop' | 'fail';

export interface InFlightDeployment {
  id: string;
  status: string;
}

const CODEDEPLOY_ACTIVE = ['Created', 'Queued', 'InProgress', 'Ready', 'Baking'] as const;

/** Deployments already running on the service, as its controller sees them. */
export async function findInFlight(
  clients: Pick<DeployClients, 'codedeploy'>,
  service: Service,
  strategy: Strategy,
  codedeploy?: { application: string; deploymentGroup: string },
): Promise<InFlightDeployment[]> {
  if (strategy === 'codedeploy' && codedeploy) {
    const listed = await clients.codedeploy.send(
      new ListDeploymentsCommand({
        applicationName: codedeploy.application,
        deploymentGroupName: codedeploy.deploymentGroup,
        includeOnlyStatuses: [...CODEDEPLOY_ACTIVE],
      }),
    );
    return (listed.deployments ?? []).map((id) => ({ id, status: 'in progress' }));
  }
  return inFlightEcsDeployments(service).map((d) => ({
    id:
      isNativeStrategy(strategy) && service.currentServiceDeployment ? service.currentServiceDeployment : (d.id ?? '?'),
    status: `${d.rolloutState ?? ''} ${d.taskDefinition?.split('/').pop() ?? ''}`.trim(),
  }));
}

/**
 * Stops in-flight deployments with rollback. A rolling deployment needs no stop: the next UpdateService replaces it.
 */
export async function stopInFlight(
  clients: Pick<DeployClients, 'codedeploy' | 'ecs'>,
  strategy: Strategy,
  deployments: InFlightDeployment[],
): Promise<void> {
  for (const d of deployments) {
    if (strategy === 'codedeploy') {
      await clients.codedeploy.send(new StopDeploymentCommand({ deploymentId: d.id, autoRollbackEnabled: true }));
    } else if (isNativeStrategy(strategy) && d.id.startsWith('arn:')) {
      await clients.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: d.id, stopType: 'ROLLBACK' }));
    }
  }
}
