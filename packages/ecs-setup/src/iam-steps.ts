import { PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import {
  AddClientIDToOpenIDConnectProviderCommand,
  AttachRolePolicyCommand,
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { alarmDefinitions, alarmShape } from './alarms';
import { GITHUB_OIDC_AUDIENCE } from './config';
import { samePolicy, type PolicyDocument } from './policies';
import { noChange, updateStep, type Step, type StepInput } from './step';

/** IAM (the ECS infrastructure role, the GitHub OIDC provider, the deploy role) and the two alarms. */

const TAGS = [{ Key: 'ManagedBy', Value: 'credex-actions ecs-blue-green-setup' }];

function roleStep(
  input: StepInput,
  key: 'infrastructure-role' | 'deploy-role',
  existing: { AssumeRolePolicyDocument?: string } | undefined,
  description: string,
): Step {
  const resource = input.spec[key]!;
  const { name, assume_role_policy } = resource.props as { name: string; assume_role_policy: PolicyDocument };
  const trust = JSON.stringify(assume_role_policy);
  if (!existing) {
    return {
      key,
      title: resource.title,
      action: 'create',
      details: [description],
      apply: async (ctx) => {
        await ctx.clients.iam.send(
          new CreateRoleCommand({
            RoleName: name,
            AssumeRolePolicyDocument: trust,
            Description: description,
            Tags: TAGS,
          }),
        );
        ctx.created.add(key);
      },
    };
  }
  if (samePolicy(existing.AssumeRolePolicyDocument ?? '{}', assume_role_policy)) return noChange(resource);
  return {
    key,
    title: resource.title,
    action: 'update',
    details: ['trust policy replaced (who may assume it differs)'],
    apply: async (ctx) => {
      await ctx.clients.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: trust }));
    },
  };
}

export function infrastructureRoleStep(input: StepInput): Step {
  return roleStep(
    input,
    'infrastructure-role',
    input.current.infrastructureRole?.role,
    'Assumed by ECS to shift load balancer traffic during blue/green deployments',
  );
}

export function infrastructurePolicyStep(input: StepInput): Step {
  const resource = input.spec['infrastructure-role-policy']!;
  const { role, policy_arn } = resource.props as { role: string; policy_arn: string };
  if (input.current.infrastructureRole?.attached.includes(policy_arn)) return noChange(resource);
  return {
    key: resource.key,
    title: resource.title,
    action: 'create',
    details: [`attach ${policy_arn}`],
    apply: async (ctx) => {
      await ctx.clients.iam.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: policy_arn }));
    },
  };
}

export function oidcProviderStep(input: StepInput): Step {
  const resource = input.spec['oidc-provider']!;
  const { url, client_id_list } = resource.props as { url: string; client_id_list: string[] };
  const provider = input.current.oidcProvider;
  if (!provider) {
    return {
      key: resource.key,
      title: resource.title,
      action: 'create',
      details: [`${url}, audience ${client_id_list.join(', ')} (one per AWS account)`],
      apply: async (ctx) => {
        await ctx.clients.iam.send(
          new CreateOpenIDConnectProviderCommand({ Url: url, ClientIDList: client_id_list, Tags: TAGS }),
        );
      },
    };
  }
  if (provider.clientIds.includes(GITHUB_OIDC_AUDIENCE)) return noChange(resource);
  return updateStep(resource, [`add audience ${GITHUB_OIDC_AUDIENCE}`], async (ctx) => {
    await ctx.clients.iam.send(
      new AddClientIDToOpenIDConnectProviderCommand({
        OpenIDConnectProviderArn: provider.arn,
        ClientID: GITHUB_OIDC_AUDIENCE,
      }),
    );
  });
}

export function deployRoleStep(input: StepInput): Step {
  const { config } = input;
  return roleStep(
    input,
    'deploy-role',
    input.current.deployRole?.role,
    `Assumed through GitHub OIDC by ${config.githubRepository} jobs in the ${config.githubEnvironment} environment`,
  );
}

export function deployPolicyStep(input: StepInput): Step {
  const resource = input.spec['deploy-role-policy']!;
  const { name, role, policy } = resource.props as { name: string; role: string; policy: PolicyDocument };
  const now = input.current.deployRole?.policy;
  if (now !== undefined && samePolicy(now, policy)) return noChange(resource);
  const statements = policy.Statement.map((s) => s.Sid).join(', ');
  return {
    key: resource.key,
    title: resource.title,
    action: now === undefined ? 'create' : 'update',
    details: [now === undefined ? `statements ${statements}` : `replaced by statements ${statements}`],
    apply: async (ctx) => {
      await ctx.clients.iam.send(
        new PutRolePolicyCommand({ RoleName: role, PolicyName: name, PolicyDocument: JSON.stringify(policy) }),
      );
    },
  };
}

export function executionSecretsStep(input: StepInput): Step {
  const resource = input.spec['execution-role-secrets']!;
  const { name, role, policy } = resource.props as { name: string; role: string; policy: PolicyDocument };
  const { exists, secretsPolicy } = input.current.executionRole;
  if (!exists) {
    return {
      key: resource.key,
      title: resource.title,
      action: 'conflict',
      details: [`the task execution role ${role} was not found (credex-core's connectors module creates it)`],
    };
  }
  if (secretsPolicy !== undefined && samePolicy(secretsPolicy, policy)) return noChange(resource);
  return {
    key: resource.key,
    title: resource.title,
    action: secretsPolicy === undefined ? 'create' : 'update',
    details: [
      `read Secrets Manager secrets ${input.config.secretsPrefix}* when a task starts (task definition secrets by valueFrom)`,
    ],
    apply: async (ctx) => {
      await ctx.clients.iam.send(
        new PutRolePolicyCommand({ RoleName: role, PolicyName: name, PolicyDocument: JSON.stringify(policy) }),
      );
    },
  };
}

export function alarmSteps(input: StepInput): Step[] {
  const definitions = alarmDefinitions(input.config, input.current.loadBalancer.LoadBalancerArn ?? '');
  return (['alarm-error-rate', 'alarm-response-time'] as const).map((key, i) => {
    const resource = input.spec[key]!;
    const wanted = definitions[i]!;
    const existing = input.current.alarms.find((a) => a.AlarmName === wanted.AlarmName);
    if (existing && alarmShape(existing) === alarmShape(wanted)) return noChange(resource);
    return {
      key,
      title: resource.title,
      action: existing ? 'update' : 'create',
      details: [existing ? 'definition replaced' : (wanted.AlarmDescription ?? '')],
      apply: async (ctx) => {
        await ctx.clients.cloudwatch.send(new PutMetricAlarmCommand({ ...wanted, Tags: TAGS }));
      },
    };
  });
}
