import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * Stand-in executables for the CLIs the scan actions run, placed first on PATH by the test. They are small node
 * scripts driven by environment variables, record how they were called (as JSON lines) and write report files the
 * way the real tools do.
 */
export interface StandInDir {
  dir: string;
  /** JSON lines: one `{ args, env }` per call. */
  callsFile: string;
  /** PATH with the stand-ins first (and, unless `only`, the rest of the current PATH after them). */
  path: string;
}

function script(body: string): string {
  return `#!${process.execPath}
const fs = require('node:fs');
const path = require('node:path');
const args = process.argv.slice(2);
fs.appendFileSync(process.env.STANDIN_CALLS, JSON.stringify({ args, hasToken: !!process.env.SNYK_TOKEN }) + '\\n');
${body}
`;
}

// snyk: STANDIN_FIXTURE is written as the JSON report (unless STANDIN_NO_JSON=1: \`snyk code test\` writes none
// when it finds nothing), STANDIN_EXIT is the exit code, STANDIN_STDOUT_FILE / STANDIN_STDERR_FILE are printed as
// the CLI prints its messages, STANDIN_PRINT_TOKEN=1 makes it echo the token raw, base64-encoded, URL-encoded and
// inside a Basic authorization header (to prove the action redacts every form of what the CLI prints).
const SNYK = script(`
const option = (name) => { const a = args.find((x) => x.startsWith(name + '=')); return a && a.slice(name.length + 1); };
const fixture = process.env.STANDIN_FIXTURE;
const report = fixture ? fs.readFileSync(fixture) : undefined;
console.log('Testing ' + process.cwd() + '...');
if (process.env.STANDIN_PRINT_TOKEN === '1') {
  const token = process.env.SNYK_TOKEN;
  console.log('debug: using token ' + token);
  console.log('debug: token (base64) ' + Buffer.from(token).toString('base64'));
  console.log('debug: token (url) https://api.snyk.io/v1/?token=' + encodeURIComponent(token) + '&x=1');
  console.log('debug: Authorization: Basic ' + Buffer.from('credex-ci:' + token).toString('base64'));
}
if (process.env.STANDIN_STDOUT_FILE) process.stdout.write(fs.readFileSync(process.env.STANDIN_STDOUT_FILE));
if (process.env.STANDIN_STDERR_FILE) process.stderr.write(fs.readFileSync(process.env.STANDIN_STDERR_FILE));
const jsonOut = option('--json-file-output');
if (jsonOut && report && process.env.STANDIN_NO_JSON !== '1') fs.writeFileSync(jsonOut, report);
const sarifOut = option('--sarif-file-output');
if (sarifOut) fs.writeFileSync(sarifOut, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'Snyk Open Source', rules: [{ id: 'x', properties: { 'security-severity': 'undefined' } }] } }, results: [] }] }));
if (process.env.STANDIN_STDERR) console.error(process.env.STANDIN_STDERR);
process.exit(Number(process.env.STANDIN_EXIT || 0));
`);

// docker: \`docker rm\` is recorded and succeeds; STANDIN_SLEEP_MS keeps \`docker run\` busy (for cancellation);
// STANDIN_STDERR is written to stderr before exiting with STANDIN_EXIT (e.g. docker's own 125 errors).
// For \`docker run [options] <image> zap-*.py <args>\` it first checks the script's arguments the way zaproxy's
// docker/zap-baseline.py, zap-full-scan.py and zap-api-scan.py do (their getopt option strings; -t must be an
// http(s) URL, or for OpenAPI/SOAP a file under /zap/wrk/; GraphQL -t must be a URL; a --schema file must exist;
// -c must exist) and exits 3 with the script's complaint on stderr, as they do, before ZAP would start. Then it
// copies STANDIN_ZAP_REPORT to the mounted workspace path of -J and writes small -w/-r files.
const DOCKER = script(`
if (args[0] === 'rm') process.exit(0);
const mount = args.find((a, i) => args[i - 1] === '-v' && a.endsWith(':/zap/wrk/:rw'));
const host = mount ? mount.slice(0, -':/zap/wrk/:rw'.length) : undefined;
const scriptAt = args.findIndex((a) => /^zap-(baseline|full-scan|api-scan)\\.py$/.test(a));
const OPTS = {
  'zap-baseline.py': ['t:c:u:g:m:n:r:J:w:x:l:hdaijp:sz:P:D:T:IU:', ['hook=', 'auto', 'autooff', 'plan-only', 'ajax-spider', 'client-spider']],
  'zap-full-scan.py': ['t:c:u:g:m:n:r:J:w:x:l:hdaijp:sz:P:D:T:IU:', ['hook=', 'ajax-spider', 'client-spider']],
  'zap-api-scan.py': ['t:f:c:u:g:m:n:r:J:w:x:l:hdaijSp:sz:P:D:T:IO:U:', ['hook=', 'schema=']],
};
const exit3 = (why) => { process.stderr.write('WARNING ' + why + '\\n'); process.exit(3); };
const opts = {};
if (scriptAt >= 0) {
  const [short, long] = OPTS[args[scriptAt]];
  const rest = args.slice(scriptAt + 1);
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s);
      const spec = long.find((l) => l.replace('=', '') === name);
      if (!spec) exit3('Invalid option ' + a + ' : option --' + name + ' not recognized');
      opts['--' + name] = spec.endsWith('=') ? (inline ?? rest[++i]) : '';
    } else if (a.startsWith('-')) {
      const at = short.indexOf(a[1]);
      if (at < 0) exit3('Invalid option ' + a + ' : option ' + a + ' not recognized');
      opts[a.slice(0, 2)] = short[at + 1] === ':' ? (a.length > 2 ? a.slice(2) : rest[++i]) : '';
    }
  }
  const inMount = (p) => host && fs.existsSync(path.join(host, p.replace(/^\\/zap\\/wrk\\//, '')));
  const isUrl = (v) => /^https?:\\/\\//.test(v || '');
  const t = opts['-t'];
  if (!t) exit3('Usage: -t target is required');
  if (args[scriptAt] === 'zap-api-scan.py') {
    const f = opts['-f'];
    if (!['openapi', 'soap', 'graphql'].includes(f)) exit3("Format must be either 'openapi', 'soap', or 'graphql'");
    if (!isUrl(t) && f === 'graphql') exit3("Target must start with 'http://' or 'https://' and be a valid GraphQL endpoint.");
    if (!isUrl(t) && !inMount(t)) exit3('File does not exist: ' + t);
    const schema = opts['--schema'];
    if (schema && f === 'graphql' && !isUrl(schema) && !inMount(schema)) exit3('File does not exist: ' + schema);
  } else if (!isUrl(t)) exit3("Target must start with 'http://' or 'https://'");
  if (opts['-c'] !== undefined && !inMount(opts['-c'])) exit3('config file not found: ' + opts['-c']);
}
console.log('Total of 12 URLs');
if (host && process.env.STANDIN_ZAP_REPORT) {
  const json = opts['-J']; const md = opts['-w']; const html = opts['-r'];
  if (json) fs.writeFileSync(path.join(host, json), fs.readFileSync(process.env.STANDIN_ZAP_REPORT));
  if (md) fs.writeFileSync(path.join(host, md), '# ZAP Scanning Report\\n');
  if (html) fs.writeFileSync(path.join(host, html), '<html></html>');
}
const finish = () => {
  if (process.env.STANDIN_STDERR) process.stderr.write(process.env.STANDIN_STDERR);
  process.exit(Number(process.env.STANDIN_EXIT || 0));
};
const hook = opts['--hook'];
if (hook && host) fs.copyFileSync(path.join(host, hook.replace('/zap/wrk/', '')), path.join(path.dirname(process.env.STANDIN_CALLS), 'hook.py'));
if (process.env.STANDIN_SLEEP_MS) { console.log('Spidering...'); setTimeout(finish, Number(process.env.STANDIN_SLEEP_MS)); } else finish();
`);

// npm: `npm install ... --prefix DIR snyk@VERSION` "installs" the snyk stand-in into DIR/node_modules/.bin.
const NPM = script(`
const prefix = args[args.indexOf('--prefix') + 1];
const spec = args.find((a) => a.startsWith('snyk@'));
if (!prefix || !spec) { console.error('npm stand-in: unexpected arguments ' + args.join(' ')); process.exit(1); }
const bin = path.join(prefix, 'node_modules', '.bin');
fs.mkdirSync(bin, { recursive: true });
fs.writeFileSync(path.join(bin, 'snyk'), ${JSON.stringify(SNYK)}, { mode: 0o755 });
console.log('added 1 package');
`);

const SCRIPTS = { snyk: SNYK, docker: DOCKER, npm: NPM };

export function makeStandIns(tools: ('snyk' | 'docker' | 'npm')[], options: { only?: boolean } = {}): StandInDir {
  const dir = mkdtempSync(join(tmpdir(), 'scan-standins-'));
  const bin = join(dir, 'bin');
  const callsFile = join(dir, 'calls.jsonl');
  writeFileSync(callsFile, '');
  mkdirSync(bin, { recursive: true });
  for (const tool of tools) {
    const file = join(bin, tool);
    writeFileSync(file, SCRIPTS[tool]);
    chmodSync(file, 0o755);
  }
  const path = options.only ? bin : [bin, process.env.PATH ?? ''].join(delimiter);
  return { dir, callsFile, path };
}

export function readCalls(standIns: StandInDir): { args: string[]; hasToken: boolean }[] {
  return readFileSync(standIns.callsFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { args: string[]; hasToken: boolean });
}
