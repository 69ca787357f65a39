import { jest } from '@jest/globals';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '../src/errors';
import { checkedInputFile, outputFile, shortPrefix } from '../src/paths';
import { clearSecretsForTest, encodedForms, redact, registerSecret } from '../src/secrets';

describe('encoded forms of secrets', () => {
  let stdout: jest.SpiedFunction<typeof process.stdout.write>;
  beforeEach(() => {
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    clearSecretsForTest();
  });
  afterEach(() => stdout.mockRestore());

  const token = 'snyk/tok+en:5c1f?>0d9a=7e2b 4c4e~~';

  it('redacts the base64, base64url and URL-encoded forms, alone and inside longer encodings', () => {
    registerSecret(token);
    const b64 = Buffer.from(token).toString('base64');
    const b64url = Buffer.from(token).toString('base64url');
    const uri = encodeURIComponent(token);
    const form = new URLSearchParams({ t: token }).toString().slice(2);
    expect(new Set([b64, b64url, uri, form]).size).toBe(4);
    for (const shown of [b64, b64url, uri, form]) expect(redact(`value=${shown};`)).toBe('value=***;');
    // An Authorization: Basic header encodes "user:token"; every prefix length puts the token at another offset.
    for (const user of ['u', 'us', 'usr', 'credex-ci']) {
      const header = `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`;
      const redacted = redact(header);
      expect(redacted).toContain('***');
      // What is left around the mask is at most the user part and one base64 group on each side.
      expect(redacted.replace('***', '').length).toBeLessThanOrEqual(`Basic `.length + ((user.length + 1) * 4) / 3 + 8);
    }
  });

  it('masks the encoded forms in the runner log too, and leaves short or identical forms alone', () => {
    registerSecret(token);
    const masks = stdout.mock.calls.map((c) => String(c[0])).filter((t) => t.startsWith('::add-mask::'));
    expect(masks.length).toBeGreaterThan(4);
    expect(encodedForms('plainsecretvalue')).not.toContain('plainsecretvalue');
    expect(encodedForms('abc').every((f) => f.length >= 3)).toBe(true);
  });
});

describe('file inputs (inside the workspace or RUNNER_TEMP, regular files)', () => {
  const saved = { ...process.env };
  let workspace: string;
  let temp: string;
  let outside: string;
  beforeEach(() => {
    workspace = mkdtempSync(join(tmpdir(), 'kit-ws-'));
    temp = mkdtempSync(join(tmpdir(), 'kit-tmp-'));
    outside = mkdtempSync(join(tmpdir(), 'kit-out-'));
    process.env.GITHUB_WORKSPACE = workspace;
    process.env.RUNNER_TEMP = temp;
    writeFileSync(join(workspace, 'report.json'), '{}');
    writeFileSync(join(temp, 'report.json'), '{}');
    writeFileSync(join(outside, 'secret.txt'), 'root:x:0:0:root:/root:/bin/bash');
    mkdirSync(join(workspace, 'dir'));
    symlinkSync(join(outside, 'secret.txt'), join(workspace, 'link.json'));
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  const refused = (fn: () => unknown): string => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      return (error as Error).message;
    }
    throw new Error('not refused');
  };

  it('accepts files in the workspace (relative or absolute) and in RUNNER_TEMP', () => {
    expect(checkedInputFile('from-report', 'report.json')).toBe(join(workspace, 'report.json'));
    expect(checkedInputFile('from-report', join(temp, 'report.json'))).toBe(join(temp, 'report.json'));
  });

  it('refuses files elsewhere, links that lead elsewhere, folders and missing files, quoting a short prefix only', () => {
    expect(refused(() => checkedInputFile('from-report', '/etc/passwd'))).toBe(
      `input 'from-report' must name a file inside the workspace or RUNNER_TEMP, got "/etc/passwd"`,
    );
    expect(refused(() => checkedInputFile('from-report', '../../etc/passwd'))).toMatch(/must name a file inside/);
    expect(refused(() => checkedInputFile('from-report', 'link.json'))).toMatch(/must name a file inside/);
    expect(refused(() => checkedInputFile('from-report', 'dir'))).toMatch(/must name a regular file/);
    expect(refused(() => checkedInputFile('from-report', 'nope.json'))).toMatch(/does not exist/);
    const long = `${'a/'.repeat(100)}x.json`;
    expect(refused(() => checkedInputFile('from-report', long))).toContain(`${'a/'.repeat(20)}…"`);
  });

  it('accepts output paths in the workspace or RUNNER_TEMP, new folders included, and refuses others', () => {
    const saved = process.env['INPUT_SARIF-FILE'];
    const out = (value: string | undefined, fallback = 'reports/x.sarif'): string => {
      if (value === undefined) delete process.env['INPUT_SARIF-FILE'];
      else process.env['INPUT_SARIF-FILE'] = value;
      return outputFile('sarif-file', fallback);
    };
    expect(out(undefined)).toBe(join(workspace, 'reports', 'x.sarif'));
    expect(out(join(temp, 'new', 'a.sarif'))).toBe(join(temp, 'new', 'a.sarif'));
    expect(refused(() => out('/etc/cron.d/x'))).toMatch(/must be a path inside the workspace or RUNNER_TEMP/);
    expect(refused(() => out('link.json'))).toMatch(/must be a path inside/);
    expect(refused(() => out('dir'))).toMatch(/not a regular file/);
    process.env['INPUT_SARIF-FILE'] = saved;
  });

  it('shortPrefix never shows more than the start of a text', () => {
    expect(shortPrefix('x'.repeat(500))).toBe(`"${'x'.repeat(40)}…"`);
    expect(shortPrefix('a\nb')).toBe('"a b"');
  });
});
