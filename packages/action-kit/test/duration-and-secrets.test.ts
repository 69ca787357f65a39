import { jest } from '@jest/globals';
import {
  CancelledError,
  clearSecretsForTest,
  formatDuration,
  parseDuration,
  redact,
  registerSecret,
  sleep,
} from '@credex/action-kit';

describe('parseDuration', () => {
  test.each([
    ['0', 0],
    ['0s', 0],
    ['250ms', 250],
    ['1m1s', 61_000],
    ['1h0m5s', 3_605_000],
    ['0.25s', 250],
    ['1.0005s', 1_001],
  ])('%s → %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  test.each(['', ' ', 'ms', '5 s', '5sec', '5S5', '1,5s', '.5s', 'Infinity'])('%j is not a duration', (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );
});

describe('formatDuration', () => {
  test.each([
    [0, '0 ms'],
    [999.4, '999 ms'],
    [1_000, '1.0 s'],
    [12_345, '12.3 s'],
    [59_949, '59.9 s'],
    [60_000, '1m 00s'],
    [245_000, '4m 05s'],
    [3_600_000, '60m 00s'],
  ])('%d ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('secrets', () => {
  let stdout: jest.SpiedFunction<typeof process.stdout.write>;
  beforeEach(() => {
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    clearSecretsForTest();
  });
  afterEach(() => stdout.mockRestore());
  const masks = (): string[] =>
    stdout.mock.calls
      .map((call) => String(call[0]))
      .filter((text) => text.startsWith('::add-mask::'))
      .map((text) => text.slice('::add-mask::'.length).trim());

  test('a registered value is masked once and replaced everywhere in our text', () => {
    registerSecret('abc123token');
    registerSecret('abc123token');
    expect(masks().filter((m) => m === 'abc123token')).toHaveLength(1);
    expect(new Set(masks()).size).toBe(masks().length);
    expect(redact('a abc123token b abc123token')).toBe('a *** b ***');
  });

  test('longer secrets are replaced before shorter ones they contain', () => {
    registerSecret('pass');
    registerSecret('password-long');
    expect(redact('x password-long y pass')).toBe('x *** y ***');
  });

  test('multi-line secrets are masked line by line too', () => {
    registerSecret('-----BEGIN KEY-----\nMIIEline\n-----END KEY-----');
    expect(masks()).toEqual(expect.arrayContaining(['-----BEGIN KEY-----', 'MIIEline', '-----END KEY-----']));
    expect(redact('key part: MIIEline')).toBe('key part: ***');
  });

  test('undefined, empty and very short values are not registered (they would mask everything)', () => {
    registerSecret(undefined);
    registerSecret('');
    registerSecret('  ');
    registerSecret('ab');
    expect(masks()).toEqual([]);
    expect(redact('ab cd')).toBe('ab cd');
  });
});

describe('sleep', () => {
  test('resolves after the time', async () => {
    const started = Date.now();
    await sleep(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  test('rejects with the abort reason at once, also when already aborted', async () => {
    const controller = new AbortController();
    const pending = sleep(30_000, controller.signal);
    controller.abort(new CancelledError('SIGINT'));
    await expect(pending).rejects.toMatchObject({ name: 'CancelledError', signalName: 'SIGINT' });
    await expect(sleep(30_000, controller.signal)).rejects.toBeInstanceOf(CancelledError);
  });
});
