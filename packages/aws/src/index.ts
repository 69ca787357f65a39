export { awsClientConfig, createClient, type AwsClientConfig, type AwsClientOptions } from './clients';
export { poll, PollTimeoutError, type PollOptions, type PollResult } from './poller';
export { awsErrorFacts, describeAwsError, isThrottlingError, isNotFoundError, type AwsErrorFacts } from './errors';
