import { jest } from '@jest/globals';
import { DescribeAlarmsCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  ContinueDeploymentCommand,
  CreateDeploymentCommand,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  GetDeploymentTargetCommand,
  ListDeploymentTargetsCommand,
  ListDeploymentsCommand,
  StopDeploymentCommand,
  type DeploymentInfo,
  type LifecycleEvent,
} from '@aws-sdk/client-codedeploy';
import { DescribeServicesCommand, DescribeTasksCommand, ListTasksCommand } from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ConfigurationError } from '@credex/action-kit';
import { deployService, parseBlackoutWindows } from '@credex/ecs-deploy';
import {
  captureLog,
  CLUSTER,
  clients,
  config,
  environment,
  mockReads,
  mocks,
  resetMocks,
  service,
  SERVICE,
  settle,
  tdArn,
  writeCalls,
} from './support';

const DEPLOYMENT = 'd-CREDEX01';
const ready = { actionOnTimeout: 'STOP_DEPLOYMENT' as const, waitTimeInMinutes: 10 };

function events(...statuses: [string, string][]): LifecycleEvent[] {
  return statuses.map(([lifecycleEventName, status]) => ({
    lifecycleEventName,
    status: status as LifecycleEvent['status'],
  }));
}

function mockCodeDeploy(states: { info: DeploymentInfo; events?: LifecycleEvent[] }[]): void {
  mockReads();
  mocks.ecs.on(DescribeServicesCommand).resolves({ services: [service('codedeploy')] });
  mocks.codedeploy.on(GetDeploymentGroupCommand).resolves({
    deploymentGroupInfo: {
      applicationName: `AppECS-${CLUSTER}-${SERVICE}`,
      deploymentGroupName: `DgpECS-${CLUSTER}-${SERVICE}`,
      ecsServices: [{ clusterName: CLUSTER, serviceName: SERVICE }],
      loadBalancerInfo: {
        targetGroupPairInfoList: [
          { targetGroups: [{ name: 'credex-tg-staging' }, { name: 'credex-tg-staging-green' }] },
        ],
      },
      blueGreenDeploymentConfiguration: {
        deploymentReadyOption: ready,
        terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: 5 },
      },
    },
  });
  mocks.codedeploy.on(ListDeploymentsCommand).resolves({ deployments: [] });
  mocks.codedeploy.on(CreateDeploymentCommand).resolves({ deploymentId: DEPLOYMENT });
  mocks.codedeploy.on(ListDeploymentTargetsCommand).resolves({ targetIds: [`${CLUSTER}:${SERVICE}`] });
  let index = 0;
  let current = states[0]!;
  mocks.codedeploy.on(GetDeploymentCommand).callsFake(() => {
    current = states[Math.min(index++, states.length - 1)]!;
    return { deploymentInfo: { deploymentId: DEPLOYMENT, ...current.info } };
  });
  mocks.codedeploy.on(GetDeploymentTargetCommand).callsFake(() => ({
    deploymentTarget: { deploymentTargetType: 'ECSTarget', ecsTarget: { lifecycleEvents: current.events ?? [] } },
  }));
}

describe('CodeDeploy blue/green', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-11-28T10:00:00Z') });
    resetMocks();
  });
  afterEach(() => jest.useRealTimers());

  it('creates a deployment with a generated AppSpec and follows it to success', async () => {
    mockCodeDeploy([
      { info: { status: 'InProgress' }, events: events(['BeforeInstall', 'Succeeded'], ['Install', 'InProgress']) },
      {
        info: { status: 'InProgress' },
        events: events(['Install', 'Succeeded'], ['AllowTraffic', 'Succeeded'], ['AfterAllowTraffic', 'Succeeded']),
      },
      { info: { status: 'Succeeded' } },
    ]);
    const log = captureLog();
    const result = await settle(deployService(clients(), config({ bakeTimeMs: 0 }), environment(log)));

    expect(result.status).toBe('succeeded');
    expect(result.deploymentId).toBe(DEPLOYMENT);
    expect(result.taskDefinitionArn).toBe(tdArn(42));
    expect(result.previousTaskDefinitionArn).toBe(tdArn(41));
    const create = mocks.codedeploy.commandCalls(CreateDeploymentCommand)[0]!.args[0].input;
    expect(create.applicationName).toBe(`AppECS-${CLUSTER}-${SERVICE}`);
    expect(create.deploymentGroupName).toBe(`DgpECS-${CLUSTER}-${SERVICE}`);
    const appSpec = JSON.parse(create.revision!.appSpecContent!.content!);
    expect(appSpec.Resources[0].TargetService.Properties).toEqual({
      TaskDefinition: tdArn(42),
      LoadBalancerInfo: { ContainerName: 'credex-core', ContainerPort: 3000 },
      PlatformVersion: '1.4.0',
      NetworkConfiguration: {
        AwsvpcConfiguration: {
          Subnets: ['subnet-a', 'subnet-b'],
          SecurityGroups: ['sg-1'],
          AssignPublicIp: 'DISABLED',
        },
      },
      CapacityProviderStrategy: [{ Base: 0, CapacityProvider: 'FARGATE', Weight: 1 }],
    });
    expect(result.timeline.map((e) => e.text)).toEqual(
      expect.arrayContaining([`registered ${tdArn(42)}`, `started codedeploy deployment ${DEPLOYMENT}`]),
    );
    expect(log.lines.join('\n')).toContain('Install Succeeded, AllowTraffic Succeeded, AfterAllowTraffic Succeeded');
    expect(mocks.codedeploy.commandCalls(StopDeploymentCommand)).toHaveLength(0);
  });

  it('returns once production traffic is on the new version when wait-for-termination is false', async () => {
    mockCodeDeploy([
      { info: { status: 'InProgress' }, events: events(['AfterAllowTraffic', 'Succeeded']) },
      { info: { status: 'InProgress' }, events: events(['AfterAllowTraffic', 'Succeeded']) },
    ]);
    const result = await settle(
      deployService(clients(), config({ waitForTermination: false }), environment(captureLog())),
    );
    expect(result.status).toBe('succeeded');
    expect(mocks.codedeploy.commandCalls(GetDeploymentCommand)).toHaveLength(1);
  });

  it('reports why a failed deployment failed: errorInformation, lifecycle diagnostics, stopped tasks, events, targets', async () => {
    mockCodeDeploy([
      { info: { status: 'InProgress' } },
      {
        info: {
          status: 'Failed',
          errorInformation: {
            code: 'HEALTH_CONSTRAINTS',
            message: 'The deployment failed because too many tasks failed',
          },
        },
        events: [
          {
            lifecycleEventName: 'AfterAllowTestTraffic',
            status: 'Failed',
            diagnostics: { errorCode: 'ScriptFailed', message: 'hook returned Failed', logTail: 'GET /health -> 503' },
          },
        ],
      },
    ]);
    mocks.ecs.on(DescribeServicesCommand).resolves({
      services: [
        service('codedeploy', {
          events: [
            {
              createdAt: new Date('2026-11-28T10:00:30Z'),
              message: '(service credex-core-service-staging) has started 2 tasks',
            },
          ],
        }),
      ],
    });
    mocks.ecs.on(ListTasksCommand).resolves({ taskArns: ['arn:aws:ecs:af-south-1:123456789012:task/credex/abc'] });
    mocks.ecs.on(DescribeTasksCommand).resolves({
      tasks: [
        {
          taskArn: 'arn:aws:ecs:af-south-1:123456789012:task/credex/abc',
          taskDefinitionArn: tdArn(42),
          stoppedReason: 'Essential container in task exited',
          containers: [{ name: 'credex-core', exitCode: 1, reason: 'Error: NEO_4J_LEDGER_SPACE_BOLT_URL missing' }],
        },
      ],
    });
    mocks.elbv2.on(DescribeTargetHealthCommand).resolves({
      TargetHealthDescriptions: [
        {
          Target: { Id: '10.0.1.5', Port: 3000 },
          TargetHealth: {
            State: 'unhealthy',
            Reason: 'Target.ResponseCodeMismatch',
            Description: 'Health checks failed with these codes: [503]',
          },
        },
      ],
    });
    const result = await settle(deployService(clients(), config(), environment(captureLog())));

    expect(result.status).toBe('failed');
    const why = result.reasons.join('\n');
    expect(why).toContain('CodeDeploy error HEALTH_CONSTRAINTS: The deployment failed because too many tasks failed');
    expect(why).toContain(
      'lifecycle event AfterAllowTestTraffic failed: ScriptFailed hook returned Failed · log: GET /health -> 503',
    );
    expect(why).toContain(
      'stopped task abc: Essential container in task exited; credex-core exit 1 (Error: NEO_4J_LEDGER_SPACE_BOLT_URL missing)',
    );
    expect(why).toContain('has started 2 tasks');
    expect(why).toContain('target 10.0.1.5:3000 in credex-tg-staging unhealthy: Target.ResponseCodeMismatch');
    expect(result.message).toContain('CodeDeploy error HEALTH_CONSTRAINTS');
  });

  function stopTurnsInto(
    status: DeploymentInfo['status'],
    before: { info: DeploymentInfo; events?: LifecycleEvent[] },
  ) {
    let stopped = false;
    mocks.codedeploy.on(StopDeploymentCommand).callsFake(() => {
      stopped = true;
      return { status: 'Pending' };
    });
    mocks.codedeploy.on(GetDeploymentCommand).callsFake(() => ({
      deploymentInfo: { deploymentId: DEPLOYMENT, ...(stopped ? { status } : before.info) },
    }));
    mocks.codedeploy.on(GetDeploymentTargetCommand).resolves({
      deploymentTarget: { ecsTarget: { lifecycleEvents: stopped ? [] : (before.events ?? []) } },
    });
  }

  it('times out (ready and termination waits counted), rolls back with StopDeployment autoRollbackEnabled', async () => {
    mockCodeDeploy([{ info: { status: 'InProgress' } }]);
    stopTurnsInto('Stopped', { info: { status: 'InProgress' }, events: events(['Install', 'InProgress']) });
    const result = await settle(
      deployService(clients(), config({ timeoutMs: 10 * 60_000 }), environment(captureLog())),
    );

    expect(result.status).toBe('rolled-back');
    expect(result.message).toContain('(timed out)');
    const stop = mocks.codedeploy.commandCalls(StopDeploymentCommand);
    expect(stop).toHaveLength(1);
    expect(stop[0]!.args[0].input).toEqual({ deploymentId: DEPLOYMENT, autoRollbackEnabled: true });
    // 10 min timeout + 10 min ready wait (no verify checks, STOP_DEPLOYMENT) + 5 min termination wait
    const rollbackAt = result.timeline.find((e) => e.text.startsWith('rolling back'))!.atMs;
    expect(rollbackAt - Date.parse('2026-11-28T10:00:00Z')).toBeGreaterThanOrEqual(25 * 60_000);
    expect(rollbackAt - Date.parse('2026-11-28T10:00:00Z')).toBeLessThan(26 * 60_000);
  });

  it('rolls back when an alarm goes into ALARM', async () => {
    mockCodeDeploy([{ info: { status: 'InProgress' } }]);
    stopTurnsInto('Stopped', { info: { status: 'InProgress' } });
    let describeCalls = 0;
    mocks.cloudwatch.on(DescribeAlarmsCommand).callsFake(() => {
      describeCalls++;
      const state = describeCalls >= 3 ? 'ALARM' : 'OK';
      return {
        MetricAlarms: [{ AlarmName: 'credex-core-staging-5xx', StateValue: state, StateReason: 'Threshold Crossed' }],
      };
    });
    const triggers = {
      alarms: ['credex-core-staging-5xx'],
      errorRateWindowMs: 300_000,
      minRequests: 20,
      unhealthyTargets: false,
    };
    const result = await settle(deployService(clients(), config({ triggers }), environment(captureLog())));

    expect(result.status).toBe('rolled-back');
    expect(result.reasons[0]).toBe('rollback reason: alarm in ALARM: credex-core-staging-5xx (Threshold Crossed)');
    expect(mocks.codedeploy.commandCalls(StopDeploymentCommand)[0]!.args[0].input.autoRollbackEnabled).toBe(true);
    expect(mocks.cloudwatch.commandCalls(DescribeAlarmsCommand)[0]!.args[0].input.AlarmNames).toEqual([
      'credex-core-staging-5xx',
    ]);
  });

  it('rolls back when the target 5xx rate passes max-error-rate, and not on too little traffic', async () => {
    mockCodeDeploy([{ info: { status: 'InProgress' } }]);
    stopTurnsInto('Stopped', { info: { status: 'InProgress' } });
    let call = 0;
    mocks.cloudwatch.on(GetMetricDataCommand).callsFake(() => {
      call++;
      // first: 5 errors of 10 requests (under minRequests, ignored); then 30 of 200 = 15 %, over blue and green
      const [errors, requests] = call === 1 ? [5, 10] : [30, 200];
      return {
        MetricDataResults: [
          { Id: 'errors0', Values: [errors - 2] },
          { Id: 'requests0', Values: [requests - 50] },
          { Id: 'errors1', Values: [2] },
          { Id: 'requests1', Values: [50] },
        ],
      };
    });
    const triggers = {
      alarms: [],
      maxErrorRatePercent: 5,
      errorRateWindowMs: 300_000,
      minRequests: 20,
      unhealthyTargets: false,
    };
    const result = await settle(deployService(clients(), config({ triggers }), environment(captureLog())));

    expect(result.status).toBe('rolled-back');
    expect(result.reasons[0]).toBe(
      'rollback reason: target 5xx rate 15.00% (30/200 requests) is above max-error-rate 5%',
    );
    const query = mocks.cloudwatch.commandCalls(GetMetricDataCommand)[0]!.args[0].input.MetricDataQueries!;
    expect(query.map((q) => q.MetricStat!.Metric!.MetricName)).toEqual([
      'HTTPCode_Target_5XX_Count',
      'RequestCount',
      'HTTPCode_Target_5XX_Count',
      'RequestCount',
    ]);
    // both target groups of the deployment group: after the shift only green serves production
    expect(query.map((q) => q.MetricStat!.Metric!.Dimensions![0]!.Value)).toEqual([
      'targetgroup/credex-tg-staging/0123456789abcdef',
      'targetgroup/credex-tg-staging/0123456789abcdef',
      'targetgroup/credex-tg-staging-green/fedcba9876543210',
      'targetgroup/credex-tg-staging-green/fedcba9876543210',
    ]);
    expect(query[0]!.MetricStat!.Metric!.Dimensions![1]).toEqual({
      Name: 'LoadBalancer',
      Value: 'app/credex-alb-staging/1111222233334444',
    });
  });

  it('runs verify checks at Ready and continues when they pass', async () => {
    mockCodeDeploy([
      { info: { status: 'InProgress' } },
      {
        info: { status: 'Ready' },
        events: events(['AllowTestTraffic', 'Succeeded'], ['AfterAllowTestTraffic', 'Succeeded']),
      },
      { info: { status: 'InProgress' }, events: events(['AllowTraffic', 'InProgress']) },
      { info: { status: 'Succeeded' } },
    ]);
    const verify = jest.fn(async () => ({ passed: true, summary: 'passed: 3 passed, 0 failed of 3 checks' }));
    const result = await settle(deployService(clients(), config({ verify }), environment(captureLog())));

    expect(result.status).toBe('succeeded');
    expect(verify).toHaveBeenCalledTimes(1);
    expect(mocks.codedeploy.commandCalls(ContinueDeploymentCommand)[0]!.args[0].input).toEqual({
      deploymentId: DEPLOYMENT,
      deploymentWaitType: 'READY_WAIT',
    });
  });

  it('rolls back when verify checks fail on test traffic, without continuing', async () => {
    mockCodeDeploy([{ info: { status: 'Ready' } }]);
    stopTurnsInto('Stopped', { info: { status: 'Ready' } });
    const verify = async () => ({
      passed: false,
      summary: 'FAILED: 1 passed, 1 failed of 2 checks (health: expected 200, got 503)',
    });
    const result = await settle(deployService(clients(), config({ verify }), environment(captureLog())));

    expect(result.status).toBe('rolled-back');
    expect(result.reasons[0]).toContain('verify checks failed on test traffic: FAILED: 1 passed, 1 failed');
    expect(mocks.codedeploy.commandCalls(ContinueDeploymentCommand)).toHaveLength(0);
    expect(mocks.codedeploy.commandCalls(StopDeploymentCommand)).toHaveLength(1);
  });

  it('without a ready wait, runs verify checks once AfterAllowTestTraffic succeeded and rolls back on failure', async () => {
    mockCodeDeploy([{ info: { status: 'InProgress' } }]);
    stopTurnsInto('Stopped', {
      info: { status: 'InProgress' },
      events: events(
        ['Install', 'Succeeded'],
        ['AllowTestTraffic', 'Succeeded'],
        ['AfterAllowTestTraffic', 'Succeeded'],
      ),
    });
    const verify = jest.fn(async () => ({ passed: false, summary: 'FAILED: 0 passed, 1 failed of 1 checks' }));
    const result = await settle(deployService(clients(), config({ verify }), environment(captureLog())));

    expect(verify).toHaveBeenCalledTimes(1);
    expect(result.status).toBe('rolled-back');
    expect(mocks.codedeploy.commandCalls(ContinueDeploymentCommand)).toHaveLength(0);
    expect(mocks.codedeploy.commandCalls(StopDeploymentCommand)[0]!.args[0].input.autoRollbackEnabled).toBe(true);
  });

  it('on cancel, issues the rollback in under 2 s', async () => {
    mockCodeDeploy([{ info: { status: 'InProgress' } }]);
    let stopAt: number | undefined;
    mocks.codedeploy.on(StopDeploymentCommand).callsFake(() => {
      stopAt = Date.now();
      return {};
    });
    const controller = new AbortController();
    const log = captureLog();
    const running = deployService(clients(), config(), environment(log, controller.signal));
    running.catch(() => undefined);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(mocks.codedeploy.commandCalls(CreateDeploymentCommand)).toHaveLength(1);
    const cancelledAt = Date.now();
    controller.abort(new Error('cancelled by SIGINT'));
    await jest.advanceTimersByTimeAsync(0);
    const result = await running;

    expect(stopAt).toBeDefined();
    expect(stopAt! - cancelledAt).toBeLessThan(2_000);
    expect(result.status).toBe('rolled-back');
    expect(result.cancelled).toBe(true);
    expect(result.reasons[0]).toBe('rollback reason: the job was cancelled');
  });

  it('on cancel, gives up on a rollback request that gets no answer within 5 s and says so', async () => {
    mockCodeDeploy([{ info: { status: 'InProgress' } }]);
    mocks.codedeploy.on(StopDeploymentCommand).callsFake(() => new Promise(() => undefined));
    const controller = new AbortController();
    const running = deployService(clients(), config(), environment(captureLog(), controller.signal));
    running.catch(() => undefined);
    await jest.advanceTimersByTimeAsync(30_000);
    const cancelledAt = Date.now();
    controller.abort(new Error('cancelled by SIGINT'));
    await jest.advanceTimersByTimeAsync(5_000);
    const result = await running;

    expect(Date.now() - cancelledAt).toBeLessThanOrEqual(5_000);
    expect(result.status).toBe('failed');
    expect(result.rolledBack).toBe(false);
    expect(result.reasons).toContain(
      'rollback (the job was cancelled) could not be requested: Error: no answer within 5 s',
    );
  });

  it('reports a rollback that AWS refuses instead of crashing', async () => {
    mockCodeDeploy([{ info: { status: 'InProgress' } }]);
    mocks.cloudwatch.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [{ AlarmName: 'credex-core-staging-5xx', StateValue: 'ALARM', StateReason: 'Threshold Crossed' }],
    });
    mocks.codedeploy.on(StopDeploymentCommand).rejects(
      Object.assign(new Error('not authorized to perform codedeploy:StopDeployment'), {
        name: 'AccessDeniedException',
      }),
    );
    const triggers = {
      alarms: ['credex-core-staging-5xx'],
      errorRateWindowMs: 300_000,
      minRequests: 20,
      unhealthyTargets: false,
    };
    const result = await settle(deployService(clients(), config({ triggers }), environment(captureLog())));

    expect(result.status).toBe('failed');
    expect(result.rolledBack).toBe(false);
    expect(result.message).toContain(
      'failed: rollback (alarm in ALARM: credex-core-staging-5xx (Threshold Crossed)) could not be requested: AccessDeniedException: not authorized to perform codedeploy:StopDeployment',
    );
  });

  it('retries reads that AWS throttles', async () => {
    mockCodeDeploy([{ info: { status: 'Succeeded' } }]);
    const throttle = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    mocks.codedeploy
      .on(GetDeploymentCommand)
      .rejectsOnce(throttle)
      .rejectsOnce(throttle)
      .resolves({ deploymentInfo: { deploymentId: DEPLOYMENT, status: 'Succeeded' } });
    const log = captureLog();
    const result = await settle(deployService(clients(), config(), environment(log)));

    expect(result.status).toBe('succeeded');
    expect(mocks.codedeploy.commandCalls(GetDeploymentCommand)).toHaveLength(3);
    expect(
      log.warnings.filter((w) => w.includes('AWS is throttling (ThrottlingException: Rate exceeded')),
    ).toHaveLength(2);
  });

  describe('on-conflict', () => {
    it('fail: names the deployment in flight and changes nothing', async () => {
      mockCodeDeploy([{ info: { status: 'Succeeded' } }]);
      mocks.codedeploy.on(ListDeploymentsCommand).resolves({ deployments: ['d-RUNNING1'] });
      await expect(settle(deployService(clients(), config(), environment(captureLog())))).rejects.toThrow(
        new ConfigurationError(
          `a deployment is already in flight on ${SERVICE}: d-RUNNING1 (in progress); set on-conflict to wait or stop`,
        ),
      );
      expect(writeCalls()).toEqual([]);
    });

    it('stop: stops the deployment in flight with rollback, waits for it, then deploys', async () => {
      mockCodeDeploy([{ info: { status: 'Succeeded' } }]);
      mocks.codedeploy
        .on(ListDeploymentsCommand)
        .resolvesOnce({ deployments: ['d-RUNNING1'] })
        .resolvesOnce({ deployments: ['d-RUNNING1'] })
        .resolves({ deployments: [] });
      const result = await settle(deployService(clients(), config({ onConflict: 'stop' }), environment(captureLog())));
      expect(result.status).toBe('succeeded');
      expect(mocks.codedeploy.commandCalls(StopDeploymentCommand)[0]!.args[0].input).toEqual({
        deploymentId: 'd-RUNNING1',
        autoRollbackEnabled: true,
      });
      expect(writeCalls().sort()).toEqual(['CreateDeployment', 'RegisterTaskDefinition', 'StopDeployment']);
    });

    it('wait: waits for the deployment in flight without stopping it', async () => {
      mockCodeDeploy([{ info: { status: 'Succeeded' } }]);
      mocks.codedeploy
        .on(ListDeploymentsCommand)
        .resolvesOnce({ deployments: ['d-RUNNING1'] })
        .resolvesOnce({ deployments: ['d-RUNNING1'] })
        .resolvesOnce({ deployments: ['d-RUNNING1'] })
        .resolves({ deployments: [] });
      const result = await settle(deployService(clients(), config({ onConflict: 'wait' }), environment(captureLog())));
      expect(result.status).toBe('succeeded');
      expect(mocks.codedeploy.commandCalls(ListDeploymentsCommand)).toHaveLength(4);
      expect(writeCalls()).toEqual(['RegisterTaskDefinition', 'CreateDeployment']);
    });
  });

  it('refuses an unreadable AppSpec file before registering anything', async () => {
    mockCodeDeploy([{ info: { status: 'Succeeded' } }]);
    const codedeploy = { hooks: new Map<string, string>(), appspecFile: 'no-such-dir/appspec.yaml' };
    await expect(settle(deployService(clients(), config({ codedeploy }), environment(captureLog())))).rejects.toThrow(
      /input 'codedeploy-appspec': cannot read "no-such-dir\/appspec.yaml"/,
    );
    expect(writeCalls()).toEqual([]);
  });

  describe('blackout windows', () => {
    it('refuses to start inside a window and changes nothing', async () => {
      jest.setSystemTime(new Date('2026-11-28T23:50:00Z'));
      mockCodeDeploy([{ info: { status: 'Succeeded' } }]);
      const blackout = parseBlackoutWindows(['23:30-00:30 UTC']);
      await expect(settle(deployService(clients(), config({ blackout }), environment(captureLog())))).rejects.toThrow(
        'refusing to deploy inside blackout window 23:30-00:30 UTC (now 23:50 UTC); set force: true to override',
      );
      expect(writeCalls()).toEqual([]);
      expect(mocks.ecs.calls()).toHaveLength(0);
    });

    it('deploys inside a window with force, saying so', async () => {
      jest.setSystemTime(new Date('2026-11-28T00:05:00Z'));
      mockCodeDeploy([{ info: { status: 'Succeeded' } }]);
      const log = captureLog();
      const blackout = parseBlackoutWindows(['23:30-00:30 UTC']);
      const result = await settle(deployService(clients(), config({ blackout, force: true }), environment(log)));
      expect(result.status).toBe('succeeded');
      expect(log.warnings).toContain('inside blackout window 23:30-00:30 UTC: force is set, deploying anyway');
    });
  });
});
