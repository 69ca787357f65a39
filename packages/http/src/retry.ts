import { sleep } from '@credex/action-kit';
import { HttpFailure, isTransient, toHttpFailure } from './errors';

export interface RetryOptions {
  /** Further attempts after the first. */
  retries: number;
  delayMs: number;
  factor?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
  /** Decides whether a thrown failure is worth another attempt (default: transient network failures). */
  retryOn?: (failure: HttpFailure) => boolean;
  /** Decides whether a result is worth another attempt (e.g. a 503). */
  retryResult?: <T>(value: T) => boolean;
  onRetry?: (attempt: number, reason: string, delayMs: number) => void;
}

export interface Attempted<T> {
  value: T;
  attempts: number;
  elapsedMs: number;
}

/** Thrown when every attempt failed; says how many and over how long. */
export class RetriesExhausted extends HttpFailure {
  constructor(
    readonly last: HttpFailure,
    readonly attempts: number,
    readonly elapsedMs: number,
  ) {
    super(
      last.kind,
      `${last.message} after ${attempts} attempt${attempts === 1 ? '' : 's'} over ${(elapsedMs / 1000).toFixed(1)} s`,
      last.code,
    );
  }
}

export async function withRetries<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<Attempted<T>> {
  const started = Date.now();
  const retryOn = options.retryOn ?? isTransient;
  let delay = options.delayMs;
  for (let attempt = 1; ; attempt++) {
    let reason: string;
    try {
      const value = await fn(attempt);
      if (attempt > options.retries || !options.retryResult?.(value)) {
        return { value, attempts: attempt, elapsedMs: Date.now() - started };
      }
      reason = 'unwanted result';
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      const failure = toHttpFailure(error);
      if (attempt > options.retries || !retryOn(failure)) {
        throw new RetriesExhausted(failure, attempt, Date.now() - started);
      }
      reason = failure.message;
    }
    options.onRetry?.(attempt, reason, delay);
    await sleep(delay, options.signal);
    delay = Math.min(options.maxDelayMs ?? 30_000, delay * (options.factor ?? 2));
  }
}
