import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@credex/action-kit';
import { loadChecksFile, parseChecks, parseChecksText } from '../src/parse';

function problem(source: unknown): string {
  try {
    parseChecks(source, 'checks.yml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigurationError');
}

describe('parseChecks', () => {
  it('reads a full check with defaults filled in', () => {
    const suite = parseChecksText(
      `
checks:
  - name: health
    path: /health
    wait: true
    expect:
      status: 200
      headers: { X-Request-ID: { exists: true }, content-type: { matches: json }, server: { absent: true } }
      json:
        $.status: healthy
        $.uptime: { '>': 0, type: number }
      max-duration: 1s
      degraded-duration: 300
  - name: login
    method: post
    path: /v1/login
    headers: { x-client-api-key: '\${env.CLIENT_API_KEY}' }
    body: { phone: '\${env.PHONE}' }
    capture:
      token: { header: authorization, regex: 'Bearer (.+)' }
      memberId: $.memberID
  - name: dashboard
    method: POST
    path: /v1/getMemberDashboardByPhone
    auth: { bearer: '\${token}' }
    body: { memberID: '\${memberId}' }
    critical: false
    timeout: 2s
`,
      'checks.yml',
    );
    expect(suite.checks.map((c) => c.name)).toEqual(['health', 'login', 'dashboard']);
    const [health, login, dashboard] = suite.checks;
    expect(health!.method).toBe('GET');
    expect(health!.wait).toBe(true);
    expect(health!.critical).toBe(true);
    expect(health!.expect.status).toEqual({ text: '200', ranges: [[200, 200]] });
    expect(health!.expect.headers['x-request-id']).toEqual({ exists: true });
    expect(health!.expect.maxDurationMs).toBe(1000);
    expect(health!.expect.degradedDurationMs).toBe(300);
    expect(health!.expect.json).toEqual([
      { path: '$.status', equals: 'healthy' },
      { path: '$.uptime', greaterThan: 0, type: 'number' },
    ]);
    expect(login!.method).toBe('POST');
    expect(login!.usesEnv).toEqual(['CLIENT_API_KEY', 'PHONE']);
    expect(login!.captures.map((c) => [c.name, c.secret])).toEqual([
      ['token', true],
      ['memberId', false],
    ]);
    expect(dashboard!.uses).toEqual(['memberId', 'token']);
    expect(dashboard!.critical).toBe(false);
    expect(dashboard!.timeoutMs).toBe(2000);
  });

  it('accepts a bare list of checks', () => {
    expect(parseChecks([{ name: 'a', url: 'https://example.test/' }], 'x').checks).toHaveLength(1);
  });

  it.each([
    [
      [{ name: 'login', path: '/v1/login', expect: { status: '2xy' } }],
      `checks.yml: check 'login': expect.status: "2xy" is not a status, code list or range like 2xx`,
    ],
    [[{ name: 'login', path: '/x', expcet: {} }], `checks.yml: check 'login': unknown key 'expcet'`],
    [[{ name: 'h', path: '/x', expect: { stauts: 200 } }], `checks.yml: check 'h': expect: unknown key 'stauts'`],
    [
      [{ name: 'h', path: '/x', expect: { headers: { 'x-a': { equls: 'b' } } } }],
      `checks.yml: check 'h': expect.headers.x-a: unknown key 'equls'`,
    ],
    [
      [{ name: 'h', path: '/x', expect: { json: { '$.items[0': 1 } } }],
      `checks.yml: check 'h': expect.json["$.items[0"]: "$.items[0" is not a valid JSONPath (has an unclosed "[")`,
    ],
    [
      [{ name: 'h', path: '/x', expect: { json: { status: 1 } } }],
      `checks.yml: check 'h': expect.json["status"]: "status" is not a valid JSONPath (must start with $)`,
    ],
    [
      [{ name: 'h', path: '/x', expect: { json: { '$.a': { eq: 1 } } } }],
      `checks.yml: check 'h': expect.json["$.a"]: unknown key 'eq'`,
    ],
    [
      [
        { name: 'me', path: '/v1/me', auth: { bearer: '${token}' } },
        { name: 'login', path: '/v1/login', capture: { token: '$.token' } },
      ],
      `checks.yml: check 'me': uses \${token} before any earlier check captures it`,
    ],
    [[{ name: 'a', path: 'health' }], `checks.yml: check 'a': path: "health" must start with /`],
    [[{ name: 'a' }], `checks.yml: check 'a': needs exactly one of url and path`],
    [[{ path: '/x' }], `checks.yml: check #1: 'name' is required`],
    [[{ name: 'a', path: '/x', retries: 'two' }], `checks.yml: check 'a': retries: must be integer`],
    [[{ name: 'a', path: '/x', timeout: 'soon' }], `checks.yml: check 'a': timeout: "soon" is not a duration`],
    [[{ name: 'a', path: '/x', method: 'FETCH' }], `checks.yml: check 'a': method: "FETCH" is not one of`],
    [
      [{ name: 'a', path: '/x', expect: { body: { matches: '(' } } }],
      `check 'a': expect.body.matches[0]: "(" is not a valid regular expression`,
    ],
    [[{ name: 'a', path: '/${nope here}' }], `check 'a': \${nope here} is not a reference`],
    [
      [{ name: 'a', path: '/x', capture: { env: '$.a' } }],
      `check 'a': capture.env: "env" is not a usable variable name`,
    ],
    [[{ name: 'a', path: '/x', capture: { t: { body: true } } }], `check 'a': capture.t: body captures need a regex`],
    [
      [{ name: 'a', path: '/x', auth: { bearer: 'x', basic: { username: 'u', password: 'p' } } }],
      `check 'a': auth: must have exactly one key`,
    ],
    [
      [
        { name: 'a', path: '/x' },
        { name: 'a', path: '/y' },
      ],
      `check 'a': the name is used by an earlier check`,
    ],
    [{ checks: [] }, 'checks.yml: has no checks'],
    [{ check: [] }, "checks.yml: unknown key 'check'"],
    ['just text', 'checks.yml: must be a list of checks'],
  ])('rejects %j', (source, message) => {
    expect(problem(source)).toContain(message);
  });

  it('reports a YAML syntax error with the origin', () => {
    expect(() => parseChecksText('- name: [unclosed', 'inline')).toThrow(/^inline: is not valid YAML\/JSON/);
  });
});

describe('loadChecksFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smoke-parse-'));

  it('reads JSON and YAML files', async () => {
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ checks: [{ name: 'h', path: '/health' }] }));
    writeFileSync(join(dir, 'c.yml'), '- name: h\n  path: /health\n');
    expect((await loadChecksFile(join(dir, 'c.json'))).checks[0]!.path).toBe('/health');
    expect((await loadChecksFile(join(dir, 'c.yml'))).origin).toBe(join(dir, 'c.yml'));
  });

  it('names a missing or broken file', async () => {
    await expect(loadChecksFile(join(dir, 'missing.yml'))).rejects.toThrow(
      `checks file ${join(dir, 'missing.yml')}: not found`,
    );
    writeFileSync(join(dir, 'bad.json'), '{"checks": [');
    await expect(loadChecksFile(join(dir, 'bad.json'))).rejects.toThrow(/bad\.json: is not valid JSON/);
  });
});
