import {
  DescribeLoadBalancersCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { ConfigurationError } from '@credex/action-kit';
import { isNotFoundError } from '@credex/aws';

/**
 * The ALB's CloudWatch dimension (`app/<name>/<id>`, the tail of its ARN) from its name. A missing ALB is the
 * user's to fix (a wrong name or environment), reported before anything is written.
 */
export async function loadBalancerDimension(elb: ElasticLoadBalancingV2Client, name: string): Promise<string> {
  let arn: string | undefined;
  try {
    const answer = await elb.send(new DescribeLoadBalancersCommand({ Names: [name] }));
    arn = answer.LoadBalancers?.[0]?.LoadBalancerArn;
  } catch (error) {
    if (!isNotFoundError(error)) throw error;
  }
  if (!arn) {
    throw new ConfigurationError(
      `input 'load-balancer': no load balancer named '${name}' in this account and region (use none to skip the ALB alarms)`,
    );
  }
  const match = /:loadbalancer\/(app\/[^/]+\/[^/]+)$/.exec(arn);
  if (!match) {
    throw new ConfigurationError(`input 'load-balancer': '${name}' is not an application load balancer (${arn})`);
  }
  return match[1]!;
}

/** `arn:<partition>:cloudwatch:<region>:<account>:alarm:` for the dashboard's alarm status widget. */
export async function alarmArnPrefix(sts: STSClient, region: string): Promise<string> {
  const { Arn, Account } = await sts.send(new GetCallerIdentityCommand({}));
  const partition = Arn?.split(':')[1] || 'aws';
  return `arn:${partition}:cloudwatch:${region}:${Account}:alarm:`;
}
