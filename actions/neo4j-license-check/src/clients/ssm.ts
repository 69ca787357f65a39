export { SSMClient } from '@aws-sdk/client-ssm';
