import { createHash, randomBytes } from 'node:crypto';
import { ACMClient, RequestCertificateCommand } from '@aws-sdk/client-acm';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  AllocateAddressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateNatGatewayCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateRepositoryCommand, ECRClient, PutImageCommand } from '@aws-sdk/client-ecr';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { motoEnv } from '../ecs/moto';

/**
 * credex-core's environment as its Terraform builds it at 9028233 (terraform/modules/connectors/shared_resources/
 * main.tf, modules/app/main.tf), in moto: VPC with two private and two public subnets and a NAT gateway per public
 * subnet; ALB credex-alb-<env> with security group credex-alb-sg-<env> (80 and 443 from anywhere); target group
 * credex-tg-<env> (HTTP 3000, ip targets, health /health → 200, interval 30, timeout 3, 3 healthy, 2 unhealthy); one
 * HTTPS listener on 443 (ELBSecurityPolicy-2016-08, an ACM certificate) forwarding to it, with the docs rules at
 * priority 90 (redirect of / to docs.<domain>) and 100 (fixed response for docs.<domain>); cluster
 * credex-cluster-<env>; task family credex-core-<env> with roles ecs-execution-role-<env> / ecs-task-role-<env>;
 * rolling service credex-core-service-<env> (container credex-core, port 3000, desired count 0 so moto reports its
 * rolling deployment COMPLETED); ECR repository credex-core-<env> holding the images `latest` and `next` (manifests). The
 * environment name is unique per call so tests do not see each other.
 */

export interface CredexShape {
  environment: string;
  cluster: string;
  service: string;
  family: string;
  vpcCidr: string;
  securityGroupId: string;
  loadBalancerArn: string;
  targetGroupArn: string;
  listenerArn: string;
  taskDefinitionArn: string;
  natAddresses: string[];
}

export function awsConfig() {
  const env = motoEnv();
  return {
    region: env.AWS_REGION,
    endpoint: env.AWS_ENDPOINT_URL,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! },
  };
}

export const aws = {
  ecs: () => new ECSClient(awsConfig()),
  elbv2: () => new ElasticLoadBalancingV2Client(awsConfig()),
  ec2: () => new EC2Client(awsConfig()),
  iam: () => new IAMClient(awsConfig()),
  cloudwatch: () => new CloudWatchClient(awsConfig()),
};

async function pushManifest(repositoryName: string, tag: string, create = true): Promise<void> {
  const ecr = new ECRClient(awsConfig());
  const digest = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;
  if (create) await ecr.send(new CreateRepositoryCommand({ repositoryName }));
  const imageManifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 1, digest: digest(`config ${tag}`) },
    layers: [
      { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 1, digest: digest(`layer ${tag}`) },
    ],
  });
  await ecr.send(new PutImageCommand({ repositoryName, imageManifest, imageTag: tag }));
  ecr.destroy();
}

/**
 * `taskEnvironment` replaces the container's environment, e.g. with what credex-core's app.yml leaves behind after a
 * few deploys (its jq step appends NODE_ENV and the credentials as plain values every time).
 */
export async function seedCredexShape(
  prefix = 'env',
  options: { taskEnvironment?: { name: string; value: string }[] } = {},
): Promise<CredexShape> {
  const environment = `${prefix}${randomBytes(3).toString('hex')}`;
  const ec2 = aws.ec2();
  const elbv2 = aws.elbv2();
  const ecs = aws.ecs();
  const iam = aws.iam();
  const acm = new ACMClient(awsConfig());
  const vpcCidr = '10.1.0.0/16';
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: vpcCidr }))).Vpc!.VpcId!;
  const subnet = async (cidr: string, az: string) =>
    (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: az }))).Subnet!
      .SubnetId!;
  const privateSubnets = [await subnet('10.1.0.0/24', 'af-south-1a'), await subnet('10.1.1.0/24', 'af-south-1b')];
  const publicSubnets = [await subnet('10.1.2.0/24', 'af-south-1a'), await subnet('10.1.3.0/24', 'af-south-1b')];
  const natAddresses: string[] = [];
  for (const subnetId of publicSubnets) {
    const eip = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    natAddresses.push(eip.PublicIp!);
    await ec2.send(new CreateNatGatewayCommand({ SubnetId: subnetId, AllocationId: eip.AllocationId }));
  }
  const securityGroupId = (
    await ec2.send(
      new CreateSecurityGroupCommand({
        VpcId: vpcId,
        GroupName: `credex-alb-sg-${environment}`,
        Description: 'Controls access to the ALB',
      }),
    )
  ).GroupId!;
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: securityGroupId,
      IpPermissions: [80, 443].map((port) => ({
        IpProtocol: 'tcp',
        FromPort: port,
        ToPort: port,
        IpRanges: [{ CidrIp: '0.0.0.0/0' }],
      })),
    }),
  );
  const tasksGroup = (
    await ec2.send(
      new CreateSecurityGroupCommand({
        VpcId: vpcId,
        GroupName: `credex-core-ecs-tasks-sg-${environment}`,
        Description: 'Allow inbound access from the ALB only',
      }),
    )
  ).GroupId!;
  const loadBalancerArn = (
    await elbv2.send(
      new CreateLoadBalancerCommand({
        Name: `credex-alb-${environment}`,
        Subnets: publicSubnets,
        SecurityGroups: [securityGroupId],
        Type: 'application',
      }),
    )
  ).LoadBalancers![0]!.LoadBalancerArn!;
  const targetGroupArn = (
    await elbv2.send(
      new CreateTargetGroupCommand({
        Name: `credex-tg-${environment}`,
        Port: 3000,
        Protocol: 'HTTP',
        VpcId: vpcId,
        TargetType: 'ip',
        HealthCheckPath: '/health',
        HealthCheckProtocol: 'HTTP',
        HealthCheckIntervalSeconds: 30,
        HealthCheckTimeoutSeconds: 3,
        HealthyThresholdCount: 3,
        UnhealthyThresholdCount: 2,
        Matcher: { HttpCode: '200' },
      }),
    )
  ).TargetGroups![0]!.TargetGroupArn!;
  const domain = `${environment}.mycredex.dev`;
  const certificateArn = (
    await acm.send(new RequestCertificateCommand({ DomainName: domain, ValidationMethod: 'DNS' }))
  ).CertificateArn!;
  const listenerArn = (
    await elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: loadBalancerArn,
        Port: 443,
        Protocol: 'HTTPS',
        SslPolicy: 'ELBSecurityPolicy-2016-08',
        Certificates: [{ CertificateArn: certificateArn }],
        DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
      }),
    )
  ).Listeners![0]!.ListenerArn!;
  await elbv2.send(
    new CreateRuleCommand({
      ListenerArn: listenerArn,
      Priority: 100,
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: [`docs.${domain}`] } }],
      Actions: [
        {
          Type: 'fixed-response',
          FixedResponseConfig: { ContentType: 'text/plain', StatusCode: '200', MessageBody: 'Please visit the docs' },
        },
      ],
    }),
  );
  await elbv2.send(
    new CreateRuleCommand({
      ListenerArn: listenerArn,
      Priority: 90,
      Conditions: [
        { Field: 'host-header', HostHeaderConfig: { Values: [domain] } },
        { Field: 'path-pattern', PathPatternConfig: { Values: ['/$'] } },
      ],
      Actions: [
        {
          Type: 'redirect',
          RedirectConfig: { Host: `docs.${domain}`, Port: '443', Protocol: 'HTTPS', StatusCode: 'HTTP_301', Path: '/' },
        },
      ],
    }),
  );
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' } }],
  });
  for (const role of [`ecs-execution-role-${environment}`, `ecs-task-role-${environment}`]) {
    await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: trust }));
  }
  await pushManifest(`credex-core-${environment}`, 'latest');
  await pushManifest(`credex-core-${environment}`, 'next', false);
  const cluster = `credex-cluster-${environment}`;
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  const family = `credex-core-${environment}`;
  const taskDefinitionArn = (
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family,
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        executionRoleArn: `arn:aws:iam::123456789012:role/ecs-execution-role-${environment}`,
        taskRoleArn: `arn:aws:iam::123456789012:role/ecs-task-role-${environment}`,
        containerDefinitions: [
          {
            name: 'credex-core',
            image: `123456789012.dkr.ecr.af-south-1.amazonaws.com/credex-core-${environment}:latest`,
            essential: true,
            portMappings: [{ containerPort: 3000, hostPort: 3000, protocol: 'tcp' }],
            environment: options.taskEnvironment ?? [
              { name: 'NODE_ENV', value: environment },
              { name: 'PORT', value: '3000' },
            ],
          },
        ],
      }),
    )
  ).taskDefinition!.taskDefinitionArn!;
  const service = `credex-core-service-${environment}`;
  await ecs.send(
    new CreateServiceCommand({
      cluster,
      serviceName: service,
      taskDefinition: taskDefinitionArn,
      desiredCount: 0,
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: { subnets: privateSubnets, securityGroups: [tasksGroup], assignPublicIp: 'DISABLED' },
      },
      loadBalancers: [{ targetGroupArn, containerName: 'credex-core', containerPort: 3000 }],
      healthCheckGracePeriodSeconds: 120,
      enableExecuteCommand: true,
    }),
  );
  for (const client of [ec2, elbv2, ecs, iam, acm]) client.destroy();
  return {
    environment,
    cluster,
    service,
    family,
    vpcCidr,
    securityGroupId,
    loadBalancerArn,
    targetGroupArn,
    listenerArn,
    taskDefinitionArn,
    natAddresses: natAddresses.sort(),
  };
}
