import { ECSClient } from '@aws-sdk/client-ecs';
import { ConfigurationError } from '@credex/action-kit';
import { awsClientConfig, createClient, describeAwsError, isThrottlingError } from '@credex/aws';

describe('awsClientConfig', () => {
  test('takes the region from the option, then AWS_REGION, then AWS_DEFAULT_REGION', () => {
    expect(awsClientConfig({ region: 'eu-west-1', env: { AWS_REGION: 'af-south-1' } }).region).toBe('eu-west-1');
    expect(awsClientConfig({ env: { AWS_REGION: 'af-south-1', AWS_DEFAULT_REGION: 'us-east-1' } }).region).toBe(
      'af-south-1',
    );
    expect(awsClientConfig({ env: { AWS_DEFAULT_REGION: 'us-east-1' } }).region).toBe('us-east-1');
  });

  test('a missing region is a configuration error', () => {
    expect(() => awsClientConfig({ env: {} })).toThrow(ConfigurationError);
  });

  test('adaptive retries, and AWS_ENDPOINT_URL overrides the endpoint', () => {
    const config = awsClientConfig({ env: { AWS_REGION: 'af-south-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:5000' } });
    expect(config).toEqual({
      region: 'af-south-1',
      retryMode: 'adaptive',
      maxAttempts: 6,
      endpoint: 'http://127.0.0.1:5000',
    });
    expect(awsClientConfig({ env: { AWS_REGION: 'af-south-1' } }).endpoint).toBeUndefined();
  });

  test('the client honours the endpoint override', async () => {
    const client = createClient(ECSClient, {
      env: { AWS_REGION: 'af-south-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
    });
    const endpoint = await client.config.endpoint!();
    expect(endpoint.hostname).toBe('127.0.0.1');
    expect(endpoint.port).toBe(9);
    client.destroy();
  });
});

describe('AWS error helpers', () => {
  test('describe name, message, status and request id', () => {
    const error = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400, requestId: 'req-1' },
    });
    expect(describeAwsError(error)).toBe('ThrottlingException: Rate exceeded (HTTP 400, request req-1)');
    expect(isThrottlingError(error)).toBe(true);
    expect(isThrottlingError(new Error('x'))).toBe(false);
  });
});
