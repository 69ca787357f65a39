import { jest } from '@jest/globals';
import { CancelledError } from '@credex/action-kit';
import { poll, PollTimeoutError } from '@credex/aws';

describe('poll', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('backs off between checks up to the cap and returns the final value', async () => {
    const waits: number[] = [];
    let calls = 0;
    const promise = poll({
      label: 'deployment',
      check: async () => ({ done: ++calls === 5, value: calls }),
      timeoutMs: 600_000,
      initialDelayMs: 1_000,
      maxDelayMs: 3_000,
      factor: 2,
      onPending: (_v, _a, next) => waits.push(next),
    });
    await jest.runAllTimersAsync();
    await expect(promise).resolves.toMatchObject({ value: 5, attempts: 5 });
    expect(waits).toEqual([1_000, 2_000, 3_000, 3_000]);
  });

  test('stops at the deadline with a message saying how long it waited', async () => {
    const promise = poll({
      label: 'deployment d-1 to succeed',
      check: async () => ({ done: false, value: 'InProgress' }),
      timeoutMs: 10_000,
      initialDelayMs: 4_000,
      now: () => Date.now(),
    });
    const assertion = expect(promise).rejects.toThrow(
      /deployment d-1 to succeed: still not done after \d+ checks over 10 s/,
    );
    await jest.runAllTimersAsync();
    await assertion;
    await expect(promise).rejects.toBeInstanceOf(PollTimeoutError);
  });

  test('cancellation interrupts the wait with the signal reason', async () => {
    const controller = new AbortController();
    let checks = 0;
    const promise = poll({
      label: 'x',
      check: async () => ({ done: false, value: ++checks }),
      timeoutMs: 600_000,
      initialDelayMs: 30_000,
      signal: controller.signal,
    });
    const assertion = expect(promise).rejects.toBeInstanceOf(CancelledError);
    await jest.advanceTimersByTimeAsync(1_000);
    controller.abort(new CancelledError('SIGINT'));
    await assertion;
    expect(checks).toBe(1);
  });

  test('errors from the check propagate', async () => {
    jest.useRealTimers();
    await expect(
      poll({ label: 'x', check: () => Promise.reject(new Error('AccessDenied')), timeoutMs: 1_000 }),
    ).rejects.toThrow('AccessDenied');
  });
});
