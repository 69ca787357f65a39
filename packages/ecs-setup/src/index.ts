export {
  defaultConfig,
  greenNameFor,
  isElbName,
  DEPLOY_POLICY_NAME,
  SECRETS_POLICY_NAME,
  INFRASTRUCTURE_POLICY_ARN,
  GITHUB_OIDC_HOST,
  GITHUB_OIDC_AUDIENCE,
  TEST_RULE_PRIORITY,
  TEST_TRAFFIC_DESCRIPTION,
  type SetupConfig,
} from './config';
export { createSetupClients, type SetupClients } from './clients';
export { discover, type Current } from './discover';
export { planSetup, applyPlan, planData, outputsOf, type Plan } from './plan';
export { blueGreenSpec, verifyHook, type Facts, type CreatedArns, type SpecResource, type HealthCheck } from './spec';
export {
  deployPolicy,
  deployTrustPolicy,
  taskSecretsPolicy,
  infrastructureTrustPolicy,
  canonicalPolicy,
  samePolicy,
  oidcProviderArn,
  type PolicyDocument,
  type PolicyStatement,
} from './policies';
export { alarmDefinitions, alarmShape, loadBalancerDimension } from './alarms';
export { countChanges, planLines, setupSummary } from './report';
export type { Step } from './step';
