import { ConfigurationError } from '@credex/action-kit';

/** The configuration every AWS SDK v3 client in this suite is built with. */
export interface AwsClientConfig {
  region: string;
  endpoint?: string;
  retryMode: 'adaptive';
  maxAttempts: number;
}

export interface AwsClientOptions {
  region?: string;
  /** Defaults to 6: adaptive retries absorb throttling while polling. */
  maxAttempts?: number;
  env?: NodeJS.ProcessEnv;
}

/**
 * Region from the option, then AWS_REGION / AWS_DEFAULT_REGION. Credentials come from the SDK's default chain
 * (env, web identity from OIDC role-to-assume, SSO, instance metadata). AWS_ENDPOINT_URL sends every client to
 * one endpoint (moto in tests, LocalStack, a VPC endpoint).
 */
export function awsClientConfig(options: AwsClientOptions = {}): AwsClientConfig {
  const env = options.env ?? process.env;
  const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new ConfigurationError('no AWS region: set the aws-region input or AWS_REGION (e.g. af-south-1)');
  }
  const config: AwsClientConfig = { region, retryMode: 'adaptive', maxAttempts: options.maxAttempts ?? 6 };
  const endpoint = env.AWS_ENDPOINT_URL?.trim();
  if (endpoint) config.endpoint = endpoint;
  return config;
}

export function createClient<C>(Client: new (config: AwsClientConfig) => C, options: AwsClientOptions = {}): C {
  return new Client(awsClientConfig(options));
}
