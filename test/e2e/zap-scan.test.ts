import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { everythingVisible, REPO_ROOT, runAction, type RunOptions } from '../harness/run-bundle';
import { validateSarif } from '../../packages/reports/src/validate-sarif';
import { GitHubStandIn } from '../integration/scans/github-standin';
import { makeStandIns, readCalls, type StandInDir } from '../integration/scans/standins';
import { ZapApiStandIn } from '../integration/scans/zap-api-standin';

// The committed bundle, run as the runner runs it. Container mode: a stand-in `docker` first on PATH records its
// arguments and writes the ZAP report files into the mounted workspace. Daemon mode: a loopback stand-in of the ZAP
// API. Issues and PR comments: a loopback stand-in of the GitHub REST API.
const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'zap');
const TARGET = 'https://staging.api.mycredex.app';

let standIns: StandInDir;
let workspace: string;

beforeEach(() => {
  standIns = makeStandIns(['docker']);
  workspace = mkdtempSync(join(tmpdir(), 'zap-e2e-ws-'));
});

function run(inputs: RunOptions['inputs'], env: Record<string, string | undefined> = {}) {
  return runAction('zap-scan', {
    inputs: { target: TARGET, 'sarif-location': 'docs/openapi.yaml', ...inputs },
    workspace,
    env: { PATH: standIns.path, STANDIN_CALLS: standIns.callsFile, ZAP_SCAN_POLL_MS: '10', ...env },
    timeoutMs: 60_000,
  });
}

const sarifOf = (path: string | undefined): unknown => JSON.parse(readFileSync(path!, 'utf8'));
const errors = (result: Awaited<ReturnType<typeof run>>): string[] =>
  result.annotations.filter((a) => a.level === 'error').map((a) => a.message);

describe('zap-scan with the ZAP container (stand-in docker)', () => {
  it('runs zap-baseline.py with the workspace mounted, a pacing/exclusion hook and unique report names', async () => {
    const result = await run({}, { STANDIN_ZAP_REPORT: join(FIXTURES, 'baseline-2.15.json') });
    const [call] = readCalls(standIns);
    const args = call!.args;
    expect(args.slice(0, 3)).toEqual(['run', '--rm', '--network=host']);
    expect(args).toContain(`${workspace}:/zap/wrk/:rw`);
    const script = args.indexOf('zap-baseline.py');
    expect(args[script - 1]).toBe('ghcr.io/zaproxy/zaproxy:stable');
    expect(args.slice(script + 1, script + 3)).toEqual(['-t', TARGET]);
    expect(args[args.indexOf('-J') + 1]).toMatch(/^zap-reports\/baseline-harness-[0-9a-f]{8}\.json$/);
    expect(args).toContain('-m');
    const hook = readFileSync(join(standIns.dir, 'hook.py'), 'utf8');
    expect(hook).toContain('zap.core.exclude_from_proxy(".*(?:/v1/devadmin/).*")');
    expect(hook).toContain('zap.ascan.set_option_delay_in_ms(5000)'); // 12 requests a minute, the default

    // Default gate: medium. CSP (3 instances, one on devadmin dropped) and cross-domain are medium.
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({
      high: '0',
      medium: '2',
      low: '1',
      informational: '1',
      failing: '2',
      passed: 'false',
      result: 'failed',
    });
    expect(result.outputs['json-report']).toBe(join(workspace, args[args.indexOf('-J') + 1]!));
    expect(result.outputs['html-report']).toMatch(/\.html$/);
    expect(validateSarif(sarifOf(result.outputs['sarif-file']))).toEqual([]);
    expect(result.summary).toContain('| Medium | 2 | 3 |');
    expect(result.summary).toContain('Content Security Policy (CSP) Header Not Set');
    expect(result.summary).not.toContain('devadmin');
    expect(errors(result)[0]).toMatch(/^zap-scan: gate failed: 2 alert\(s\) at or above medium risk or marked FAIL: /);
  });

  it('honours a rules file with only FAIL lines (passed with -c and applied by the action)', async () => {
    copyFileSync(join(FIXTURES, 'rules-fail-only.tsv'), join(workspace, 'zap-rules.tsv'));
    const result = await run(
      { 'rules-file': 'zap-rules.tsv', 'fail-on-risk': 'high' },
      { STANDIN_ZAP_REPORT: join(FIXTURES, 'baseline-2.15.json') },
    );
    const args = readCalls(standIns)[0]!.args;
    expect(args[args.indexOf('-c') + 1]).toBe('zap-rules.tsv');
    expect(result.exitCode).toBe(1);
    expect(result.outputs.failing).toBe('1');
    expect(errors(result)[0]).toContain('X-Content-Type-Options Header Missing (10021, low)');
  });

  it('applies IGNORE/INFO/WARN/OUTOFSCOPE rules and passes', async () => {
    copyFileSync(join(FIXTURES, 'rules-mixed.tsv'), join(workspace, 'rules.tsv'));
    const result = await run(
      { 'rules-file': 'rules.tsv' },
      { STANDIN_ZAP_REPORT: join(FIXTURES, 'baseline-2.15.json') },
    );
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ passed: 'true', medium: '1', low: '0', informational: '1' });
  });

  it('a malformed rules file is one line naming the line, and nothing runs', async () => {
    copyFileSync(join(FIXTURES, 'rules-malformed.tsv'), join(workspace, 'rules.tsv'));
    const result = await run({ 'rules-file': 'rules.tsv' });
    expect(result.exitCode).toBe(1);
    expect(errors(result)).toEqual([
      'zap-scan: input \'rules-file\' rules.tsv line 2: expected "<plugin id><TAB><IGNORE|INFO|WARN|FAIL|OUTOFSCOPE>…", got "10021 BLOCK (X-Content-Type-Options)"',
    ]);
    expect(readCalls(standIns)).toHaveLength(0);
  });

  it('exit 3 from ZAP is a failed scan', async () => {
    const result = await run({}, { STANDIN_EXIT: '3' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.result).toBe('error');
    expect(errors(result)[0]).toMatch(/^zap-scan: ZAP could not complete the scan \(exit 3\)/);
  });

  it('api mode runs zap-api-scan.py on the definition in the workspace; the definition is the SARIF location', async () => {
    writeFileSync(join(workspace, 'openapi.yaml'), 'openapi: 3.0.0\n');
    const result = await run(
      { mode: 'api', 'api-definition': 'openapi.yaml', 'sarif-location': undefined, 'fail-on-risk': 'high' },
      { STANDIN_ZAP_REPORT: join(FIXTURES, 'high-risk.json') },
    );
    const args = readCalls(standIns)[0]!.args;
    const script = args.indexOf('zap-api-scan.py');
    expect(args.slice(script + 1, script + 5)).toEqual(['-t', '/zap/wrk/openapi.yaml', '-f', 'openapi']);
    expect(result.outputs).toMatchObject({ high: '2', failing: '2' });
    const sarif = sarifOf(result.outputs['sarif-file']) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    expect(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('openapi.yaml');
  });

  it('matrix jobs get distinct report files', async () => {
    const a = await run({}, { STANDIN_ZAP_REPORT: join(FIXTURES, 'informational-only.json') });
    const b = await run(
      { target: 'https://dev.api.mycredex.app' },
      { STANDIN_ZAP_REPORT: join(FIXTURES, 'informational-only.json') },
    );
    expect(a.exitCode).toBe(0);
    expect(a.outputs['json-report']).not.toBe(b.outputs['json-report']);
    expect(a.outputs['sarif-file']).not.toBe(b.outputs['sarif-file']);
  });

  it('on cancel (SIGINT) removes the ZAP container and stops', async () => {
    const result = await runAction('zap-scan', {
      inputs: { target: TARGET, 'sarif-location': 'docs/openapi.yaml' },
      workspace,
      env: { PATH: standIns.path, STANDIN_CALLS: standIns.callsFile, STANDIN_SLEEP_MS: '20000' },
      cancelWhenStdout: 'Spidering...',
      timeoutMs: 30_000,
    });
    expect(result.cancelled).toBe(true);
    expect(result.exitCode).toBe(1);
    expect(result.durationMs).toBeLessThan(15_000);
    const calls = readCalls(standIns);
    const name = calls[0]!.args[calls[0]!.args.indexOf('--name') + 1];
    expect(calls[1]!.args).toEqual(['rm', '-f', name]);
    expect(errors(result)).toEqual(['zap-scan: cancelled by SIGINT']);
  });

  it('a URL as sarif-location is refused by name', async () => {
    const result = await run({ 'sarif-location': 'https://example.com/x' });
    expect(errors(result)).toEqual([
      "zap-scan: input 'sarif-location' must be a file in the repository, not a URL: https://example.com/x",
    ]);
  });

  it('without Docker or zap-api-url: one clear line', async () => {
    const empty = makeStandIns([], { only: true });
    const result = await run({}, { PATH: empty.path });
    expect(result.exitCode).toBe(1);
    expect(errors(result)).toEqual([
      'zap-scan: cannot scan: Docker is not on PATH and zap-api-url is not set (use a runner with Docker, set zap-api-url to a running ZAP daemon, or from-report to evaluate a report)',
    ]);
  });
});

describe('zap-scan driving a ZAP daemon (API stand-in)', () => {
  let zap: ZapApiStandIn;
  const KEY = 'zap-api-key-e2e-8f1c2b';
  beforeEach(async () => {
    zap = new ZapApiStandIn();
    zap.apiKey = KEY;
    await zap.start();
  });
  afterEach(async () => zap.stop());

  it('full scan over the API, keeps the target site only, masks the key', async () => {
    zap.report = readFileSync(join(FIXTURES, 'multi-site.json'), 'utf8');
    const result = await run({ mode: 'full', 'zap-api-url': zap.url, 'zap-api-key': KEY, 'fail-on-risk': 'low' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ low: '1', informational: '0', failing: '1' });
    expect(zap.actions()).toContain(`/JSON/ascan/action/scan/?url=${encodeURIComponent(TARGET)}&recurse=true`);
    expect(readCalls(standIns)).toHaveLength(0);
    expect(readFileSync(result.outputs['json-report']!, 'utf8')).toBe(zap.report);
    expect(result.masks).toContain(KEY);
    expect(everythingVisible(result)).not.toContain(KEY);
  });

  it('a wrong key is one clear line', async () => {
    const result = await run({ 'zap-api-url': zap.url, 'zap-api-key': 'wrong-key' });
    expect(result.exitCode).toBe(1);
    expect(errors(result)).toEqual([
      'zap-scan: ZAP API /JSON/core/view/version/ answered HTTP 400: bad_api_key: Bad API key (check zap-api-key)',
    ]);
  });
});

describe('zap-scan from-report, issue and PR comment (GitHub REST stand-in)', () => {
  let api: GitHubStandIn;
  let event: string;
  beforeEach(async () => {
    api = new GitHubStandIn();
    await api.start();
    event = join(workspace, 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { number: 5 } }));
    api.addIssue({ number: 5, pull_request: {} });
  });
  afterEach(async () => api.stop());

  const report = (name: string): string => {
    copyFileSync(join(FIXTURES, name), join(workspace, name));
    return name;
  };
  const gh = (): Record<string, string> => ({
    GITHUB_API_URL: api.url,
    GITHUB_EVENT_PATH: event,
    GITHUB_EVENT_NAME: 'pull_request',
  });

  it('evaluates a ZAP 2.8 report without alertRef', async () => {
    const result = await run({ 'from-report': report('legacy-2.8-no-alertref.json') });
    expect(readCalls(standIns)).toHaveLength(0);
    expect(result.outputs).toMatchObject({ medium: '1', low: '1', failing: '1' });
    const sarif = sarifOf(result.outputs['sarif-file']) as {
      runs: { tool: { driver: { rules: { id: string }[] } } }[];
    };
    expect(sarif.runs[0]!.tool.driver.rules.map((r) => r.id)).toEqual(['10020', '10016']);
    expect(validateSarif(sarif)).toEqual([]);
  });

  it('keeps one issue: created, commented with new/resolved alerts, closed when clean; one PR comment', async () => {
    const inputs = {
      'issue-title': 'ZAP: staging',
      'comment-on-pr': 'true',
      'github-token': 'ghs_zap',
      'fail-on-risk': 'high',
    };
    const first = await run({ ...inputs, 'from-report': report('baseline-2.15.json') }, gh());
    expect(first.exitCode).toBe(0);
    expect(first.outputs['issue-number']).toBe('6');
    expect(api.issues.get(6)).toMatchObject({ title: 'ZAP: staging', state: 'open' });

    const second = await run({ ...inputs, 'from-report': report('high-risk.json') }, gh());
    expect(second.exitCode).toBe(1);
    const comment = api.issues.get(6)!.comments.at(-1)!.body;
    expect(comment).toMatch(/New \(2\)[\s\S]*Cross Site Scripting \(Reflected\)[\s\S]*SQL Injection/);
    expect(comment).toMatch(/Resolved \(3\)[\s\S]*X-Content-Type-Options/);

    writeFileSync(
      join(workspace, 'clean.json'),
      '{"@version":"2.15.0","site":[{"@name":"https://staging.api.mycredex.app","alerts":[]}]}',
    );
    const third = await run({ ...inputs, 'from-report': 'clean.json' }, gh());
    expect(third.exitCode).toBe(0);
    expect(api.issues.get(6)).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(api.issues.get(5)!.comments).toHaveLength(1);
    expect(api.issues.get(5)!.comments[0]!.body).toContain('ZAP baseline scan: ✅ passed');
  });

  it('without issues/pull-requests write permission: warnings, the gate still decides', async () => {
    api.forbidWrites = true;
    const result = await run(
      {
        'issue-title': 'ZAP',
        'comment-on-pr': 'true',
        'github-token': 'ghs_zap',
        'from-report': report('informational-only.json'),
      },
      gh(),
    );
    expect(result.exitCode).toBe(0);
    expect(result.annotations.map((a) => a.level)).toEqual(['warning', 'warning']);
    expect(result.annotations[1]!.message).toMatch(/cannot keep issue "ZAP" \(HTTP 403.*issues: write/);
  });
});

describe('zap-scan input checks', () => {
  it.each([
    [
      { target: 'staging.api.mycredex.app' },
      `zap-scan: input 'target' must be an http(s) URL, got "staging.api.mycredex.app"`,
    ],
    [
      { mode: 'api' },
      "zap-scan: input 'api-definition' is required when mode is api (a URL or a path in the repository)",
    ],
    [
      { mode: 'api', 'api-definition': '/etc/hostname' },
      "zap-scan: input 'api-definition' is neither a URL nor a file in the workspace: /etc/hostname",
    ],
    [
      { 'fail-on-risk': 'critical' },
      `zap-scan: input 'fail-on-risk' must be one of informational, low, medium, high, got "critical"`,
    ],
    [
      { 'exclude-paths': '(devadmin' },
      `zap-scan: input 'exclude-paths' entry "(devadmin" is not a valid regex (Invalid regular expression: /(devadmin/: Unterminated group)`,
    ],
    [{ 'request-rate': 'fast' }, `zap-scan: input 'request-rate' must be a whole number, got "fast"`],
    [{ 'zap-api-url': 'localhost:8080' }, `zap-scan: input 'zap-api-url' must be an http(s) URL, got "localhost:8080"`],
    [
      { 'rules-file': join(FIXTURES, 'rules-mixed.tsv') },
      "zap-scan: input 'rules-file' must be inside the workspace for the ZAP container",
    ],
    [
      { 'issue-title': 'ZAP', 'github-token': '' },
      "zap-scan: input 'github-token' is required for comment-on-pr and issue-title",
    ],
  ] as [Record<string, string>, string][])(
    '%j is refused with one line before anything runs',
    async (inputs, message) => {
      const result = await run(inputs);
      expect(result.exitCode).toBe(1);
      expect(errors(result)).toEqual([message]);
      expect(readCalls(standIns)).toHaveLength(0);
      expect(existsSync(join(workspace, 'zap-reports'))).toBe(false);
      expect(result.log).not.toMatch(/\n\s+at /);
    },
  );
});
