export { httpRequest, type HttpRequest, type HttpResponse, type TlsFacts } from './request';
export { withRetries, RetriesExhausted, type RetryOptions, type Attempted } from './retry';
export { HttpFailure, toHttpFailure, isTransient, type HttpFailureKind } from './errors';
