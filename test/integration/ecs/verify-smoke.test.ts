import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ContinueServiceDeploymentCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { deployService, realClock, smokeVerifier } from '@credex/ecs-deploy';
import { parseChecks } from '@credex/smoke';
import {
  captureLog,
  clients,
  config,
  mockReads,
  mocks,
  resetMocks,
  service,
} from '../../../packages/ecs-deploy/test/support';

// Verify checks run by the real smoke engine against a loopback "test listener"; the ECS-native deployment around
// it is aws-sdk-client-mock (moto has no service deployments). Real time, with short poll intervals.
const SD =
  'arn:aws:ecs:af-south-1:123456789012:service-deployment/credex-cluster-staging/credex-core-service-staging/v1';

let server: Server;
let healthStatus = 200;
let healthRequests = 0;
let baseUrl = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/health') {
      healthRequests++;
      res.writeHead(healthStatus, { 'content-type': 'application/json', 'x-request-id': `req-${healthRequests}` });
      res.end(JSON.stringify({ status: healthStatus === 200 ? 'healthy' : 'unhealthy' }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function mockNativeDeployment(): void {
  resetMocks();
  mockReads();
  mocks.ecs.on(DescribeServicesCommand).resolves({ services: [service('native')] });
  mocks.ecs.on(UpdateServiceCommand).resolves({ service: service('native', { currentServiceDeployment: SD }) });
  let after: 'paused' | 'continued' | 'stopped' = 'paused';
  mocks.ecs.on(ContinueServiceDeploymentCommand).callsFake(() => ((after = 'continued'), {}));
  mocks.ecs.on(StopServiceDeploymentCommand).callsFake(() => ((after = 'stopped'), {}));
  mocks.ecs.on(DescribeServiceDeploymentsCommand).callsFake(() => ({
    serviceDeployments: [
      after === 'paused'
        ? {
            serviceDeploymentArn: SD,
            status: 'IN_PROGRESS',
            lifecycleStage: 'TEST_TRAFFIC_SHIFT',
            lifecycleHookDetails: [{ hookId: 'verify', targetType: 'PAUSE', status: 'AWAITING_ACTION' }],
          }
        : { serviceDeploymentArn: SD, status: after === 'continued' ? 'SUCCESSFUL' : 'ROLLBACK_SUCCESSFUL' },
    ],
  }));
}

const suite = parseChecks(
  [{ name: 'health on test traffic', path: '/health', expect: { status: 200, json: { '$.status': 'healthy' } } }],
  'test',
);

async function deploy() {
  const log = captureLog();
  const verify = smokeVerifier({ suite, baseUrl, requestsPerMinute: 0, log: (line) => log.lines.push(line) });
  const result = await deployService(clients(), config({ verify }), {
    clock: realClock,
    signal: new AbortController().signal,
    log,
    poll: { initialMs: 10, maxMs: 20, factor: 1.5, rollbackGraceMs: 5_000 },
  });
  return { result, log };
}

describe('verify checks with the smoke engine on test traffic', () => {
  it('passing checks continue the paused deployment', async () => {
    mockNativeDeployment();
    healthStatus = 200;
    const before = healthRequests;
    const { result, log } = await deploy();
    expect(healthRequests).toBe(before + 1);
    expect(result.status).toBe('succeeded');
    expect(mocks.ecs.commandCalls(ContinueServiceDeploymentCommand)[0]!.args[0].input).toMatchObject({
      hookId: 'verify',
      action: 'CONTINUE',
    });
    expect(log.lines).toContain('passed  health on test traffic');
    expect(result.timeline.map((e) => e.text)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^verify checks passed: passed: 1 passed, 0 failed of 1 checks in /),
      ]),
    );
  });

  it('failing checks roll the deployment back and say which check failed and how', async () => {
    mockNativeDeployment();
    healthStatus = 503;
    const { result } = await deploy();
    expect(result.status).toBe('rolled-back');
    expect(mocks.ecs.commandCalls(ContinueServiceDeploymentCommand)).toHaveLength(0);
    expect(mocks.ecs.commandCalls(StopServiceDeploymentCommand)[0]!.args[0].input).toEqual({
      serviceDeploymentArn: SD,
      stopType: 'ROLLBACK',
    });
    expect(result.reasons[0]).toMatch(
      /^rollback reason: verify checks failed on test traffic: FAILED: 0 passed, 1 failed of 1 checks .*\(health on test traffic: .*503/,
    );
  });
});
