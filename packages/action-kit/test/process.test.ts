import { bundleFixture, runFixture, type FixtureRun } from './fixture-runner';

// The kit at process level: test/fixtures/kit-action bundled with esbuild and run as the runner runs an action.

let script: string;
let cleanup: () => void;
beforeAll(() => {
  ({ script, cleanup } = bundleFixture());
}, 120_000);
afterAll(() => cleanup());

function expectOneLineFailure(run: FixtureRun, message: string): void {
  expect(run.exitCode).toBe(1);
  expect(run.errors).toEqual([message]);
  expect(message).not.toContain('\n');
  // No stack trace, no debugging dump, nothing done before validation finished.
  expect(run.rawStdout).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.log).not.toContain('details for debugging');
  expect(run.log).not.toContain('inputs validated');
  expect(run.outputs).toEqual({});
  expect(run.summary).toBe('');
}

describe('kit fixture action (bundled, child process)', () => {
  test('valid inputs: exit 0, typed values, summary, and post sees main state', async () => {
    const run = await runFixture(
      script,
      {
        name: 'ledger',
        count: '7',
        timeout: '1m30s',
        items: 'a, b\n# comment\nc',
        vars: 'NODE_ENV=production\nURL=https://x.test/?a=b=c',
        headers: 'Authorization: Bearer abc:def\nX-Trace: 1',
      },
      { runPost: true },
    );
    expect(run.exitCode).toBe(0);
    expect(run.errors).toEqual([]);
    expect(JSON.parse(run.outputs['summary-json']!)).toEqual({
      name: 'ledger',
      count: 7,
      timeoutMs: 90_000,
      items: ['a', 'b', 'c'],
      vars: [
        ['NODE_ENV', 'production'],
        ['URL', 'https://x.test/?a=b=c'],
      ],
      headers: { Authorization: 'Bearer abc:def', 'X-Trace': '1' },
    });
    expect(run.summary).toContain('ledger: 7');
    expect(run.post?.exitCode).toBe(0);
    expect(run.post?.log).toContain('post: main ran for ledger in mode ok');
    expect(run.post?.log).not.toContain('inputs validated');
  });

  test.each([
    ['a missing required input', { name: '' }, "kit-fixture: input 'name' is required but was empty"],
    ['a bad integer', { name: 'x', count: '3.5' }, 'kit-fixture: input \'count\' must be a whole number, got "3.5"'],
    ['an integer out of range', { name: 'x', count: '11' }, "kit-fixture: input 'count' must be at most 10, got 11"],
    [
      'a bad duration',
      { name: 'x', timeout: '5 minutes' },
      'kit-fixture: input \'timeout\' must be a duration like 90s, 5m or 1h, got "5 minutes"',
    ],
    [
      'a bad enum',
      { name: 'x', mode: 'explode' },
      'kit-fixture: input \'mode\' must be one of ok, leak-attempt, throw-string, throw-error, config-error, fail-step, wait-for-cancel, got "explode"',
    ],
    [
      'a bad KEY=value line',
      { name: 'x', vars: 'GOOD=1\nno equals sign' },
      'kit-fixture: input \'vars\' line 2: expected KEY=value, got "no equals sign"',
    ],
  ])('%s fails with one line naming the input and exit code 1', async (_case, inputs, message) => {
    expectOneLineFailure(await runFixture(script, inputs), message);
  });

  test('a ConfigurationError thrown by the action is one line too', async () => {
    const run = await runFixture(script, { name: 'x', mode: 'config-error' });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual(["kit-fixture: the name 'x' is not allowed here"]);
    expect(run.log).not.toContain('details for debugging');
  });

  test('a thrown string (not an Error) fails the step and says what was thrown', async () => {
    const run = await runFixture(script, { name: 'x', mode: 'throw-string' });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain('kit-fixture: unexpected failure (a non-Error value was thrown)');
    expect(run.errors[0]).toContain('a plain string was thrown');
  });

  test('a bug (thrown Error) fails with its message and a stack for debugging', async () => {
    const run = await runFixture(script, { name: 'x', mode: 'throw-error' });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual(['kit-fixture: something broke inside']);
    expect(run.log).toContain('details for debugging');
    expect(run.log).toMatch(/TypeError: something broke inside\n\s+at /);
  });

  test('failStep reports, lets the action finish its reporting, and exits 1', async () => {
    const run = await runFixture(script, { name: 'x', mode: 'fail-step' });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual(['kit-fixture: gate failed after reporting']);
    expect(run.log).toContain('reported before failing');
  });

  test('a secret passed as an input never appears in stdout, stderr, outputs or the summary', async () => {
    const token = 'tok-3f9a2c71-very-secret';
    const run = await runFixture(script, { name: 'x', mode: 'leak-attempt', token }, { runPost: true });
    expect(run.exitCode).toBe(1);
    expect(run.masks).toContain(token);
    // The only place the raw value may appear is the ::add-mask:: command the runner consumes.
    const linesWithToken = run.rawStdout.split('\n').filter((line) => line.includes(token));
    expect(linesWithToken).toEqual([`::add-mask::${token}`]);
    expect(run.stderr).not.toContain(token);
    expect(run.summary).toContain('token in summary: ***');
    expect(run.summary).not.toContain(token);
    expect(JSON.stringify(run.outputs)).not.toContain(token);
    expect(run.outputs['token-echo']).toBe('***');
    expect(run.log).toContain('token is ***');
    expect(run.warnings).toEqual(['token again: ***']);
    expect(run.errors).toEqual(['kit-fixture: request failed with token ***']);
    expect(run.post?.rawStdout).not.toContain(token);
  });

  test('a multi-line secret is masked line by line', async () => {
    const token = 'first-secret-line\nsecond-secret-line';
    const run = await runFixture(script, { name: 'x', mode: 'leak-attempt', token });
    expect(run.masks).toEqual(expect.arrayContaining(['first-secret-line', 'second-secret-line']));
    for (const line of ['first-secret-line', 'second-secret-line']) {
      expect(run.log).not.toContain(line);
      expect(run.summary).not.toContain(line);
      expect(JSON.stringify(run.outputs)).not.toContain(line);
      expect(run.errors.join('\n')).not.toContain(line);
    }
  });

  test.each(['SIGINT', 'SIGTERM'] as const)('%s reaches the action AbortSignal and fails the step', async (signal) => {
    const run = await runFixture(
      script,
      { name: 'x', mode: 'wait-for-cancel', timeout: '60s' },
      { signal: { name: signal, when: 'waiting for cancel' } },
    );
    expect(run.exitCode).toBe(1);
    expect(run.log).toContain(`abort observed: ${signal}`);
    expect(run.log).not.toContain('not cancelled');
    expect(run.warnings).toEqual([`kit-fixture: received ${signal}, cancelling`]);
    expect(run.errors).toEqual([`kit-fixture: cancelled by ${signal}`]);
    // Cancelled promptly, not after the 60 s sleep.
    expect(run.durationMs).toBeLessThan(15_000);
  });

  test('without a signal the wait runs to its end', async () => {
    const run = await runFixture(script, { name: 'x', mode: 'wait-for-cancel', timeout: '200ms' });
    expect(run.exitCode).toBe(0);
    expect(run.log).toContain('not cancelled');
    expect(run.log).not.toContain('abort observed');
  });
});
