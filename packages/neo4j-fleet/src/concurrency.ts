/**
 * Maps items with at most `limit` running at once, keeping the input order in the result. `fn` should not throw
 * for an item's own problems (record them instead); a throw rejects the whole map, like Promise.all.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  await Promise.all(workers);
  return results;
}

/**
 * Resolves with `work`, or rejects with the signal's reason once it aborts and `graceMs` have passed without `work`
 * finishing: a connection attempt that hangs must not hold a cancelled step until its own timeout.
 */
export async function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, graceMs: number): Promise<T> {
  if (!signal) return work;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      const timer = setTimeout(() => reject(signal.reason as Error), graceMs);
      void work.finally(() => clearTimeout(timer)).catch(() => undefined);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    return await Promise.race([work, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
