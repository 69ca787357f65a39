import { jest } from '@jest/globals';
import { clearSecretsForTest, ConfigurationError, input, redact } from '@credex/action-kit';

// Input readers in-process: INPUT_* variables as the runner sets them (upper-cased, spaces to underscores).

const set = (name: string, value: string): void => {
  process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
};

function failure(read: () => unknown): ConfigurationError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected the reader to throw');
}

let stdout: jest.SpiedFunction<typeof process.stdout.write>;
beforeEach(() => {
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key];
  delete process.env.GITHUB_ACTIONS;
  stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  clearSecretsForTest();
});
afterEach(() => stdout.mockRestore());

describe('required / optional', () => {
  test('an empty or blank input is undefined, never ""', () => {
    expect(input.optional('missing')).toBeUndefined();
    set('blank', '   \n ');
    expect(input.optional('blank')).toBeUndefined();
  });

  test('values are trimmed; names with spaces and hyphens map like the runner', () => {
    set('cluster name', '  credex-cluster-staging  ');
    expect(input.required('cluster name')).toBe('credex-cluster-staging');
    set('task-family', 'credex-core-staging');
    expect(process.env['INPUT_TASK-FAMILY']).toBe('credex-core-staging');
    expect(input.required('task-family')).toBe('credex-core-staging');
  });

  test('a missing required input names the input', () => {
    expect(failure(() => input.required('service')).message).toBe("input 'service' is required but was empty");
  });
});

describe('boolean', () => {
  test.each([
    ['true', true],
    ['TRUE', true],
    ['False', false],
  ])('%s reads as %s', (text, value) => {
    set('flag', text);
    expect(input.boolean('flag', !value)).toBe(value);
  });

  test('empty takes the fallback; yes/1 are refused', () => {
    expect(input.boolean('flag', true)).toBe(true);
    for (const text of ['yes', '1', 'on']) {
      set('flag', text);
      expect(failure(() => input.boolean('flag', false)).message).toBe(
        `input 'flag' must be true or false, got "${text}"`,
      );
    }
  });
});

describe('integer and number', () => {
  test('whole numbers with bounds', () => {
    set('count', '42');
    expect(input.integer('count', 1, { min: 1, max: 100 })).toBe(42);
    set('count', '-3');
    expect(input.integer('count', 1)).toBe(-3);
    expect(failure(() => input.integer('count', 1, { min: 0 })).message).toBe(
      "input 'count' must be at least 0, got -3",
    );
    expect(input.integer('absent', 5)).toBe(5);
    expect(input.integer('absent', undefined)).toBeUndefined();
  });

  test.each(['1.5', '1e3', '0x10', 'ten', '12abc', '9007199254740993'])('refuses %s', (text) => {
    set('count', text);
    expect(failure(() => input.integer('count', 1)).message).toMatch(
      /^input 'count' (must be a whole number|is out of range)/,
    );
  });

  test('number accepts fractions and checks bounds', () => {
    set('rate', '0.05');
    expect(input.number('rate', undefined, { min: 0, max: 1 })).toBe(0.05);
    set('rate', '1.5');
    expect(failure(() => input.number('rate', undefined, { max: 1 })).message).toBe(
      "input 'rate' must be at most 1, got 1.5",
    );
    set('rate', '5%');
    expect(failure(() => input.number('rate', undefined)).message).toBe('input \'rate\' must be a number, got "5%"');
  });
});

describe('duration', () => {
  test.each([
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['1.5s', 1_500],
    ['2d', 172_800_000],
    ['10', 10_000],
    [' 5M ', 300_000],
  ])('%s is %d ms', (text, ms) => {
    set('timeout', text);
    expect(input.duration('timeout', '1s')).toBe(ms);
  });

  test.each(['5 minutes', 'm', '-5s', '5x', '1h 30m', 's5', '5s5'])('refuses %s', (text) => {
    set('timeout', text);
    expect(failure(() => input.duration('timeout', '1s')).message).toBe(
      `input 'timeout' must be a duration like 90s, 5m or 1h, got ${JSON.stringify(text.trim())}`,
    );
  });

  test('falls back to a default given as text or milliseconds', () => {
    expect(input.duration('timeout', '2m')).toBe(120_000);
    expect(input.duration('timeout', 750)).toBe(750);
    expect(input.duration('timeout')).toBeUndefined();
  });
});

describe('list', () => {
  test('commas and newlines, blanks and comment lines dropped', () => {
    set('items', 'a, b,,c\n\n# a comment\n  d  \r\ne,');
    expect(input.list('items')).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  test('empty is an empty list', () => {
    expect(input.list('items')).toEqual([]);
  });
});

describe('keyValues', () => {
  test('keeps order, later duplicates win, values may hold = and spaces', () => {
    set('vars', 'B=2\r\nA=1\n# comment\n\nURL = https://x.test/?q=a=b \nB=3\nEMPTY=');
    const vars = input.keyValues('vars');
    expect([...vars]).toEqual([
      ['B', '3'],
      ['A', '1'],
      ['URL', 'https://x.test/?q=a=b'],
      ['EMPTY', ''],
    ]);
  });

  test.each([
    ['no equals', 'input \'vars\' line 2: expected KEY=value, got "no equals"'],
    ['=value', 'input \'vars\' line 2: expected KEY=value, got "=value"'],
    ['1BAD=x', 'input \'vars\' line 2: "1BAD" is not a valid key'],
    ['SP ACE=x', 'input \'vars\' line 2: "SP ACE" is not a valid key'],
  ])('refuses %s with the line number', (line, message) => {
    set('vars', `OK=1\n${line}`);
    expect(failure(() => input.keyValues('vars')).message).toBe(message);
  });

  test('a custom key pattern', () => {
    set('vars', 'lower=1');
    expect(failure(() => input.keyValues('vars', { keyPattern: /^[A-Z_]+$/ })).message).toMatch(
      /"lower" is not a valid key/,
    );
  });
});

describe('headers', () => {
  test('Name: value lines; colons in values are kept', () => {
    set('headers', 'Authorization: Bearer a:b:c\nx-client-api-key:  key  \n# comment\n\nX-Empty:');
    expect(input.headers('headers')).toEqual({
      Authorization: 'Bearer a:b:c',
      'x-client-api-key': 'key',
      'X-Empty': '',
    });
  });

  test.each(['no colon here', ': value', 'Bad Name: x', 'Bad(name): x'])('refuses %s', (line) => {
    set('headers', `X-Ok: 1\n${line}`);
    expect(failure(() => input.headers('headers')).message).toBe('input \'headers\' line 2: expected "Name: value"');
  });
});

describe('structured, oneOf, exclusive', () => {
  test('JSON and YAML parse; broken text names the input', () => {
    set('config', '{"a": [1, 2]}');
    expect(input.structured('config')).toEqual({ a: [1, 2] });
    set('config', 'a:\n  - 1\n  - two');
    expect(input.structured('config')).toEqual({ a: [1, 'two'] });
    set('config', '{"a": [1, 2}');
    expect(failure(() => input.structured('config')).message).toMatch(/^input 'config' is not valid YAML\/JSON: /);
  });

  test('oneOf is case-insensitive and lists the choices when wrong', () => {
    set('environment', 'Staging');
    expect(input.oneOf('environment', ['development', 'staging', 'production'], 'development')).toBe('staging');
    set('environment', 'prod');
    expect(failure(() => input.oneOf('environment', ['development', 'staging', 'production'])).message).toBe(
      'input \'environment\' must be one of development, staging, production, got "prod"',
    );
    expect(input.oneOf('absent', ['a', 'b'], 'b')).toBe('b');
  });

  test('exclusive refuses two inputs set together', () => {
    expect(input.exclusive('image', 'task-definition')).toBeUndefined();
    set('image', 'repo:tag');
    expect(input.exclusive('image', 'task-definition')).toBe('image');
    set('task-definition', 'td.json');
    expect(failure(() => input.exclusive('image', 'task-definition')).message).toBe(
      "inputs 'image' and 'task-definition' cannot be used together",
    );
  });
});

describe('secret', () => {
  test('is masked at once (::add-mask::) and redacted from our own text', () => {
    set('password', 'hunter2-secret');
    expect(input.secret('password')).toBe('hunter2-secret');
    const written = stdout.mock.calls.map((call) => String(call[0])).join('');
    expect(written).toContain('::add-mask::hunter2-secret');
    expect(redact('password=hunter2-secret;')).toBe('password=***;');
  });

  test('keeps surrounding spaces of the value but masks the trimmed text', () => {
    set('password', ' spaced-secret ');
    expect(input.secret('password')).toBe(' spaced-secret ');
    expect(redact('[spaced-secret]')).toBe('[***]');
  });

  test('required and missing names the input; optional and missing is undefined', () => {
    expect(input.secret('token')).toBeUndefined();
    expect(failure(() => input.secret('token', { required: true })).message).toBe(
      "input 'token' is required but was empty",
    );
  });
});

describe('httpUrl', () => {
  test('accepts http and https URLs and leaves an empty optional input undefined', () => {
    expect(input.httpUrl('base-url')).toBeUndefined();
    set('base-url', 'https://api.staging.example.com');
    expect(input.httpUrl('base-url', { required: true })).toBe('https://api.staging.example.com');
  });

  test.each(['ftp://host/x', 'not a url', '/health'])('rejects %j naming the input', (value) => {
    set('base-url', value);
    expect(failure(() => input.httpUrl('base-url')).message).toBe(
      `input 'base-url' must be an http(s) URL, got ${JSON.stringify(value)}`,
    );
  });

  test('a required one that is empty says so', () => {
    expect(failure(() => input.httpUrl('verify-base-url', { required: true })).message).toBe(
      "input 'verify-base-url' is required but was empty",
    );
  });
});
