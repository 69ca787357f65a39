/** Facts about an AWS SDK error worth logging: its name, message, HTTP status and request id. */
export interface AwsErrorFacts {
  name: string;
  message: string;
  httpStatus?: number;
  requestId?: string;
}

interface SdkErrorShape {
  name?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

export function awsErrorFacts(error: unknown): AwsErrorFacts {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  return {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : String(error),
    httpStatus: e.$metadata?.httpStatusCode,
    requestId: e.$metadata?.requestId,
  };
}

export function describeAwsError(error: unknown): string {
  const f = awsErrorFacts(error);
  const extra = [f.httpStatus ? `HTTP ${f.httpStatus}` : '', f.requestId ? `request ${f.requestId}` : '']
    .filter(Boolean)
    .join(', ');
  return `${f.name}: ${f.message}${extra ? ` (${extra})` : ''}`;
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ThrottledException',
  'RateExceeded',
]);

export function isThrottlingError(error: unknown): boolean {
  return THROTTLING.has(awsErrorFacts(error).name);
}

export function isNotFoundError(error: unknown): boolean {
  const { name } = awsErrorFacts(error);
  return /NotFound|NoSuch|DoesNotExist/.test(name);
}
