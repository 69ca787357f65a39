import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@credex/action-kit';
import { appSpecRevision, detectStrategy, generateAppSpec, loadAppSpec } from '@credex/ecs-deploy';
import { service, tdArn } from './support';

describe('detectStrategy', () => {
  it('follows the deployment controller and the ECS deployment strategy', () => {
    expect(detectStrategy(service('codedeploy'))).toBe('codedeploy');
    expect(detectStrategy(service('native'))).toBe('ecs-blue-green');
    expect(detectStrategy(service('rolling', { deploymentConfiguration: { strategy: 'LINEAR' } }))).toBe('ecs-linear');
    expect(detectStrategy(service('rolling', { deploymentConfiguration: { strategy: 'CANARY' } }))).toBe('ecs-canary');
    expect(detectStrategy(service('rolling', { deploymentConfiguration: {} }))).toBe('rolling');
    expect(detectStrategy(service('rolling', { deploymentController: undefined }))).toBe('rolling');
  });

  it('refuses the EXTERNAL controller', () => {
    expect(() => detectStrategy(service('rolling', { deploymentController: { type: 'EXTERNAL' } }))).toThrow(
      ConfigurationError,
    );
  });
});

describe('AppSpec', () => {
  it('needs a load balancer entry with container name and port', () => {
    expect(() =>
      generateAppSpec(service('codedeploy', { loadBalancers: [], taskSets: [] }), tdArn(42), new Map()),
    ).toThrow(/has no load balancer entry with a container name and port/);
  });

  it('takes a given AppSpec file and points it at the new revision, keeping its hooks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'appspec-'));
    writeFileSync(
      join(dir, 'appspec.yaml'),
      [
        'version: 0.0',
        'Resources:',
        '  - TargetService:',
        '      Type: AWS::ECS::Service',
        '      Properties:',
        '        TaskDefinition: <TASK_DEFINITION>',
        '        LoadBalancerInfo:',
        '          ContainerName: credex-core',
        '          ContainerPort: 3000',
        'Hooks:',
        '  - AfterAllowTestTraffic: credex-core-verify',
      ].join('\n'),
    );
    const appSpec = loadAppSpec('appspec.yaml', tdArn(42), dir);
    const revision = appSpecRevision(appSpec);
    const content = JSON.parse(revision.appSpecContent.content) as {
      Resources: { TargetService: { Properties: { TaskDefinition: string } } }[];
      Hooks: unknown[];
    };
    expect(content.Resources[0]!.TargetService.Properties.TaskDefinition).toBe(tdArn(42));
    expect(content.Hooks).toEqual([{ AfterAllowTestTraffic: 'credex-core-verify' }]);
    expect(revision.appSpecContent.sha256).toMatch(/^[a-f0-9]{64}$/);
  });

  it('refuses an AppSpec without an ECS service resource', () => {
    const dir = mkdtempSync(join(tmpdir(), 'appspec-'));
    writeFileSync(join(dir, 'appspec.yaml'), 'version: 0.0\nResources: []\n');
    expect(() => loadAppSpec('appspec.yaml', tdArn(42), dir)).toThrow(/has no AWS::ECS::Service resource/);
  });
});
