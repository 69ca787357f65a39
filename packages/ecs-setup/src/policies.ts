import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, type SetupConfig } from './config';

/** IAM policy documents the setup creates, as data (the Terraform module declares the same, compared by a test). */

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource?: string | string[];
  Principal?: Record<string, string | string[]>;
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export function oidcProviderArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;
}

/** ECS assumes the infrastructure role to move the load balancer's traffic during a blue/green deployment. */
export function infrastructureTrustPolicy(): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  };
}

/** Only jobs of one repository running in one GitHub environment get the deploy role (OIDC `sub` claim). */
export function deployTrustPolicy(config: SetupConfig, accountId: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: oidcProviderArn(accountId) },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
            [`${GITHUB_OIDC_HOST}:sub`]: `repo:${config.githubRepository}:environment:${config.githubEnvironment}`,
          },
        },
      },
    ],
  };
}

/**
 * What the pipeline does with the deploy role, and nothing else: push the image to the environment's ECR
 * repository; register task definitions of the environment's family; update and follow the environment's service
 * (ECS-native blue/green: service deployments and revisions); pass the two task roles to ECS tasks; read the
 * rollback triggers (its alarms, target health, ALB metrics). Describe/List/Get calls that IAM cannot scope to a
 * resource have `*`; everything else names the environment's resources. CodeDeploy is not needed: the setup moves
 * the service to ECS-native blue/green.
 */
export function deployPolicy(config: SetupConfig, accountId: string): PolicyDocument {
  const { region, cluster, service } = config;
  const ecs = (resource: string): string => `arn:aws:ecs:${region}:${accountId}:${resource}`;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'PushImage',
        Effect: 'Allow',
        Action: [
          'ecr:BatchCheckLayerAvailability',
          'ecr:BatchGetImage',
          'ecr:CompleteLayerUpload',
          'ecr:DescribeImages',
          'ecr:InitiateLayerUpload',
          'ecr:PutImage',
          'ecr:UploadLayerPart',
        ],
        Resource: `arn:aws:ecr:${region}:${accountId}:repository/${config.ecrRepository}`,
      },
      { Sid: 'EcrLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      {
        Sid: 'TaskDefinitions',
        Effect: 'Allow',
        Action: [
          'ecs:DeregisterTaskDefinition',
          'ecs:DescribeTaskDefinition',
          'ecs:ListTaskDefinitions',
          'ecs:RegisterTaskDefinition',
        ],
        Resource: '*',
      },
      {
        Sid: 'TagTaskDefinitions',
        Effect: 'Allow',
        Action: 'ecs:TagResource',
        Resource: ecs(`task-definition/${config.taskFamily}:*`),
      },
      {
        Sid: 'Service',
        Effect: 'Allow',
        Action: ['ecs:DescribeServices', 'ecs:ListServiceDeployments', 'ecs:UpdateService'],
        Resource: ecs(`service/${cluster}/${service}`),
      },
      {
        Sid: 'ServiceDeployments',
        Effect: 'Allow',
        Action: [
          'ecs:ContinueServiceDeployment',
          'ecs:DescribeServiceDeployments',
          'ecs:DescribeServiceRevisions',
          'ecs:StopServiceDeployment',
        ],
        Resource: [ecs(`service-deployment/${cluster}/${service}/*`), ecs(`service-revision/${cluster}/${service}/*`)],
      },
      {
        Sid: 'ClusterAndTasks',
        Effect: 'Allow',
        Action: ['ecs:DescribeClusters', 'ecs:DescribeTasks', 'ecs:ListTasks'],
        Resource: [ecs(`cluster/${cluster}`), ecs(`container-instance/${cluster}/*`), ecs(`task/${cluster}/*`)],
      },
      {
        Sid: 'TaskRoles',
        Effect: 'Allow',
        Action: 'iam:GetRole',
        Resource: [
          `arn:aws:iam::${accountId}:role/${config.taskRole}`,
          `arn:aws:iam::${accountId}:role/${config.executionRole}`,
        ],
      },
      {
        Sid: 'PassTaskRoles',
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: [
          `arn:aws:iam::${accountId}:role/${config.taskRole}`,
          `arn:aws:iam::${accountId}:role/${config.executionRole}`,
        ],
        Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      },
      {
        Sid: 'RollbackAlarms',
        Effect: 'Allow',
        Action: 'cloudwatch:DescribeAlarms',
        Resource: `arn:aws:cloudwatch:${region}:${accountId}:alarm:credex-core-${config.environment}-*`,
      },
      {
        Sid: 'RollbackMetricsAndTargets',
        Effect: 'Allow',
        Action: [
          'cloudwatch:GetMetricData',
          'elasticloadbalancing:DescribeTargetGroups',
          'elasticloadbalancing:DescribeTargetHealth',
        ],
        Resource: '*',
      },
    ],
  };
}

/** Keys sorted, string lists sorted, and a one-string list read as the string (IAM means the same by both). */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(normalise);
    if (items.length === 1 && typeof items[0] === 'string') return items[0];
    return items.every((item) => typeof item === 'string') ? [...items].sort() : items;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, normalise(v)]),
    );
  }
  return value;
}

/**
 * What the execution role needs for a task definition whose secrets come from Secrets Manager by valueFrom: read the
 * environment's secrets (credex-core/<env>/...) when a task starts. AmazonECSTaskExecutionRolePolicy, which
 * credex-core attaches, does not include it.
 */
export function taskSecretsPolicy(config: SetupConfig, accountId: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReadTaskSecrets',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: `arn:aws:secretsmanager:${config.region}:${accountId}:secret:${config.secretsPrefix}*`,
      },
    ],
  };
}

/** IAM answers policy documents URL-encoded. */
function urlDecoded(text: string): string {
  if (text.trimStart().startsWith('{')) return text;
  return decodeURIComponent(text);
}

/** A policy in a form where equal meaning gives equal text: keys and string lists sorted, [x] read as x. */
export function canonicalPolicy(document: unknown): string {
  const doc = (typeof document === 'string' ? JSON.parse(urlDecoded(document)) : document) as {
    Version?: string;
    Statement?: Record<string, unknown> | Record<string, unknown>[];
  };
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  const normalised = statements.map((s) => JSON.stringify(normalise(s)));
  return JSON.stringify({ Version: doc.Version, Statement: normalised.sort() });
}

export function samePolicy(a: unknown, b: unknown): boolean {
  return canonicalPolicy(a) === canonicalPolicy(b);
}
