import { setTimeout as delay } from 'node:timers/promises';

/** Sleeps for `ms`, rejecting with the signal's reason as soon as it aborts. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  await delay(ms, undefined, signal ? { signal } : undefined).catch((error: unknown) => {
    if (signal?.aborted) throw signal.reason;
    throw error;
  });
}
