import { GetDeploymentCommand, StopDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { DescribeServicesCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import {
  CodeDeployFollower,
  appSpecRevision,
  findInFlight,
  generateAppSpec,
  type DeployClients,
} from '@credex/ecs-deploy';
import { createCodeDeployGroup, createService, moto, taskDefinitionRequest } from './moto';

// CodeDeploy as far as moto has it: applications, deployment groups, CreateDeployment, GetDeployment and
// ListDeployments. moto keeps every deployment at "Created" and lacks ListDeploymentTargets, GetDeploymentTarget,
// ContinueDeployment and StopDeployment; those are covered with aws-sdk-client-mock in packages/ecs-deploy/test.
describe('CodeDeploy against moto', () => {
  it('creates a deployment with the generated AppSpec and reads it back, and sees it as in flight', async () => {
    const target = await createService({ controller: 'CODE_DEPLOY' });
    const group = await createCodeDeployGroup(target);
    const ecs = moto.ecs();
    const codedeploy = moto.codedeploy();
    const id = target.family.split('-').pop()!;
    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand(
        taskDefinitionRequest(target.family, 'public.ecr.aws/credex/credex-core:v2', id),
      ),
    );
    const arn = registered.taskDefinition!.taskDefinitionArn!;
    const described = await ecs.send(
      new DescribeServicesCommand({ cluster: target.cluster, services: [target.service] }),
    );
    const service = {
      ...described.services![0]!,
      loadBalancers: [
        {
          targetGroupArn: 'arn:aws:elasticloadbalancing:af-south-1:123456789012:targetgroup/credex-tg-e2e/1',
          containerName: 'credex-core',
          containerPort: 3000,
        },
      ],
    };
    const clients = { ecs, codedeploy } as unknown as DeployClients;

    const follower = await CodeDeployFollower.start(clients, {
      ref: { cluster: target.cluster, service: target.service },
      ...group,
      taskDefinitionArn: arn,
      startedAtMs: Date.now(),
      targetGroupArns: [],
      revision: appSpecRevision(
        generateAppSpec(service, arn, new Map([['AfterAllowTestTraffic', 'credex-verify-hook']])),
      ),
      description: 'moto test',
    });

    const got = await codedeploy.send(new GetDeploymentCommand({ deploymentId: follower.deploymentId }));
    expect(got.deploymentInfo?.applicationName).toBe(group.application);
    expect(got.deploymentInfo?.deploymentGroupName).toBe(group.deploymentGroup);
    const content = JSON.parse(got.deploymentInfo!.revision!.appSpecContent!.content!) as {
      Resources: { TargetService: { Properties: Record<string, unknown> } }[];
      Hooks: Record<string, string>[];
    };
    expect(content.Resources[0]!.TargetService.Properties.TaskDefinition).toBe(arn);
    expect(content.Resources[0]!.TargetService.Properties.LoadBalancerInfo).toEqual({
      ContainerName: 'credex-core',
      ContainerPort: 3000,
    });
    expect(content.Hooks).toEqual([{ AfterAllowTestTraffic: 'credex-verify-hook' }]);

    const progress = await follower.check();
    expect(progress).toEqual({ phase: 'in-progress', status: 'Created' });
    const inFlight = await findInFlight(clients, service, 'codedeploy', group);
    expect(inFlight.map((d) => d.id)).toEqual([follower.deploymentId]);

    // what moto lacks, written down by a test that notices when it stops lacking it
    await expect(codedeploy.send(new StopDeploymentCommand({ deploymentId: follower.deploymentId }))).rejects.toThrow();
  });
});
