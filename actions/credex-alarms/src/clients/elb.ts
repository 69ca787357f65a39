export { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
