/**
 * What the blue-green setup works on, with credex-core's names (terraform/modules/connectors/shared_resources/main.tf
 * and modules/app/main.tf at 9028233) as defaults for an environment `<env>`: cluster credex-cluster-<env>, service
 * credex-core-service-<env>, task family credex-core-<env>, ECR repository credex-core-<env>, roles
 * ecs-execution-role-<env> / ecs-task-role-<env>. The new resources follow the same pattern.
 */

export interface SetupConfig {
  environment: string;
  region: string;
  cluster: string;
  service: string;
  /** The green target group; default `<production target group>-green`. */
  greenTargetGroup?: string;
  /** Priority of the production rule on the production listener: the last one, so credex-core's own rules win. */
  productionRulePriority: number;
  testPort: number;
  /** Who may send test traffic; default the VPC's CIDR and its NAT gateways' addresses. At most 5. */
  testCidrs?: string[];
  infrastructureRole: string;
  deployRole: string;
  /** owner/name of the repository whose workflows assume the deploy role. */
  githubRepository: string;
  /** GitHub environment whose jobs may assume the deploy role (the OIDC `sub` claim names it). */
  githubEnvironment: string;
  taskRole: string;
  executionRole: string;
  taskFamily: string;
  ecrRepository: string;
  /** Secrets Manager names the tasks may read (valueFrom), e.g. credex-core/staging/JWT_SECRET. */
  secretsPrefix: string;
  alarms: { errorRate: string; responseTime: string };
  /** ECS bakeTimeInMinutes: both revisions kept this long after production traffic moved. */
  bakeTimeMinutes: number;
  /** Minutes a deployment waits at the verify pause before ECS rolls it back; 0 = no pause hook. */
  verifyHookTimeoutMinutes: number;
}

export const TEST_RULE_PRIORITY = 1;
export const DEPLOY_POLICY_NAME = 'credex-core-deploy';
export const SECRETS_POLICY_NAME = 'credex-core-secrets';
export const INFRASTRUCTURE_POLICY_ARN = 'arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers';
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';
export const TEST_TRAFFIC_DESCRIPTION = 'credex-core blue-green test traffic';

export function defaultConfig(environment: string, region: string, githubRepository: string): SetupConfig {
  return {
    environment,
    region,
    cluster: `credex-cluster-${environment}`,
    service: `credex-core-service-${environment}`,
    productionRulePriority: 50000,
    testPort: 8443,
    infrastructureRole: `ecs-infrastructure-role-${environment}`,
    deployRole: `credex-core-deploy-${environment}`,
    githubRepository,
    githubEnvironment: environment,
    taskRole: `ecs-task-role-${environment}`,
    executionRole: `ecs-execution-role-${environment}`,
    taskFamily: `credex-core-${environment}`,
    ecrRepository: `credex-core-${environment}`,
    secretsPrefix: `credex-core/${environment}/`,
    alarms: {
      errorRate: `credex-core-${environment}-alb-5xx-rate`,
      responseTime: `credex-core-${environment}-target-response-time`,
    },
    bakeTimeMinutes: 5,
    verifyHookTimeoutMinutes: 30,
  };
}

/** Load balancer and target group names: letters, digits and hyphens, at most 32, no hyphen at either end. */
export function isElbName(name: string): boolean {
  return /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/.test(name);
}

/** The green target group's name for a production one (a `-green` production group is already the green one). */
export function greenNameFor(productionTargetGroup: string): string {
  return `${productionTargetGroup.replace(/-green$/, '')}-green`;
}
