import { spawnSync } from 'node:child_process';
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
    // No -m: zap-baseline.py's own default (1 minute) applies unless spider-minutes is set.
    expect(args).not.toContain('-m');
    const hook = readFileSync(join(standIns.dir, 'hook.py'), 'utf8');
    expect(hook).toContain('zap.core.exclude_from_proxy(".*(?:/v1/devadmin/).*")');
    expect(hook).toContain('zap.ascan.set_option_delay_in_ms(1200)');

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
      'zap-scan: input \'rules-file\' rules.tsv line 2: fields are separated by spaces; ZAP needs tabs between the fields: "10021 BLOCK (X-Content-Type-Options)"',
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

  it('a full scan keeps ZAP’s unlimited spider unless spider-minutes is set', async () => {
    await run({ mode: 'full' }, { STANDIN_ZAP_REPORT: join(FIXTURES, 'informational-only.json') });
    await run(
      { mode: 'full', 'spider-minutes': '5' },
      { STANDIN_ZAP_REPORT: join(FIXTURES, 'informational-only.json') },
    );
    const [unlimited, limited] = readCalls(standIns).map((c) => c.args);
    expect(unlimited![unlimited!.indexOf('zap-full-scan.py')]).toBe('zap-full-scan.py');
    expect(unlimited).not.toContain('-m');
    expect(limited!.slice(limited!.indexOf('-m'), limited!.indexOf('-m') + 2)).toEqual(['-m', '5']);
  });

  it('GraphQL: the endpoint is -t and the schema --schema, as zap-api-scan.py takes them (the stand-in checks like it)', async () => {
    writeFileSync(join(workspace, 'schema.graphqls'), 'type Query { member(id: ID!): String }\n');
    const result = await run(
      {
        mode: 'api',
        'api-format': 'graphql',
        target: `${TARGET}/graphql`,
        'api-definition': 'schema.graphqls',
        'sarif-location': 'schema.graphqls',
      },
      { STANDIN_ZAP_REPORT: join(FIXTURES, 'informational-only.json') },
    );
    expect(result.exitCode).toBe(0);
    const args = readCalls(standIns)[0]!.args;
    const script = args.indexOf('zap-api-scan.py');
    expect(args.slice(script + 1, script + 6)).toEqual([
      '-t',
      `${TARGET}/graphql`,
      '-f',
      'graphql',
      '--schema=/zap/wrk/schema.graphqls',
    ]);
    // The old command line (the schema as -t) makes the real script exit 3; the stand-in does the same.
    const old = spawnSync(
      join(standIns.dir, 'bin', 'docker'),
      [
        'run',
        '-v',
        `${workspace}:/zap/wrk/:rw`,
        'zap',
        'zap-api-scan.py',
        '-t',
        '/zap/wrk/schema.graphqls',
        '-f',
        'graphql',
      ],
      { env: { ...process.env, STANDIN_CALLS: standIns.callsFile }, encoding: 'utf8' },
    );
    expect(old.status).toBe(3);
    expect(old.stderr).toContain('be a valid GraphQL endpoint');
  });

  it('OpenAPI: the target overrides the definition’s host with -O; a definition in RUNNER_TEMP is copied into the mount', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'zap-e2e-temp-'));
    writeFileSync(join(temp, 'openapi.json'), '{"openapi":"3.0.0","paths":{}}');
    const result = await run(
      { mode: 'api', 'api-definition': join(temp, 'openapi.json') },
      { STANDIN_ZAP_REPORT: join(FIXTURES, 'informational-only.json'), RUNNER_TEMP: temp },
    );
    expect(result.exitCode).toBe(0);
    const args = readCalls(standIns)[0]!.args;
    const script = args.indexOf('zap-api-scan.py');
    expect(args[script + 2]).toMatch(/^\/zap\/wrk\/zap-reports\/api-harness-[0-9a-f]{8}\.openapi\.json$/);
    expect(args.slice(script + 3, script + 7)).toEqual(['-f', 'openapi', '-O', TARGET]);
    expect(readFileSync(join(workspace, args[script + 2]!.slice('/zap/wrk/'.length)), 'utf8')).toContain('"openapi"');
  });

  it("docker's own failure (exit 125) shows docker's reason, not the --help hint", async () => {
    const result = await run(
      { 'docker-image': 'ghcr.io/zaproxy/zaproxy:nope' },
      {
        STANDIN_EXIT: '125',
        STANDIN_STDERR:
          "Unable to find image 'ghcr.io/zaproxy/zaproxy:nope' locally\ndocker: Error response from daemon: manifest unknown.\nSee 'docker run --help'.\n",
      },
    );
    expect(result.exitCode).toBe(1);
    expect(errors(result)).toEqual([
      'zap-scan: docker could not run the ZAP image (exit 125): docker: Error response from daemon: manifest unknown.',
    ]);
    expect(result.outputs['sarif-file']).toBeUndefined();
    expect(result.summary).toContain('ZAP scan: ⚠️ error');
  });

  it('a rules file saved with a byte-order mark, or with an indented comment, is refused naming the line', async () => {
    copyFileSync(join(FIXTURES, 'rules-bom.tsv'), join(workspace, 'rules.tsv'));
    const bom = await run({ 'rules-file': 'rules.tsv' });
    expect(errors(bom)[0]).toMatch(/^zap-scan: input 'rules-file' rules\.tsv line 1: starts with a byte-order mark/);
    writeFileSync(join(workspace, 'rules.tsv'), '10021\tFAIL\t(x)\n    # staging only\n');
    const indented = await run({ 'rules-file': 'rules.tsv' });
    expect(errors(indented)[0]).toMatch(/^zap-scan: input 'rules-file' rules\.tsv line 2: an indented comment/);
    expect(readCalls(standIns)).toHaveLength(0);
  });

  it('OUTOFSCOPE matches from the start of the URL (re.match); PASS drops a rule’s alerts', async () => {
    const report = { STANDIN_ZAP_REPORT: join(FIXTURES, 'baseline-2.15.json') };
    writeFileSync(join(workspace, 'rules.tsv'), '10038\tOUTOFSCOPE\t/v1/login\n10098\tPASS\t(Cross-Domain)\n');
    const anchored = await run({ 'rules-file': 'rules.tsv', 'fail-on-risk': 'high' }, report);
    writeFileSync(join(workspace, 'rules.tsv'), '10038\tOUTOFSCOPE\t.*/v1/login\n10098\tPASS\t(Cross-Domain)\n');
    const anywhere = await run({ 'rules-file': 'rules.tsv', 'fail-on-risk': 'high' }, report);
    // CSP has instances on /health, /v1/login and /v1/devadmin/ (dropped by exclude-paths).
    expect(anchored.summary).toMatch(/\| Medium \| 1 \| 2 \|/);
    expect(anywhere.summary).toMatch(/\| Medium \| 1 \| 1 \|/);
    expect(anywhere.summary).not.toContain('Cross-Domain Misconfiguration');
  });

  it('exclude-paths that remove every URL are warned about, at the start and after the scan', async () => {
    const result = await run({ 'exclude-paths': '.*' }, { STANDIN_ZAP_REPORT: join(FIXTURES, 'baseline-2.15.json') });
    expect(result.exitCode).toBe(0);
    const warnings = result.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
    expect(warnings).toEqual([
      `zap-scan: exclude-paths ".*" match the target ${TARGET} itself: ZAP will not request it, and every alert on it is dropped`,
      expect.stringMatching(
        /^zap-scan: exclude-paths \("\.\*"\) removed every URL the scan reported \(\d+ alert instances\)/,
      ) as string,
    ]);
    expect(result.summary).toContain('removed every URL the scan reported');
  });

  it('the SARIF run id is sarif-category (default zap-<mode>)', async () => {
    const report = { STANDIN_ZAP_REPORT: join(FIXTURES, 'baseline-2.15.json') };
    const id = (r: Awaited<ReturnType<typeof run>>) =>
      (sarifOf(r.outputs['sarif-file']) as { runs: { automationDetails: { id: string } }[] }).runs.map(
        (x) => x.automationDetails.id,
      );
    expect(id(await run({}, report))).toEqual(['zap-baseline/']);
    expect(id(await run({ 'sarif-category': 'zap-staging' }, report))).toEqual(['zap-staging/']);
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

  it('api mode uploads a definition file to the daemon and says which report endpoint it used', async () => {
    zap.report = readFileSync(join(FIXTURES, 'high-risk.json'), 'utf8');
    writeFileSync(join(workspace, 'openapi.yaml'), 'openapi: 3.0.0\npaths: {}\n');
    const result = await run({
      mode: 'api',
      'zap-api-url': zap.url,
      'zap-api-key': KEY,
      'api-definition': 'openapi.yaml',
      'fail-on-risk': 'high',
    });
    expect(result.outputs.high).toBe('2');
    expect(zap.files.get('/home/zap/.ZAP/transfer/credex-zap-scan/openapi.yaml')).toBe('openapi: 3.0.0\npaths: {}\n');
    expect(zap.actions()).toContain(
      `/JSON/openapi/action/importFile/?file=%2Fhome%2Fzap%2F.ZAP%2Ftransfer%2Fcredex-zap-scan%2Fopenapi.yaml&target=${encodeURIComponent(TARGET)}`,
    );
    expect(zap.calls.some((c) => c.params.file?.startsWith(workspace))).toBe(false);
    expect(result.log).toContain('Report: reports/action/generate (traditional-json) + core/other/fileDownload');
  });

  it('an older daemon: the report falls back to core jsonreport (logged), a definition file is refused', async () => {
    zap.legacy();
    zap.report = readFileSync(join(FIXTURES, 'informational-only.json'), 'utf8');
    const baseline = await run({ 'zap-api-url': zap.url, 'zap-api-key': KEY });
    expect(baseline.exitCode).toBe(0);
    expect(baseline.log).toContain(
      'Report: core/other/jsonreport (deprecated fallback: reports/action/generate is not available',
    );
    writeFileSync(join(workspace, 'openapi.yaml'), 'openapi: 3.0.0\n');
    const api = await run({
      mode: 'api',
      'zap-api-url': zap.url,
      'zap-api-key': KEY,
      'api-definition': 'openapi.yaml',
    });
    expect(api.exitCode).toBe(1);
    expect(errors(api)).toEqual([
      'zap-scan: the ZAP daemon cannot receive the API definition openapi.yaml (ZAP API /OTHER/core/other/fileUpload/ answered HTTP 400 with no detail): file upload needs ZAP 2.14 or later started with -config api.filexfer=true and an API key; or give api-definition as a URL the daemon can fetch',
    ]);
    expect(api.outputs['sarif-file']).toBeUndefined();
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
      `zap-scan: input 'api-definition' must name a file inside the workspace or RUNNER_TEMP, got "/etc/hostname"`,
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
      `zap-scan: input 'rules-file' must name a file inside the workspace or RUNNER_TEMP, got "${join(FIXTURES, 'rules-mixed.tsv').slice(0, 40)}…"`,
    ],
    [
      { 'from-report': '/etc/passwd' },
      `zap-scan: input 'from-report' must name a file inside the workspace or RUNNER_TEMP, got "/etc/passwd"`,
    ],
    [
      { 'sarif-file': '/etc/cron.d/zap.sarif' },
      `zap-scan: input 'sarif-file' must be a path inside the workspace or RUNNER_TEMP, got "/etc/cron.d/zap.sarif"`,
    ],
    [
      { 'docker-image': '--privileged' },
      `zap-scan: input 'docker-image' must be an image reference like ghcr.io/zaproxy/zaproxy:stable, got "--privileged"`,
    ],
    [
      { 'docker-image': 'ghcr.io/zaproxy/zaproxy:stable --privileged' },
      `zap-scan: input 'docker-image' must be an image reference like ghcr.io/zaproxy/zaproxy:stable, got "ghcr.io/zaproxy/zaproxy:stable --privileged"`,
    ],
    [
      { 'sarif-category': 'zap staging' },
      "zap-scan: input 'sarif-category' must be 1-200 printable characters without spaces, e.g. zap-baseline",
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
