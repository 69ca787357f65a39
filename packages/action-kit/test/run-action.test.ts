import { jest } from '@jest/globals';
import {
  CancelledError,
  clearSecretsForTest,
  ConfigurationError,
  failStep,
  registerSecret,
  runAction,
  sleep,
  type ActionContext,
} from '@credex/action-kit';
import { parseCommandLine } from '../../../test/harness/workflow-commands';

// runAction in-process: what it writes (workflow commands on stdout), what it returns, and the signal it passes.

let stdout: jest.SpiedFunction<typeof process.stdout.write>;
const written = (): string => stdout.mock.calls.map((call) => String(call[0])).join('');
const commands = (name: string): string[] =>
  written()
    .split('\n')
    .map((line) => parseCommandLine(line))
    .filter((c) => c?.command === name)
    .map((c) => c!.message);

beforeEach(() => {
  for (const key of Object.keys(process.env)) if (/^(INPUT_|STATE_|GITHUB_)/.test(key)) delete process.env[key];
  stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  clearSecretsForTest();
});
afterEach(() => {
  stdout.mockRestore();
  process.exitCode = undefined;
});

test('success returns 0, runs main with phase "main" and marks the state for post', async () => {
  const seen: ActionContext[] = [];
  const code = await runAction('demo', async (context) => {
    seen.push(context);
    return Promise.resolve();
  });
  expect(code).toBe(0);
  expect(seen.map((c) => c.phase)).toEqual(['main']);
  expect(seen[0]!.signal.aborted).toBe(false);
  expect(commands('error')).toEqual([]);
  expect(commands('save-state')).toEqual(['true']);
});

test('the post phase runs post (not main) when main has run', async () => {
  process.env['STATE_credex-phase-main-ran'] = 'true';
  const ran: string[] = [];
  const code = await runAction('demo', {
    main: () => Promise.resolve(void ran.push('main')),
    post: ({ phase }) => Promise.resolve(void ran.push(`post:${phase}`)),
  });
  expect(code).toBe(0);
  expect(ran).toEqual(['post:post']);
});

test('a post phase without a post handler does nothing', async () => {
  process.env['STATE_credex-phase-main-ran'] = 'true';
  const main = jest.fn(() => Promise.resolve());
  expect(await runAction('demo', main)).toBe(0);
  expect(main).not.toHaveBeenCalled();
});

test('a ConfigurationError is one error line with the action name and no debugging dump', async () => {
  const code = await runAction('demo', () =>
    Promise.reject(new ConfigurationError("input 'x' is required but was empty")),
  );
  expect(code).toBe(1);
  expect(process.exitCode).toBe(1);
  expect(commands('error')).toEqual(["demo: input 'x' is required but was empty"]);
  expect(written()).not.toContain('details for debugging');
});

test('an unexpected Error is reported with its stack; an empty message falls back to the name', async () => {
  expect(await runAction('demo', () => Promise.reject(new RangeError('index 7 out of range')))).toBe(1);
  expect(commands('error')).toEqual(['demo: index 7 out of range']);
  expect(written()).toMatch(/details for debugging:\nRangeError: index 7 out of range\n\s+at /);
  stdout.mockClear();
  expect(await runAction('demo', () => Promise.reject(new TypeError()))).toBe(1);
  expect(commands('error')).toEqual(['demo: TypeError']);
});

test.each([
  ['a string', 'plain text', "'plain text'"],
  ['undefined', undefined, 'undefined'],
  ['null', null, 'null'],
  ['a number', 42, '42'],
  ['an object', { code: 'E_WEIRD' }, "{ code: 'E_WEIRD' }"],
])('a thrown non-Error (%s) fails the step and shows the value', async (_kind, value, shown) => {
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the point of the test
  const code = await runAction('demo', () => Promise.reject(value));
  expect(code).toBe(1);
  expect(process.exitCode).toBe(1);
  expect(commands('error')).toEqual([`demo: unexpected failure (a non-Error value was thrown): ${shown}`]);
});

test('failure messages are redacted', async () => {
  registerSecret('s3cr3t-value');
  await runAction('demo', () => Promise.reject(new Error('login failed for s3cr3t-value')));
  expect(commands('error')).toEqual(['demo: login failed for ***']);
  const withoutMasks = written()
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  expect(withoutMasks).not.toContain('s3cr3t-value');
});

test('failStep without throwing still makes the exit code 1', async () => {
  const code = await runAction('demo', () => Promise.resolve(failStep('demo', 'gate failed')));
  expect(code).toBe(1);
  expect(commands('error')).toEqual(['demo: gate failed']);
});

test('the runner cancel (SIGINT/SIGTERM listener) aborts the signal with a CancelledError; listeners are removed after', async () => {
  const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  let reason: unknown;
  const code = await runAction('demo', async ({ signal }) => {
    // Call only the listener runAction added (emitting a real signal would reach jest's own handlers too).
    const added = process.listeners('SIGTERM').filter((l) => !before.SIGTERM.includes(l));
    expect(added).toHaveLength(1);
    setTimeout(() => (added[0] as (signal: NodeJS.Signals) => void)('SIGTERM'), 10);
    try {
      await sleep(30_000, signal);
    } catch (error) {
      reason = error;
      throw error;
    }
  });
  expect(code).toBe(1);
  expect(reason).toBeInstanceOf(CancelledError);
  expect((reason as CancelledError).signalName).toBe('SIGTERM');
  expect(commands('warning')).toEqual(['demo: received SIGTERM, cancelling']);
  expect(commands('error')).toEqual(['demo: cancelled by SIGTERM']);
  expect(process.listeners('SIGINT')).toEqual(before.SIGINT);
  expect(process.listeners('SIGTERM')).toEqual(before.SIGTERM);
});
