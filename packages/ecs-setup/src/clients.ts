import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { createClient, type AwsClientOptions } from '@credex/aws';

/** The AWS clients the blue-green setup reads and (when applying) writes with. */
export interface SetupClients {
  ecs: ECSClient;
  elbv2: ElasticLoadBalancingV2Client;
  ec2: EC2Client;
  iam: IAMClient;
  cloudwatch: CloudWatchClient;
}

export function createSetupClients(options: AwsClientOptions = {}): SetupClients {
  return {
    ecs: createClient(ECSClient, options),
    elbv2: createClient(ElasticLoadBalancingV2Client, options),
    ec2: createClient(EC2Client, options),
    iam: createClient(IAMClient, options),
    cloudwatch: createClient(CloudWatchClient, options),
  };
}
