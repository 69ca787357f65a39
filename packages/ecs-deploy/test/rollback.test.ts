import { jest } from '@jest/globals';
import {
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  ListDeploymentsCommand,
  StopDeploymentCommand,
} from '@aws-sdk/client-codedeploy';
import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { rollbackInFlight, rollbackService, type InFlight } from '@credex/ecs-deploy';
import {
  captureLog,
  CLUSTER,
  clients,
  environment,
  mockReads,
  mocks,
  REGION,
  resetMocks,
  service,
  SERVICE,
  settle,
  tdArn,
  writeCalls,
} from './support';

const ref = { cluster: CLUSTER, service: SERVICE };
const rollbackConfig = { ref, region: REGION, codedeploy: {}, timeoutMs: 20 * 60_000, description: 'test rollback' };
const SD =
  'arn:aws:ecs:af-south-1:123456789012:service-deployment/credex-cluster-staging/credex-core-service-staging/new';

describe('rollback action logic', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-11-28T10:00:00Z') });
    resetMocks();
    mockReads();
  });
  afterEach(() => jest.useRealTimers());

  it('CodeDeploy: stops the deployment in flight with autoRollbackEnabled and waits until it is stopped', async () => {
    mocks.ecs.on(DescribeServicesCommand).resolves({ services: [service('codedeploy')] });
    mocks.codedeploy.on(ListDeploymentsCommand).resolves({ deployments: ['d-BAD'] });
    let stopped = false;
    mocks.codedeploy.on(StopDeploymentCommand).callsFake(() => ((stopped = true), {}));
    let reads = 0;
    mocks.codedeploy.on(GetDeploymentCommand).callsFake(() => ({
      deploymentInfo: { status: stopped && ++reads > 1 ? 'Stopped' : 'InProgress' },
    }));
    const result = await settle(rollbackService(clients(), rollbackConfig, environment(captureLog())));

    expect(result.status).toBe('rolled-back');
    expect(result.deploymentId).toBe('d-BAD');
    expect(mocks.codedeploy.commandCalls(StopDeploymentCommand)[0]!.args[0].input).toEqual({
      deploymentId: 'd-BAD',
      autoRollbackEnabled: true,
    });
    expect(writeCalls()).toEqual(['StopDeployment']);
  });

  it('native: stops the service deployment in flight with ROLLBACK and follows it to ROLLBACK_SUCCESSFUL', async () => {
    mocks.ecs.on(DescribeServicesCommand).resolves({
      services: [
        service('native', {
          currentServiceDeployment: SD,
          deployments: [
            { id: 'ecs-svc/new', status: 'PRIMARY', taskDefinition: tdArn(42), rolloutState: 'IN_PROGRESS' },
          ],
        }),
      ],
    });
    let stopped = false;
    mocks.ecs.on(StopServiceDeploymentCommand).callsFake(() => ((stopped = true), {}));
    mocks.ecs.on(DescribeServiceDeploymentsCommand).callsFake(() => ({
      serviceDeployments: [{ serviceDeploymentArn: SD, status: stopped ? 'ROLLBACK_SUCCESSFUL' : 'IN_PROGRESS' }],
    }));
    const result = await settle(rollbackService(clients(), rollbackConfig, environment(captureLog())));

    expect(result.status).toBe('rolled-back');
    expect(mocks.ecs.commandCalls(StopServiceDeploymentCommand)[0]!.args[0].input).toEqual({
      serviceDeploymentArn: SD,
      stopType: 'ROLLBACK',
    });
  });

  it('rolling with a deployment in flight: goes back to the revision it is replacing', async () => {
    const inFlight = service('rolling', {
      taskDefinition: tdArn(42),
      deployments: [
        { id: 'ecs-svc/42', status: 'PRIMARY', taskDefinition: tdArn(42), rolloutState: 'IN_PROGRESS' },
        { id: 'ecs-svc/40', status: 'ACTIVE', taskDefinition: tdArn(40), rolloutState: 'COMPLETED' },
      ],
    });
    let updated: string | undefined;
    mocks.ecs.on(DescribeServicesCommand).callsFake(() => ({
      services: [
        updated
          ? service('rolling', {
              deployments: [
                { id: 'ecs-svc/back', status: 'PRIMARY', taskDefinition: updated, rolloutState: 'COMPLETED' },
              ],
            })
          : inFlight,
      ],
    }));
    mocks.ecs.on(UpdateServiceCommand).callsFake((input: { taskDefinition: string }) => {
      updated = input.taskDefinition;
      return {
        service: service('rolling', {
          deployments: [{ id: 'ecs-svc/back', status: 'PRIMARY', taskDefinition: updated }],
        }),
      };
    });
    const result = await settle(rollbackService(clients(), rollbackConfig, environment(captureLog())));

    expect(updated).toBe(tdArn(40));
    expect(result.status).toBe('rolled-back');
    expect(result.rolledBackTo).toBe(tdArn(40));
    expect(writeCalls()).toEqual(['UpdateService']);
  });

  it('uses the service deployment history when ECS has it', async () => {
    let updated: string | undefined;
    mocks.ecs.on(DescribeServicesCommand).callsFake(() => ({
      services: [
        service('rolling', {
          deployments: [
            {
              id: updated ? 'ecs-svc/back' : 'ecs-svc/41',
              status: 'PRIMARY',
              taskDefinition: updated ?? tdArn(41),
              rolloutState: 'COMPLETED',
            },
          ],
        }),
      ],
    }));
    mocks.ecs.on(UpdateServiceCommand).callsFake((input: { taskDefinition: string }) => {
      updated = input.taskDefinition;
      return {
        service: service('rolling', {
          deployments: [{ id: 'ecs-svc/back', status: 'PRIMARY', taskDefinition: updated }],
        }),
      };
    });
    mocks.ecs.on(ListServiceDeploymentsCommand).resolves({
      serviceDeployments: [
        { targetServiceRevisionArn: 'rev-37', createdAt: new Date('2026-11-01T00:00:00Z'), status: 'SUCCESSFUL' },
        { targetServiceRevisionArn: 'rev-41', createdAt: new Date('2026-11-27T00:00:00Z'), status: 'SUCCESSFUL' },
      ],
    });
    mocks.ecs.on(DescribeServiceRevisionsCommand).resolves({
      serviceRevisions: [
        { serviceRevisionArn: 'rev-41', taskDefinition: tdArn(41) },
        { serviceRevisionArn: 'rev-37', taskDefinition: tdArn(37) },
      ],
    });
    const result = await settle(rollbackService(clients(), rollbackConfig, environment(captureLog())));
    expect(updated).toBe(tdArn(37));
    expect(result.rolledBackTo).toBe(tdArn(37));
  });
});

describe('rollbackInFlight (the post step)', () => {
  beforeEach(() => resetMocks());

  const inflight = (strategy: InFlight['strategy'], deploymentId: string): InFlight => ({
    strategy,
    deploymentId,
    cluster: CLUSTER,
    service: SERVICE,
    taskDefinitionArn: tdArn(42),
    previousTaskDefinitionArn: tdArn(41),
    application: 'AppECS-x',
    deploymentGroup: 'DgpECS-x',
    startedAtMs: Date.now(),
    targetGroupArns: [],
    circuitBreakerRollback: false,
  });

  it('rolls back a native deployment still in progress', async () => {
    mocks.ecs
      .on(DescribeServiceDeploymentsCommand)
      .resolves({ serviceDeployments: [{ status: 'IN_PROGRESS', lifecycleStage: 'SCALE_UP' }] });
    mocks.ecs.on(StopServiceDeploymentCommand).resolves({});
    const outcome = await rollbackInFlight(clients(), inflight('ecs-blue-green', SD));
    expect(outcome).toMatch(/^rollback of deployment .* requested \(ecs-blue-green\); it was in-progress/);
    expect(mocks.ecs.commandCalls(StopServiceDeploymentCommand)).toHaveLength(1);
  });

  it('leaves a CodeDeploy deployment that already succeeded alone and says how to undo it', async () => {
    mocks.codedeploy.on(GetDeploymentCommand).resolves({ deploymentInfo: { status: 'Succeeded' } });
    mocks.codedeploy.on(GetDeploymentGroupCommand).resolves({});
    const outcome = await rollbackInFlight(clients(), inflight('codedeploy', 'd-DONE'));
    expect(outcome).toContain('already succeeded; use the rollback action');
    expect(writeCalls()).toEqual([]);
  });
});
