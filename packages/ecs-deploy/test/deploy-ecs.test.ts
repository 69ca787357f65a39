import { jest } from '@jest/globals';
import {
  ContinueServiceDeploymentCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type Deployment,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { deployService } from '@credex/ecs-deploy';
import {
  captureLog,
  clients,
  config,
  environment,
  mockReads,
  mocks,
  resetMocks,
  service,
  settle,
  tdArn,
  writeCalls,
} from './support';

const SD_ARN =
  'arn:aws:ecs:af-south-1:123456789012:service-deployment/credex-cluster-staging/credex-core-service-staging/abc';

describe('ECS-native blue/green', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-11-28T10:00:00Z') });
    resetMocks();
    mockReads();
    mocks.ecs.on(DescribeServicesCommand).resolves({ services: [service('native')] });
    mocks.ecs.on(UpdateServiceCommand).resolves({ service: service('native', { currentServiceDeployment: SD_ARN }) });
  });
  afterEach(() => jest.useRealTimers());

  const hook = { hookId: 'hook-test-traffic', targetType: 'PAUSE' as const, status: 'AWAITING_ACTION' as const };
  const revision = (prod: number, test: number) => ({
    arn: 'rev-new',
    requestedTaskCount: 2,
    runningTaskCount: 2,
    requestedProductionTrafficWeight: prod,
    requestedTestTrafficWeight: test,
  });

  function sequence(states: ServiceDeployment[], afterContinue: ServiceDeployment[], afterStop: ServiceDeployment[]) {
    let phase: 'before' | 'continued' | 'stopped' = 'before';
    const index = { before: 0, continued: 0, stopped: 0 };
    const lists = { before: states, continued: afterContinue, stopped: afterStop };
    mocks.ecs.on(ContinueServiceDeploymentCommand).callsFake(() => {
      phase = 'continued';
      return { serviceDeploymentArn: SD_ARN };
    });
    mocks.ecs.on(StopServiceDeploymentCommand).callsFake(() => {
      phase = 'stopped';
      return { serviceDeploymentArn: SD_ARN };
    });
    mocks.ecs.on(DescribeServiceDeploymentsCommand).callsFake(() => {
      const list = lists[phase];
      const sd = list[Math.min(index[phase]++, list.length - 1)]!;
      return { serviceDeployments: [{ serviceDeploymentArn: SD_ARN, ...sd }] };
    });
  }

  it('pauses at the TEST_TRAFFIC_SHIFT hook, runs verify checks, continues and follows to SUCCESSFUL', async () => {
    sequence(
      [
        { status: 'IN_PROGRESS', lifecycleStage: 'SCALE_UP', targetServiceRevision: revision(0, 0) },
        {
          status: 'IN_PROGRESS',
          lifecycleStage: 'TEST_TRAFFIC_SHIFT',
          targetServiceRevision: revision(0, 100),
          lifecycleHookDetails: [hook],
        },
      ],
      [
        {
          status: 'IN_PROGRESS',
          lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT',
          targetServiceRevision: revision(100, 100),
        },
        { status: 'IN_PROGRESS', lifecycleStage: 'BAKE_TIME', targetServiceRevision: revision(100, 100) },
        { status: 'SUCCESSFUL', lifecycleStage: 'CLEAN_UP', targetServiceRevision: revision(100, 100) },
      ],
      [],
    );
    const verify = jest.fn(async () => ({ passed: true, summary: 'passed: 2 passed, 0 failed of 2 checks' }));
    const log = captureLog();
    const result = await settle(deployService(clients(), config({ verify }), environment(log)));

    expect(result.status).toBe('succeeded');
    expect(result.strategy).toBe('ecs-blue-green');
    expect(result.deploymentId).toBe(SD_ARN);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(mocks.ecs.commandCalls(ContinueServiceDeploymentCommand)[0]!.args[0].input).toEqual({
      serviceDeploymentArn: SD_ARN,
      hookId: 'hook-test-traffic',
      action: 'CONTINUE',
    });
    const update = mocks.ecs.commandCalls(UpdateServiceCommand)[0]!.args[0].input;
    expect(update.taskDefinition).toBe(tdArn(42));
    expect(log.lines.join('\n')).toContain(
      'IN_PROGRESS · TEST_TRAFFIC_SHIFT · new revision running 2/2 · production traffic 0% · test traffic 100% · hook hook-test-traffic AWAITING_ACTION',
    );
    expect(mocks.ecs.commandCalls(StopServiceDeploymentCommand)).toHaveLength(0);
  });

  it('rolls back with StopServiceDeployment ROLLBACK when verify checks fail', async () => {
    sequence(
      [
        {
          status: 'IN_PROGRESS',
          lifecycleStage: 'TEST_TRAFFIC_SHIFT',
          targetServiceRevision: revision(0, 100),
          lifecycleHookDetails: [hook],
        },
      ],
      [],
      [
        {
          status: 'ROLLBACK_IN_PROGRESS',
          lifecycleStage: 'RECONCILE_SERVICE',
          rollback: { reason: 'stopped by user' },
        },
        { status: 'ROLLBACK_SUCCESSFUL', rollback: { reason: 'stopped by user' } },
      ],
    );
    const verify = async () => ({ passed: false, summary: 'FAILED: 0 passed, 1 failed of 1 checks' });
    const result = await settle(deployService(clients(), config({ verify }), environment(captureLog())));

    expect(result.status).toBe('rolled-back');
    expect(result.rolledBack).toBe(true);
    expect(mocks.ecs.commandCalls(StopServiceDeploymentCommand)[0]!.args[0].input).toEqual({
      serviceDeploymentArn: SD_ARN,
      stopType: 'ROLLBACK',
    });
    expect(mocks.ecs.commandCalls(ContinueServiceDeploymentCommand)).toHaveLength(0);
    expect(result.reasons).toEqual(
      expect.arrayContaining([
        'rollback reason: verify checks failed on test traffic: FAILED: 0 passed, 1 failed of 1 checks',
      ]),
    );
  });

  it('leaves a PAUSE hook outside test traffic to whoever set it up', async () => {
    sequence(
      [
        {
          status: 'IN_PROGRESS',
          lifecycleStage: 'PRE_SCALE_UP',
          lifecycleHookDetails: [{ hookId: 'approval', targetType: 'PAUSE', status: 'AWAITING_ACTION' }],
        },
        {
          status: 'IN_PROGRESS',
          lifecycleStage: 'PRE_SCALE_UP',
          lifecycleHookDetails: [{ ...hook, hookId: 'approval' }],
        },
        { status: 'SUCCESSFUL', lifecycleStage: 'CLEAN_UP' },
      ],
      [],
      [],
    );
    const verify = jest.fn(async () => ({ passed: true, summary: 'passed' }));
    const result = await settle(deployService(clients(), config({ verify }), environment(captureLog())));
    expect(result.status).toBe('succeeded');
    expect(verify).not.toHaveBeenCalled();
    expect(mocks.ecs.commandCalls(ContinueServiceDeploymentCommand)).toHaveLength(0);
  });

  it('reports ECS rolling itself back (alarms, circuit breaker)', async () => {
    sequence(
      [
        { status: 'IN_PROGRESS', lifecycleStage: 'SCALE_UP' },
        {
          status: 'ROLLBACK_SUCCESSFUL',
          statusReason: 'Service deployment rolled back because the circuit breaker threshold was exceeded.',
          deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 3, threshold: 3 },
          alarms: { triggeredAlarmNames: ['credex-core-staging-5xx'] },
        },
      ],
      [],
      [],
    );
    const result = await settle(deployService(clients(), config(), environment(captureLog())));
    expect(result.status).toBe('rolled-back');
    const why = result.reasons.join('\n');
    expect(why).toContain('circuit breaker triggered: 3 failed tasks (threshold 3)');
    expect(why).toContain('alarms triggered: credex-core-staging-5xx');
    expect(mocks.ecs.commandCalls(StopServiceDeploymentCommand)).toHaveLength(0);
  });
});

describe('rolling update', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-11-28T10:00:00Z') });
    resetMocks();
    mockReads();
  });
  afterEach(() => jest.useRealTimers());

  function rollingService(deployments: Deployment[][], circuitBreakerRollback = true) {
    let index = 0;
    const svc = (d: Deployment[]) =>
      service('rolling', {
        deployments: d,
        deploymentConfiguration: {
          strategy: 'ROLLING',
          deploymentCircuitBreaker: { enable: true, rollback: circuitBreakerRollback },
        },
      });
    mocks.ecs.on(UpdateServiceCommand).callsFake((input: { taskDefinition: string }) => ({
      service: svc([
        {
          id: `ecs-svc/${input.taskDefinition.split(':').pop()}`,
          status: 'PRIMARY',
          taskDefinition: input.taskDefinition,
        },
      ]),
    }));
    mocks.ecs.on(DescribeServicesCommand).callsFake(() => {
      const updates = mocks.ecs.commandCalls(UpdateServiceCommand);
      if (updates.length === 0) return { services: [svc([{ ...old, status: 'PRIMARY' }])] };
      if (updates.length > 1) {
        // our rollback: a new PRIMARY deployment of the previous revision
        const back = updates[1]!.args[0].input.taskDefinition!;
        return {
          services: [
            svc([
              {
                id: `ecs-svc/${back.split(':').pop()}`,
                status: 'PRIMARY',
                taskDefinition: back,
                rolloutState: 'COMPLETED',
              },
            ]),
          ],
        };
      }
      return { services: [svc(deployments[Math.min(index++, deployments.length - 1)]!)] };
    });
  }

  const ours = (
    rolloutState: Deployment['rolloutState'],
    running: number,
    extra: Partial<Deployment> = {},
  ): Deployment => ({
    id: 'ecs-svc/42',
    status: 'PRIMARY',
    taskDefinition: tdArn(42),
    rolloutState,
    desiredCount: 2,
    runningCount: running,
    pendingCount: 2 - running,
    ...extra,
  });
  const old: Deployment = { id: 'ecs-svc/old', status: 'ACTIVE', taskDefinition: tdArn(41), rolloutState: 'COMPLETED' };

  it('follows its own deployment to COMPLETED (not merely stable) and deregisters beyond keep-revisions', async () => {
    rollingService([[ours('IN_PROGRESS', 0), old], [ours('IN_PROGRESS', 1), old], [ours('COMPLETED', 2)]]);
    mocks.ecs.on(ListTaskDefinitionsCommand).resolves({
      taskDefinitionArns: [36, 37, 38, 39, 40, 41, 42]
        .map(tdArn)
        .concat(['arn:aws:ecs:af-south-1:123456789012:task-definition/credex-core-staging-worker:9']),
    });
    mocks.ecs.on(DeregisterTaskDefinitionCommand).resolves({});
    const log = captureLog();
    const result = await settle(deployService(clients(), config({ keepRevisions: 3 }), environment(log)));

    expect(result.status).toBe('succeeded');
    expect(result.strategy).toBe('rolling');
    expect(result.deploymentId).toBe('ecs-svc/42');
    expect(mocks.ecs.commandCalls(UpdateServiceCommand)[0]!.args[0].input).toEqual({
      cluster: 'credex-cluster-staging',
      service: 'credex-core-service-staging',
      taskDefinition: tdArn(42),
      forceNewDeployment: true,
    });
    expect(log.lines).toEqual(
      expect.arrayContaining(['IN_PROGRESS · running 1/2, pending 1', 'COMPLETED · running 2/2, pending 0']),
    );
    expect(result.deregistered).toEqual([39, 38, 37, 36].map(tdArn));
    expect(mocks.ecs.commandCalls(DeregisterTaskDefinitionCommand).map((c) => c.args[0].input.taskDefinition)).toEqual(
      [39, 38, 37, 36].map(tdArn),
    );
  });

  it('treats a circuit-breaker rollback as a failure and says why tasks stopped', async () => {
    rollingService([
      [ours('IN_PROGRESS', 0, { failedTasks: 2 }), old],
      [
        ours('FAILED', 0, {
          status: 'ACTIVE',
          rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
          failedTasks: 3,
        }),
        { ...old, status: 'PRIMARY', rolloutState: 'IN_PROGRESS' },
      ],
    ]);
    mocks.ecs.on(ListTasksCommand).resolves({ taskArns: ['arn:aws:ecs:af-south-1:123456789012:task/c/t1'] });
    mocks.ecs.on(DescribeTasksCommand).resolves({
      tasks: [
        {
          taskArn: 'arn:aws:ecs:af-south-1:123456789012:task/c/t1',
          taskDefinitionArn: tdArn(42),
          stopCode: 'EssentialContainerExited',
          stoppedReason: 'Essential container in task exited',
          containers: [{ name: 'credex-core', exitCode: 137 }],
        },
      ],
    });
    mocks.elbv2.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [] });
    const result = await settle(deployService(clients(), config(), environment(captureLog())));

    expect(result.status).toBe('rolled-back');
    expect(result.reasons).toEqual(
      expect.arrayContaining([
        'circuit breaker: ECS deployment circuit breaker: tasks failed to start.',
        'stopped task t1: Essential container in task exited; credex-core exit 137',
      ]),
    );
    expect(mocks.ecs.commandCalls(UpdateServiceCommand)).toHaveLength(1);
  });

  it('rolls back by redeploying the previous task definition when unhealthy targets appear during bake time', async () => {
    rollingService([[ours('COMPLETED', 2)]]);
    let healthCalls = 0;
    mocks.elbv2.on(DescribeTargetHealthCommand).callsFake(() => {
      healthCalls++;
      return {
        TargetHealthDescriptions: [
          {
            Target: { Id: '10.0.0.9', Port: 3000 },
            TargetHealth: { State: healthCalls > 2 ? 'unhealthy' : 'healthy' },
          },
        ],
      };
    });
    const triggers = { alarms: [], errorRateWindowMs: 300_000, minRequests: 20, unhealthyTargets: true };
    const result = await settle(
      deployService(clients(), config({ triggers, bakeTimeMs: 5 * 60_000 }), environment(captureLog())),
    );

    const updates = mocks.ecs.commandCalls(UpdateServiceCommand).map((c) => c.args[0].input.taskDefinition);
    expect(updates).toEqual([tdArn(42), tdArn(41)]);
    expect(result.status).toBe('rolled-back');
    expect(result.reasons[0]).toBe('rollback reason: 1 unhealthy target(s) behind the service');
  });

  it('dry run: renders, diffs and runs preflight without any write', async () => {
    mocks.ecs.on(DescribeServicesCommand).resolves({ services: [service('rolling')] });
    const log = captureLog();
    const codedeploy = { application: 'AppECS-x', hooks: new Map() };
    const result = await settle(deployService(clients(), config({ dryRun: true, codedeploy }), environment(log)));
    expect(result.status).toBe('dry-run');
    expect(log.warnings).toContain(
      'the codedeploy-* inputs are ignored: credex-core-service-staging uses the ECS deployment controller (rolling)',
    );
    expect(result.changes.map((c) => `${c.scope} ${c.field}`)).toEqual(['container credex-core image']);
    expect(result.preflight.every((c) => c.ok)).toBe(true);
    expect(result.preflight.map((c) => c.name)).toEqual([
      'cluster',
      'service',
      'container credex-core:3000',
      'task role',
      'execution role',
      'image credex-core',
    ]);
    expect(writeCalls()).toEqual([]);
  });

  it('preflight failures stop a real deploy before any write', async () => {
    mocks.ecs.on(DescribeServicesCommand).resolves({ services: [service('rolling')] });
    mocks.iam.on(GetRoleCommand).rejects(Object.assign(new Error('role not found'), { name: 'NoSuchEntityException' }));
    await expect(settle(deployService(clients(), config(), environment(captureLog())))).rejects.toThrow(
      'preflight failed: task role: role credex-core-task-staging does not exist; execution role: role credex-core-execution-staging does not exist',
    );
    expect(writeCalls()).toEqual([]);
    expect(mocks.ecs.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0);
  });

  it('fails on conflict with a rolling deployment in flight, naming it', async () => {
    mocks.ecs.on(DescribeServicesCommand).resolves({
      services: [service('rolling', { deployments: [{ ...ours('IN_PROGRESS', 1), id: 'ecs-svc/running' }, old] })],
    });
    await expect(settle(deployService(clients(), config(), environment(captureLog())))).rejects.toThrow(
      /a deployment is already in flight on credex-core-service-staging: ecs-svc\/running \(IN_PROGRESS credex-core-staging:42\)/,
    );
    expect(writeCalls()).toEqual([]);
  });
});
