import { randomBytes } from 'node:crypto';
import { CodeDeployClient, CreateApplicationCommand, CreateDeploymentGroupCommand } from '@aws-sdk/client-codedeploy';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionRequest,
} from '@aws-sdk/client-ecs';
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { servicesEnv } from '../../services/env';

/** Resources in the services' moto server, named uniquely per test so tests do not see each other. */
export interface MotoService {
  cluster: string;
  service: string;
  family: string;
  revisions: string[];
  env: Record<string, string>;
}

export function motoEnv(): Record<string, string> {
  const env = servicesEnv();
  return {
    AWS_ENDPOINT_URL: env.AWS_ENDPOINT_URL!,
    AWS_REGION: env.AWS_REGION!,
    AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID!,
    AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY!,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

function clientConfig() {
  const env = motoEnv();
  return {
    region: env.AWS_REGION,
    endpoint: env.AWS_ENDPOINT_URL,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! },
  };
}

export const moto = {
  ecs: (): ECSClient => new ECSClient(clientConfig()),
  iam: (): IAMClient => new IAMClient(clientConfig()),
  codedeploy: (): CodeDeployClient => new CodeDeployClient(clientConfig()),
  ec2: (): EC2Client => new EC2Client(clientConfig()),
};

async function network(id: string): Promise<{ subnet: string; securityGroup: string }> {
  const ec2 = moto.ec2();
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
  const vpcId = vpc.Vpc!.VpcId!;
  const subnet = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24' }));
  const group = await ec2.send(
    new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: `credex-core-${id}`, Description: 'credex-core e2e' }),
  );
  return { subnet: subnet.Subnet!.SubnetId!, securityGroup: group.GroupId! };
}

export function taskDefinitionRequest(
  family: string,
  image: string,
  roleSuffix: string,
): RegisterTaskDefinitionRequest {
  return {
    family,
    taskRoleArn: `arn:aws:iam::123456789012:role/credex-core-task-${roleSuffix}`,
    executionRoleArn: `arn:aws:iam::123456789012:role/credex-core-execution-${roleSuffix}`,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '512',
    memory: '1024',
    containerDefinitions: [
      {
        name: 'credex-core',
        image,
        essential: true,
        portMappings: [{ containerPort: 3000, protocol: 'tcp' }],
        environment: [
          { name: 'NODE_ENV', value: 'staging' },
          { name: 'LOG_LEVEL', value: 'info' },
        ],
      },
    ],
  };
}

/**
 * A cluster, `revisionCount` revisions of a family and a service (desired count 0 by default, so moto reports
 * every rolling deployment COMPLETED at once; with more, moto starts no tasks and it stays IN_PROGRESS) running the newest, with the task and execution roles in IAM.
 */
export async function createService(
  options: { revisionCount?: number; controller?: 'ECS' | 'CODE_DEPLOY'; desiredCount?: number } = {},
): Promise<MotoService> {
  const id = randomBytes(4).toString('hex');
  const cluster = `credex-cluster-e2e-${id}`;
  const service = `credex-core-service-e2e-${id}`;
  const family = `credex-core-e2e-${id}`;
  const ecs = moto.ecs();
  const iam = moto.iam();
  const assume = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  });
  for (const role of [`credex-core-task-${id}`, `credex-core-execution-${id}`]) {
    await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: assume }));
  }
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  const revisions: string[] = [];
  for (let i = 1; i <= (options.revisionCount ?? 1); i++) {
    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand(taskDefinitionRequest(family, `public.ecr.aws/credex/credex-core:v${i}`, id)),
    );
    revisions.push(registered.taskDefinition!.taskDefinitionArn!);
  }
  const net = await network(id);
  await ecs.send(
    new CreateServiceCommand({
      cluster,
      serviceName: service,
      taskDefinition: revisions[revisions.length - 1],
      desiredCount: options.desiredCount ?? 0,
      launchType: 'FARGATE',
      deploymentController: { type: options.controller ?? 'ECS' },
      networkConfiguration: { awsvpcConfiguration: { subnets: [net.subnet], securityGroups: [net.securityGroup] } },
    }),
  );
  return { cluster, service, family, revisions, env: motoEnv() };
}

export async function createCodeDeployGroup(target: MotoService, pointAt = target.service) {
  const codedeploy = moto.codedeploy();
  const application = `AppECS-${target.cluster}-${target.service}`;
  const deploymentGroup = `DgpECS-${target.cluster}-${target.service}`;
  await codedeploy.send(new CreateApplicationCommand({ applicationName: application, computePlatform: 'ECS' }));
  await codedeploy.send(
    new CreateDeploymentGroupCommand({
      applicationName: application,
      deploymentGroupName: deploymentGroup,
      serviceRoleArn: 'arn:aws:iam::123456789012:role/ecs-codedeploy',
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      ecsServices: [{ clusterName: target.cluster, serviceName: pointAt }],
      blueGreenDeploymentConfiguration: {
        deploymentReadyOption: { actionOnTimeout: 'STOP_DEPLOYMENT', waitTimeInMinutes: 10 },
        terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: 5 },
      },
    }),
  );
  return { application, deploymentGroup };
}

export async function serviceTaskDefinition(target: MotoService): Promise<string | undefined> {
  const result = await moto
    .ecs()
    .send(new DescribeServicesCommand({ cluster: target.cluster, services: [target.service] }));
  return result.services?.[0]?.taskDefinition;
}

export async function activeRevisionArns(target: MotoService): Promise<string[]> {
  const result = await moto
    .ecs()
    .send(new ListTaskDefinitionsCommand({ familyPrefix: target.family, status: 'ACTIVE' }));
  return result.taskDefinitionArns ?? [];
}
