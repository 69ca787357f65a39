import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type RegisterTaskDefinitionRequest,
} from '@aws-sdk/client-ecs';
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { createHash } from 'node:crypto';
import { CreateRepositoryCommand, ECRClient, PutImageCommand } from '@aws-sdk/client-ecr';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';

/**
 * credex-core's development service in moto: cluster credex-cluster-development, service
 * credex-core-service-development, family credex-core-development, container credex-core on port 3000. Each call
 * registers two fresh revisions and points the service at the newer one, so reruns against a moto that is still
 * running behave the same. The service has desired count 0: moto then reports a rolling deployment COMPLETED at once.
 * The images are pushed to the ECR repository credex-core-development (a manifest only), since the deploy's
 * preflight looks them up.
 */

export const ENVIRONMENT = 'development';
export const CLUSTER = `credex-cluster-${ENVIRONMENT}`;
export const SERVICE = `credex-core-service-${ENVIRONMENT}`;
export const FAMILY = `credex-core-${ENVIRONMENT}`;
export const CONTAINER = 'credex-core';
const ACCOUNT = '123456789012';
const REGION = 'af-south-1';
export const REPOSITORY = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/credex-core-${ENVIRONMENT}`;
const TASK_ROLE = `ecs-task-role-${ENVIRONMENT}`;
const EXECUTION_ROLE = `ecs-execution-role-${ENVIRONMENT}`;

export interface CredexService {
  /** ARNs of the two revisions registered by this call: [previous, current]. */
  revisions: [string, string];
  /** Environment for the action's process (moto endpoint, region, dummy credentials). */
  env: Record<string, string>;
  ecs: ECSClient;
}

export function awsEnv(services: Record<string, string>): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: services.AWS_ENDPOINT_URL ?? '',
    AWS_REGION: services.AWS_REGION ?? REGION,
    AWS_ACCESS_KEY_ID: services.AWS_ACCESS_KEY_ID ?? '',
    AWS_SECRET_ACCESS_KEY: services.AWS_SECRET_ACCESS_KEY ?? '',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

function clientConfig(env: Record<string, string>) {
  return {
    region: env.AWS_REGION,
    endpoint: env.AWS_ENDPOINT_URL,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '' },
  };
}

/** The task definition credex-core's deploy workflow would render for an image tag. */
export function taskDefinition(tag: string): RegisterTaskDefinitionRequest {
  return {
    family: FAMILY,
    taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/${TASK_ROLE}`,
    executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/${EXECUTION_ROLE}`,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '512',
    memory: '1024',
    containerDefinitions: [
      {
        name: CONTAINER,
        image: `${REPOSITORY}:${tag}`,
        essential: true,
        portMappings: [{ containerPort: 3000, protocol: 'tcp' }],
        environment: [
          { name: 'NODE_ENV', value: ENVIRONMENT },
          { name: 'LOG_LEVEL', value: 'info' },
        ],
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': `/ecs/credex-core-${ENVIRONMENT}`,
            'awslogs-region': REGION,
            'awslogs-stream-prefix': 'ecs',
          },
        },
      },
    ],
  };
}

async function ensureRoles(iam: IAMClient): Promise<void> {
  const assume = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  });
  for (const role of [TASK_ROLE, EXECUTION_ROLE]) {
    await iam
      .send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: assume }))
      .catch((error: unknown) => alreadyExists(error, 'EntityAlreadyExistsException'));
  }
}

function alreadyExists(error: unknown, name: string): void {
  if ((error as { name?: string }).name !== name) throw error;
}

/** Pushes a manifest for each tag to credex-core's ECR repository in moto. */
export async function pushImages(services: Record<string, string>, tags: string[]): Promise<void> {
  const ecr = new ECRClient(clientConfig(awsEnv(services)));
  const repositoryName = `credex-core-${ENVIRONMENT}`;
  await ecr
    .send(new CreateRepositoryCommand({ repositoryName }))
    .catch((error: unknown) => alreadyExists(error, 'RepositoryAlreadyExistsException'));
  for (const tag of tags) {
    const digest = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 1, digest: digest(`config ${tag}`) },
      layers: [
        { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 1, digest: digest(`layer ${tag}`) },
      ],
    });
    await ecr
      .send(new PutImageCommand({ repositoryName, imageManifest: manifest, imageTag: tag }))
      .catch((error: unknown) => alreadyExists(error, 'ImageAlreadyExistsException'));
  }
}

async function network(ec2: EC2Client): Promise<{ subnet: string; securityGroup: string }> {
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
  const vpcId = vpc.Vpc?.VpcId ?? '';
  const subnet = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24' }));
  const group = await ec2.send(
    new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: SERVICE, Description: 'credex-core tasks' }),
  );
  return { subnet: subnet.Subnet?.SubnetId ?? '', securityGroup: group.GroupId ?? '' };
}

export async function ensureCredexService(services: Record<string, string>): Promise<CredexService> {
  const env = awsEnv(services);
  const config = clientConfig(env);
  const ecs = new ECSClient(config);
  await ensureRoles(new IAMClient(config));

  const clusters = await ecs.send(new DescribeClustersCommand({ clusters: [CLUSTER] }));
  if (!clusters.clusters?.some((c) => c.status === 'ACTIVE')) {
    await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
  }

  const stamp = Date.now().toString(16);
  const tags = [`sha-${stamp}a`, `sha-${stamp}b`];
  await pushImages(services, tags);
  const revisions: string[] = [];
  for (const tag of tags) {
    const registered = await ecs.send(new RegisterTaskDefinitionCommand(taskDefinition(tag)));
    revisions.push(registered.taskDefinition?.taskDefinitionArn ?? '');
  }
  const [previous = '', current = ''] = revisions;

  const described = await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: [SERVICE] }));
  if (described.services?.some((s) => s.status === 'ACTIVE')) {
    await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: SERVICE, taskDefinition: current }));
  } else {
    const net = await network(new EC2Client(config));
    await ecs.send(
      new CreateServiceCommand({
        cluster: CLUSTER,
        serviceName: SERVICE,
        taskDefinition: current,
        desiredCount: 0,
        launchType: 'FARGATE',
        deploymentController: { type: 'ECS' },
        networkConfiguration: { awsvpcConfiguration: { subnets: [net.subnet], securityGroups: [net.securityGroup] } },
      }),
    );
  }
  return { revisions: [previous, current], env, ecs };
}

export async function serviceTaskDefinition(ecs: ECSClient): Promise<string | undefined> {
  const described = await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: [SERVICE] }));
  return described.services?.[0]?.taskDefinition;
}

export async function activeRevisionCount(ecs: ECSClient): Promise<number> {
  let count = 0;
  let nextToken: string | undefined;
  do {
    const page = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: FAMILY, status: 'ACTIVE', nextToken }));
    count += page.taskDefinitionArns?.length ?? 0;
    nextToken = page.nextToken;
  } while (nextToken);
  return count;
}
