import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { createClient, type AwsClientOptions } from '@credex/aws';

/** The AWS clients a deploy or rollback talks to. */
export interface DeployClients {
  ecs: ECSClient;
  codedeploy: CodeDeployClient;
  cloudwatch: CloudWatchClient;
  elbv2: ElasticLoadBalancingV2Client;
  ecr: ECRClient;
  iam: IAMClient;
}

export function createDeployClients(options: AwsClientOptions = {}): DeployClients {
  return {
    ecs: createClient(ECSClient, options),
    codedeploy: createClient(CodeDeployClient, options),
    cloudwatch: createClient(CloudWatchClient, options),
    elbv2: createClient(ElasticLoadBalancingV2Client, options),
    ecr: createClient(ECRClient, options),
    iam: createClient(IAMClient, options),
  };
}
