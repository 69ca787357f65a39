import { sleep } from '@credex/action-kit';

export class PollTimeoutError extends Error {
  override readonly name = 'PollTimeoutError';
  constructor(
    readonly label: string,
    readonly attempts: number,
    readonly elapsedMs: number,
    readonly lastValue: unknown,
  ) {
    super(`${label}: still not done after ${attempts} checks over ${Math.round(elapsedMs / 1000)} s`);
  }
}

export interface PollOptions<T> {
  /** What is being waited for, for messages ("deployment d-123 to succeed"). */
  label: string;
  /** One check. Return `{ done: true, value }` to stop; `{ done: false, value }` to keep waiting. */
  check: (attempt: number) => Promise<{ done: boolean; value: T }>;
  /** Total time allowed, from the first check. */
  timeoutMs: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Growth of the delay between checks (default 1.5). */
  factor?: number;
  signal?: AbortSignal;
  /** Called after each unfinished check, before sleeping. */
  onPending?: (value: T, attempt: number, nextDelayMs: number) => void;
  now?: () => number;
}

export interface PollResult<T> {
  value: T;
  attempts: number;
  elapsedMs: number;
}

/**
 * Checks until done, with exponential backoff capped at maxDelayMs, a deadline, and cancellation through the
 * signal (the signal's reason is thrown). Errors from `check` propagate: retrying transient AWS errors is the
 * SDK's job (adaptive retry mode).
 */
export async function poll<T>(options: PollOptions<T>): Promise<PollResult<T>> {
  const now = options.now ?? Date.now;
  const initial = options.initialDelayMs ?? 5_000;
  const max = options.maxDelayMs ?? 30_000;
  const factor = options.factor ?? 1.5;
  const started = now();
  let delay = initial;
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw options.signal.reason;
    const { done, value } = await options.check(attempt);
    const elapsedMs = now() - started;
    if (done) return { value, attempts: attempt, elapsedMs };
    const remaining = options.timeoutMs - elapsedMs;
    if (remaining <= 0) throw new PollTimeoutError(options.label, attempt, elapsedMs, value);
    const wait = Math.min(delay, max, remaining);
    options.onPending?.(value, attempt, wait);
    await sleep(wait, options.signal);
    delay = Math.min(max, delay * factor);
  }
}
