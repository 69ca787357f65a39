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

// snyk: STANDIN_FIXTURE is printed/written as the JSON report, STANDIN_EXIT is the exit code,
// STANDIN_PRINT_TOKEN=1 makes it echo the token (to prove the action redacts what the CLI prints).
const SNYK = script(`
const option = (name) => { const a = args.find((x) => x.startsWith(name + '=')); return a && a.slice(name.length + 1); };
const fixture = process.env.STANDIN_FIXTURE;
const report = fixture ? fs.readFileSync(fixture) : undefined;
console.log('Testing ' + process.cwd() + '...');
if (process.env.STANDIN_PRINT_TOKEN === '1') console.log('debug: using token ' + process.env.SNYK_TOKEN);
const jsonOut = option('--json-file-output');
if (jsonOut && report && process.env.STANDIN_NO_JSON !== '1') fs.writeFileSync(jsonOut, report);
const sarifOut = option('--sarif-file-output');
if (sarifOut) fs.writeFileSync(sarifOut, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'Snyk Open Source', rules: [{ id: 'x', properties: { 'security-severity': 'undefined' } }] } }, results: [] }] }));
if (process.env.STANDIN_STDERR) console.error(process.env.STANDIN_STDERR);
process.exit(Number(process.env.STANDIN_EXIT || 0));
`);

// docker: \`docker rm\` is recorded and succeeds; STANDIN_SLEEP_MS keeps \`docker run\` busy (for cancellation).
// For \`docker run ... <image> zap-*.py ... -J a.json -w b.md -r c.html\`, copies STANDIN_ZAP_REPORT to the
// mounted workspace path of -J and writes small -w/-r files; exits with STANDIN_EXIT.
const DOCKER = script(`
if (args[0] === 'rm') process.exit(0);
const mount = args.find((a, i) => args[i - 1] === '-v' && a.endsWith(':/zap/wrk/:rw'));
const host = mount ? mount.slice(0, -':/zap/wrk/:rw'.length) : undefined;
const value = (flag) => { const i = args.indexOf(flag); return i >= 0 ? args[i + 1] : undefined; };
console.log('Total of 12 URLs');
if (host && process.env.STANDIN_ZAP_REPORT) {
  const json = value('-J'); const md = value('-w'); const html = value('-r');
  if (json) fs.writeFileSync(path.join(host, json), fs.readFileSync(process.env.STANDIN_ZAP_REPORT));
  if (md) fs.writeFileSync(path.join(host, md), '# ZAP Scanning Report\\n');
  if (html) fs.writeFileSync(path.join(host, html), '<html></html>');
}
const finish = () => process.exit(Number(process.env.STANDIN_EXIT || 0));
const hookArg = args.find((a) => a.startsWith('--hook='));
const hook = hookArg && hookArg.slice('--hook='.length);
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
