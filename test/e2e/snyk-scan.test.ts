import { copyFileSync, existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { everythingVisible, REPO_ROOT, runAction, type RunOptions } from '../harness/run-bundle';
import { validateSarif } from '../../packages/reports/src/validate-sarif';
import { GitHubStandIn } from '../integration/scans/github-standin';
import { makeStandIns, readCalls, type StandInDir } from '../integration/scans/standins';

// The committed bundle runs as the runner runs it, with a stand-in `snyk` first on PATH (a node script that
// prints, writes the report files it is asked for and exits 0/1/2/3) and, for PR comments, a loopback stand-in of
// the GitHub REST API reached through GITHUB_API_URL.
const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'snyk');
const TOKEN = 'snyk-e2e-token-5c1f0d9a-7e2b-4c4e-9f3a';

let standIns: StandInDir;
let workspace: string;

beforeEach(() => {
  standIns = makeStandIns(['snyk']);
  workspace = mkdtempSync(join(tmpdir(), 'snyk-e2e-ws-'));
});

function run(inputs: RunOptions['inputs'], env: Record<string, string | undefined> = {}) {
  return runAction('snyk-scan', {
    inputs,
    workspace,
    env: { PATH: standIns.path, STANDIN_CALLS: standIns.callsFile, SNYK_TOKEN: TOKEN, ...env },
    timeoutMs: 60_000,
  });
}

function expectNoToken(result: Awaited<ReturnType<typeof run>>): void {
  expect(everythingVisible(result)).not.toContain(TOKEN);
  expect(result.rawStdout.replace(`::add-mask::${TOKEN}`, '')).not.toContain(TOKEN);
}

describe('snyk-scan (runner-exact, stand-in snyk CLI)', () => {
  it('runs snyk test, fails the gate on high issues, writes valid SARIF, summary and outputs', async () => {
    const result = await run(
      { 'severity-threshold': 'high', 'sarif-location': 'package.json' },
      { STANDIN_FIXTURE: join(FIXTURES, 'npm-object.json'), STANDIN_EXIT: '1', STANDIN_PRINT_TOKEN: '1' },
    );
    expect(result.exitCode).toBe(1);
    const calls = readCalls(standIns);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.hasToken).toBe(true);
    expect(calls[0]!.args[0]).toBe('test');
    expect(calls[0]!.args.some((a) => a.startsWith('--json-file-output='))).toBe(true);
    expect(calls[0]!.args.some((a) => a.startsWith('--sarif-file-output='))).toBe(true);
    expect(result.outputs).toMatchObject({
      critical: '1',
      high: '1',
      medium: '1',
      low: '1',
      failing: '2',
      vulnerable: 'true',
      passed: 'false',
      result: 'failed',
    });
    const sarif = JSON.parse(readFileSync(result.outputs['sarif-file']!, 'utf8')) as unknown;
    expect(validateSarif(sarif)).toEqual([]);
    expect(existsSync(result.outputs['json-file']!)).toBe(true);
    expect(result.summary).toContain('Snyk open-source: ❌ failed');
    expect(result.summary).toContain('| lodash@4.17.15 | high | Prototype Pollution |');
    expect(result.annotations.find((a) => a.level === 'error')?.message).toMatch(
      /^snyk-scan: gate failed: 2 issue\(s\) at or above high \(fail-on: all\)/,
    );
    expect(result.masks).toContain(TOKEN);
    expect(result.log).toContain('debug: using token ***');
    expectNoToken(result);
  });

  it('passes when ignores cover the failing issues, and an expired ignore stops applying with a warning', async () => {
    const fixtureEnv = { STANDIN_FIXTURE: join(FIXTURES, 'npm-object.json'), STANDIN_EXIT: '1' };
    const passed = await run(
      {
        'severity-threshold': 'critical',
        ignore: '- id: SNYK-JS-JSONWEBTOKEN-3180022\n  reason: verified by the gateway\n  expires: 2999-12-31\n',
      },
      fixtureEnv,
    );
    expect(passed.exitCode).toBe(0);
    expect(passed.outputs).toMatchObject({ passed: 'true', result: 'passed', critical: '0', vulnerable: 'true' });
    const expired = await run(
      {
        'severity-threshold': 'critical',
        ignore: '- id: SNYK-JS-JSONWEBTOKEN-3180022\n  reason: verified by the gateway\n  expires: 2020-01-31\n',
      },
      fixtureEnv,
    );
    expect(expired.exitCode).toBe(1);
    expect(expired.annotations.some((a) => a.level === 'warning' && /expired on 2020-01-31/.test(a.message))).toBe(
      true,
    );
  });

  it('fail-on upgradable ignores issues no upgrade fixes', async () => {
    const result = await run(
      { 'severity-threshold': 'medium', 'fail-on': 'upgradable' },
      { STANDIN_FIXTURE: join(FIXTURES, 'npm-object.json'), STANDIN_EXIT: '1' },
    );
    expect(result.outputs.failing).toBe('2');
  });

  it('exit 2 is a failed scan (not "vulnerabilities found"), with Snyk\'s own error', async () => {
    const result = await run({}, { STANDIN_FIXTURE: join(FIXTURES, 'error.json'), STANDIN_EXIT: '2' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ result: 'error', passed: 'false' });
    const error = result.annotations.find((a) => a.level === 'error')!.message;
    expect(error).toMatch(/^snyk-scan: the scan failed .*not a result \(snyk exit 2\): Authentication failed/);
    expect(error).not.toMatch(/vulnerabilit/i);
    expect(result.outputs.critical).toBeUndefined();
  });

  it('exit 2: heading "error" with Snyk’s own message from stdout (not the stderr banner), and no SARIF to upload', async () => {
    const result = await run(
      {},
      {
        STANDIN_EXIT: '2',
        STANDIN_STDOUT_FILE: join(FIXTURES, 'cli-error-stdout.txt'),
        STANDIN_STDERR_FILE: join(FIXTURES, 'cli-warning-stderr.txt'),
      },
    );
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ result: 'error', passed: 'false' });
    expect(result.outputs['sarif-file']).toBeUndefined();
    const error = result.annotations.find((a) => a.level === 'error')!.message;
    expect(error).toBe(
      'snyk-scan: the scan failed (Snyk could not complete it); this is not a result (snyk exit 2): Authentication error (SNYK-0005) Authentication credentials not recognized, or user access is not provisioned. Revise credentials with `snyk auth`, or make sure your account is provisioned.',
    );
    expect(result.summary).toContain('### Snyk open-source: ⚠️ error');
    expect(result.summary).not.toMatch(/❌ failed|Warning|platform/);
  });

  it('an error report (Snyk could not test) is an error, not a failed gate, and writes no SARIF', async () => {
    copyFileSync(join(FIXTURES, 'error.json'), join(workspace, 'snyk.json'));
    const result = await run({ 'from-report': 'snyk.json' }, { SNYK_TOKEN: undefined });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ result: 'error', passed: 'false' });
    expect(result.outputs['sarif-file']).toBeUndefined();
    expect(result.summary).toContain('### Snyk open-source: ⚠️ error');
    expect(result.summary).toContain('Authentication failed. Please check the API token');
    expect(result.summary).not.toContain('❌ failed');
  });

  it('a clean Snyk Code scan (exit 0, no JSON file, as code-test.md says) passes and uploads an empty run', async () => {
    const result = await run({ 'scan-type': 'code' }, { STANDIN_EXIT: '0', STANDIN_NO_JSON: '1' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      result: 'passed',
      passed: 'true',
      vulnerable: 'false',
      high: '0',
      failing: '0',
    });
    expect(result.outputs['json-file']).toBeUndefined();
    const sarif = JSON.parse(readFileSync(result.outputs['sarif-file']!, 'utf8')) as {
      runs: { results: unknown[]; automationDetails: { id: string }; tool: { driver: { name: string } } }[];
    };
    expect(validateSarif(sarif)).toEqual([]);
    expect(sarif.runs.map((r) => [r.tool.driver.name, r.automationDetails.id, r.results.length])).toEqual([
      ['Snyk Code', 'snyk-code/', 0],
    ]);
    // Every other command writes its JSON file whatever it finds: without one, exit 0 stays an error.
    const openSource = await run({}, { STANDIN_EXIT: '0', STANDIN_NO_JSON: '1' });
    expect(openSource.exitCode).toBe(1);
    expect(openSource.outputs.result).toBe('error');
  });

  it('Snyk Code ignores count as ignored and are suppressed in the SARIF; regions and code flows are kept', async () => {
    const result = await run(
      { 'scan-type': 'code', 'severity-threshold': 'medium' },
      { STANDIN_FIXTURE: join(FIXTURES, 'code-sarif-ignores.json'), STANDIN_EXIT: '1' },
    );
    expect(result.outputs).toMatchObject({ high: '1', medium: '0', failing: '1', result: 'failed' });
    expect(result.log).toContain('2 ignored (2 in Snyk)');
    const sarif = JSON.parse(readFileSync(result.outputs['sarif-file']!, 'utf8')) as {
      runs: {
        results: {
          ruleId: string;
          suppressions?: { kind: string; justification?: string }[];
          codeFlows?: unknown[];
          locations: { physicalLocation: { region: Record<string, number> } }[];
          partialFingerprints: Record<string, string>;
        }[];
      }[];
    };
    expect(validateSarif(sarif)).toEqual([]);
    const byRule = Object.fromEntries(sarif.runs[0]!.results.map((r) => [r.ruleId, r]));
    expect(byRule['javascript/Sqli']!.locations[0]!.physicalLocation.region).toEqual({
      startLine: 40,
      startColumn: 11,
      endLine: 42,
      endColumn: 8,
    });
    expect(byRule['javascript/Sqli']!.codeFlows).toHaveLength(1);
    expect(byRule['javascript/Sqli']!.suppressions).toBeUndefined();
    expect(byRule['javascript/HardcodedNonCryptoSecret']!.suppressions).toEqual([
      { kind: 'external', justification: 'Seed data for the local test database; not a real credential' },
    ]);
    expect(Object.keys(byRule['javascript/Sqli']!.partialFingerprints)).toEqual(['snykFinding/v2']);
    expect(result.summary).toMatch(
      /\| javascript\/HardcodedNonCryptoSecret \| src\/tests\/fixtures\/seed\.ts \| Snyk \|/,
    );
  });

  it('the SARIF run id is sarif-category (default snyk-<scan-type>); --all-projects is one run', async () => {
    const many = JSON.parse(readFileSync(join(FIXTURES, 'all-projects-array.json'), 'utf8')) as Record<
      string,
      unknown
    >[];
    const projects = Array.from({ length: 30 }, (_, i) => ({
      ...many[0],
      displayTargetFile: `services/s${i}/package-lock.json`,
    }));
    writeFileSync(join(workspace, 'many.json'), JSON.stringify(projects));
    const result = await run(
      { 'all-projects': 'true', 'sarif-category': 'snyk-monorepo' },
      { STANDIN_FIXTURE: join(workspace, 'many.json'), STANDIN_EXIT: '1' },
    );
    const sarif = JSON.parse(readFileSync(result.outputs['sarif-file']!, 'utf8')) as {
      runs: { automationDetails: { id: string }; results: unknown[] }[];
    };
    expect(validateSarif(sarif)).toEqual([]);
    expect(sarif.runs.map((r) => [r.automationDetails.id, r.results.length])).toEqual([['snyk-monorepo/', 30 * 4]]);
    const byDefault = await run({}, { STANDIN_FIXTURE: join(FIXTURES, 'npm-object.json'), STANDIN_EXIT: '1' });
    const ids = (
      JSON.parse(readFileSync(byDefault.outputs['sarif-file']!, 'utf8')) as {
        runs: { automationDetails: { id: string } }[];
      }
    ).runs.map((r) => r.automationDetails.id);
    expect(ids).toEqual(['snyk-open-source/']);
  });

  it('from-report and report paths must stay inside the workspace or RUNNER_TEMP, quoted only by a short prefix', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'snyk-e2e-outside-'));
    writeFileSync(join(outside, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
    symlinkSync(join(outside, 'passwd'), join(workspace, 'report.json'));
    const cases: [Record<string, string>, string][] = [
      [
        { 'from-report': '/etc/passwd' },
        `snyk-scan: input 'from-report' must name a file inside the workspace or RUNNER_TEMP, got "/etc/passwd"`,
      ],
      [
        { 'from-report': 'report.json' },
        `snyk-scan: input 'from-report' must name a file inside the workspace or RUNNER_TEMP, got "report.json"`,
      ],
      [
        { 'json-file': '/etc/snyk.json' },
        `snyk-scan: input 'json-file' must be a path inside the workspace or RUNNER_TEMP, got "/etc/snyk.json"`,
      ],
    ];
    for (const [inputs, message] of cases) {
      const result = await run(inputs, { SNYK_TOKEN: undefined });
      expect(result.exitCode).toBe(1);
      expect(result.annotations.map((a) => a.message)).toEqual([message]);
      expect(everythingVisible(result)).not.toContain('root:x:0:0');
    }
    expect(existsSync(join(workspace, 'snyk-reports'))).toBe(false);
    expect(readCalls(standIns)).toHaveLength(0);
  });

  it('exit 3 says no supported projects were detected', async () => {
    const result = await run(
      {},
      { STANDIN_EXIT: '3', STANDIN_STDERR: 'Could not detect supported target files in /w' },
    );
    expect(result.exitCode).toBe(1);
    expect(result.annotations.find((a) => a.level === 'error')!.message).toMatch(
      /no supported projects were detected \(snyk exit 3\): Could not detect supported target files/,
    );
  });

  it('exit 0 with a clean report passes; --all-projects and extra args are passed through', async () => {
    const clean = join(workspace, 'clean.json');
    writeFileSync(
      clean,
      JSON.stringify(JSON.parse(readFileSync(join(FIXTURES, 'all-projects-array.json'), 'utf8'))[1]),
    );
    const result = await run(
      { 'all-projects': 'true', args: '--org=credex --exclude="a dir"' },
      { STANDIN_FIXTURE: clean, STANDIN_EXIT: '0' },
    );
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ passed: 'true', vulnerable: 'false', result: 'passed' });
    expect(readCalls(standIns)[0]!.args.slice(0, 4)).toEqual([
      'test',
      '--all-projects',
      '--org=credex',
      '--exclude=a dir',
    ]);
  });

  it('without a token: fails with one line by default, or skips with a warning and a neutral result', async () => {
    const failed = await run({}, { SNYK_TOKEN: undefined });
    expect(failed.exitCode).toBe(1);
    expect(failed.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
      'snyk-scan: no Snyk token: set the SNYK_TOKEN environment variable from a secret, or the snyk-token input (or if-no-token: skip)',
    ]);
    const skipped = await run({ 'if-no-token': 'skip' }, { SNYK_TOKEN: undefined });
    expect(skipped.exitCode).toBe(0);
    expect(skipped.outputs.result).toBe('skipped');
    expect(skipped.outputs.passed).toBeUndefined();
    expect(skipped.annotations.some((a) => a.level === 'warning' && /SKIPPED/.test(a.message))).toBe(true);
    expect(skipped.summary).toContain('skipped');
    expect(readCalls(standIns)).toHaveLength(0);
  });

  it('from-report evaluates a UTF-16 report without running the CLI', async () => {
    copyFileSync(join(FIXTURES, 'npm-utf16-bom.json.utf16le'), join(workspace, 'snyk.json'));
    const result = await run(
      { 'from-report': 'snyk.json', 'severity-threshold': 'critical' },
      { SNYK_TOKEN: undefined },
    );
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ critical: '1', failing: '1' });
    expect(readCalls(standIns)).toHaveLength(0);
    // The report is kept, byte for byte, where json-file points.
    expect(readFileSync(result.outputs['json-file']!)).toEqual(readFileSync(join(workspace, 'snyk.json')));
    expect(validateSarif(JSON.parse(readFileSync(result.outputs['sarif-file']!, 'utf8')))).toEqual([]);
  });

  it('container scans test the image and put findings on the Dockerfile', async () => {
    const result = await run(
      { 'scan-type': 'container', image: 'credex-core-staging:1.2.3', 'severity-threshold': 'critical' },
      { STANDIN_FIXTURE: join(FIXTURES, 'container-applications.json'), STANDIN_EXIT: '1' },
    );
    expect(readCalls(standIns)[0]!.args.slice(0, 3)).toEqual(['container', 'test', 'credex-core-staging:1.2.3']);
    expect(result.outputs).toMatchObject({ critical: '1', high: '1', medium: '1', failing: '1' });
    const sarif = JSON.parse(readFileSync(result.outputs['sarif-file']!, 'utf8')) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    expect(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('Dockerfile');
  });

  it('redacts the token’s base64 and URL-encoded forms from what the CLI prints', async () => {
    const token = 'snyk/tok+en:5c1f?>0d9a=7e2b 4c4e~~';
    const result = await run(
      { 'snyk-token': token },
      {
        SNYK_TOKEN: undefined,
        STANDIN_FIXTURE: join(FIXTURES, 'npm-object.json'),
        STANDIN_EXIT: '1',
        STANDIN_PRINT_TOKEN: '1',
      },
    );
    const visible = everythingVisible(result);
    const forms = [
      token,
      Buffer.from(token).toString('base64'),
      encodeURIComponent(token),
      Buffer.from(`credex-ci:${token}`).toString('base64').slice(16, 40),
    ];
    for (const form of forms) expect([form, visible.includes(form)]).toEqual([form, false]);
    expect(result.log).toContain('debug: token (base64) ***');
    expect(result.log).toMatch(/debug: token \(url\) https:\/\/api\.snyk\.io\/v1\/\?token=\*\*\*&x=1/);
  });

  it('installs the pinned CLI from npm when snyk is not on PATH, and masks a token given as an input', async () => {
    standIns = makeStandIns(['npm'], { only: true });
    const result = await run(
      { 'snyk-token': TOKEN, 'cli-version': '1.1307.4' },
      {
        SNYK_TOKEN: undefined,
        STANDIN_FIXTURE: join(FIXTURES, 'license.json'),
        STANDIN_EXIT: '1',
        STANDIN_PRINT_TOKEN: '1',
      },
    );
    const calls = readCalls(standIns);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.args).toEqual(expect.arrayContaining(['install', '--no-save', 'snyk@1.1307.4']));
    expect(calls[0]!.args[calls[0]!.args.indexOf('--prefix') + 1]).toBe(join(result.files.temp, 'snyk-cli'));
    expect(calls[1]).toMatchObject({ hasToken: true });
    expect(result.log).toContain('installing snyk@1.1307.4 from npm');
    expect(result.outputs).toMatchObject({ high: '1', low: '1', failing: '2' });
    expect(result.masks).toContain(TOKEN);
    expectNoToken(result);
  });

  it.each([
    ['code', 'code-sarif.json', ['code', 'test'], 'src/api/Member/services/GetMember.ts', { high: '1', medium: '1' }],
    ['iac', 'iac.json', ['iac', 'test'], 'terraform/modules/app/main.tf', { medium: '1' }],
  ] as const)(
    'scan-type %s runs snyk %s and places results on the reported files',
    async (scanType, name, command, file, counts) => {
      const result = await run({ 'scan-type': scanType }, { STANDIN_FIXTURE: join(FIXTURES, name), STANDIN_EXIT: '1' });
      expect(readCalls(standIns)[0]!.args.slice(0, 2)).toEqual(command);
      expect(result.outputs).toMatchObject({ ...counts, passed: 'false' });
      const sarif = JSON.parse(readFileSync(result.outputs['sarif-file']!, 'utf8')) as {
        runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
      };
      expect(validateSarif(sarif)).toEqual([]);
      const uris = sarif.runs.flatMap((r) =>
        r.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri),
      );
      expect(uris).toContain(file);
    },
  );

  it('bad input fails with one line naming the input, before the CLI runs', async () => {
    const result = await run({ 'severity-threshold': 'severe' });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.map((a) => a.message)).toEqual([
      'snyk-scan: input \'severity-threshold\' must be one of low, medium, high, critical, got "severe"',
    ]);
    expect(result.log).not.toMatch(/\n\s+at /);
    expect(readCalls(standIns)).toHaveLength(0);
    const ignore = await run({ ignore: '- id: SNYK-1' });
    expect(ignore.annotations.map((a) => a.message)).toEqual([
      "snyk-scan: input 'ignore' entry 1 (SNYK-1) needs a reason",
    ]);
    const container = await run({ 'scan-type': 'container' });
    expect(container.annotations[0]?.message).toBe("snyk-scan: input 'image' is required when scan-type is container");
  });

  describe('PR comment', () => {
    let api: GitHubStandIn;
    let event: string;
    beforeEach(async () => {
      api = new GitHubStandIn();
      await api.start();
      api.addIssue({ number: 42, pull_request: {} });
      event = join(workspace, 'event.json');
      writeFileSync(event, JSON.stringify({ pull_request: { number: 42 } }));
    });
    afterEach(async () => api.stop());

    const prEnv = (): Record<string, string> => ({
      STANDIN_FIXTURE: join(FIXTURES, 'npm-object.json'),
      STANDIN_EXIT: '1',
      GITHUB_API_URL: api.url,
      GITHUB_EVENT_PATH: event,
      GITHUB_EVENT_NAME: 'pull_request',
    });

    it('keeps one comment per pull request, updated on the next run', async () => {
      const first = await run({ 'comment-on-pr': 'true', 'github-token': 'ghs_e2e' }, prEnv());
      expect(first.exitCode).toBe(1);
      const second = await run(
        { 'comment-on-pr': 'true', 'github-token': 'ghs_e2e', 'severity-threshold': 'critical' },
        prEnv(),
      );
      expect(second.exitCode).toBe(1);
      const comments = api.issues.get(42)!.comments;
      expect(comments).toHaveLength(1);
      expect(comments[0]!.body).toContain('<!-- credex-actions:snyk-scan/open-source -->');
      expect(comments[0]!.body).toContain('at or above **critical**');
      expect(api.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
      expect(comments[0]!.body).not.toContain(TOKEN);
    });

    it('without pull-requests: write it warns and the gate still decides', async () => {
      api.forbidWrites = true;
      const result = await run(
        {
          'comment-on-pr': 'true',
          'github-token': 'ghs_e2e',
          'severity-threshold': 'critical',
          ignore: '- {id: SNYK-JS-JSONWEBTOKEN-3180022, reason: test}',
        },
        prEnv(),
      );
      expect(result.exitCode).toBe(0);
      expect(result.annotations).toEqual([
        expect.objectContaining({
          level: 'warning',
          message: expect.stringMatching(/cannot comment on pull request #42 \(HTTP 403/) as string,
        }),
      ]);
    });
  });
});
