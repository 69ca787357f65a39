import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'docs.mjs');

function docs(root: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [script, '--root', root, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const ACTION_YML = `name: smoke-test
description: Checks a deployed app.
inputs:
  base-url:
    description: Base URL of the app under test.
    required: true
  checks:
    description: |
      Checks as inline YAML.

      - one per line
      - a | pipe inside
    required: false
  timeout:
    description: >-
      Per-request timeout
      (duration).
    default: 10s
  token:
    description: Token
    default: \${{ github.token }}
    deprecationMessage: Use auth instead.
outputs:
  passed:
    description: true when every critical check passed
  report-file:
    description: Path of the JSON report.
runs:
  using: node24
  main: ../../dist/smoke-test/index.js
`;

const README = `# smoke-test

Some prose that must survive.

## Inputs

<!-- inputs:start -->
stale
<!-- inputs:end -->

## Outputs

<!-- outputs:start -->
<!-- outputs:end -->

## Example

More prose.
`;

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'docs-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('scripts/docs.mjs', () => {
  it('detects drift, regenerates the tables, and is then idempotent and clean under --check', () => {
    const root = repo({ 'actions/smoke-test/action.yml': ACTION_YML, 'actions/smoke-test/README.md': README });
    const readmeFile = join(root, 'actions/smoke-test/README.md');

    const before = docs(root, '--check');
    expect(before.code).toBe(1);
    expect(before.stderr).toContain(
      'actions/smoke-test/README.md: inputs/outputs tables differ from actions/smoke-test/action.yml',
    );
    expect(before.stderr).toContain('npm run docs');
    expect(readFileSync(readmeFile, 'utf8')).toBe(README);

    const write = docs(root);
    expect(write.code).toBe(0);
    expect(write.stdout).toContain('updated actions/smoke-test/README.md');
    const generated = readFileSync(readmeFile, 'utf8');
    expect(generated).toContain(
      [
        '<!-- inputs:start -->',
        '| Name | Description | Required | Default |',
        '| --- | --- | --- | --- |',
        '| `base-url` | Base URL of the app under test. | yes |  |',
        '| `checks` | Checks as inline YAML.<br><br>- one per line<br>- a \\| pipe inside | no |  |',
        '| `timeout` | Per-request timeout (duration). | no | `10s` |',
        '| `token` | Token<br><br>**Deprecated:** Use auth instead. | no | `${{ github.token }}` |',
        '<!-- inputs:end -->',
      ].join('\n'),
    );
    expect(generated).toContain(
      [
        '<!-- outputs:start -->',
        '| Name | Description |',
        '| --- | --- |',
        '| `passed` | true when every critical check passed |',
        '| `report-file` | Path of the JSON report. |',
        '<!-- outputs:end -->',
      ].join('\n'),
    );
    expect(generated).not.toContain('stale');
    expect(generated.startsWith('# smoke-test\n\nSome prose that must survive.\n')).toBe(true);
    expect(generated.endsWith('## Example\n\nMore prose.\n')).toBe(true);

    expect(docs(root, '--check')).toMatchObject({ code: 0 });
    const again = docs(root);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 README(s) updated, 1 already current');
    expect(readFileSync(readmeFile, 'utf8')).toBe(generated);

    // A changed action.yml is drift again.
    writeFileSync(
      join(root, 'actions/smoke-test/action.yml'),
      ACTION_YML.replace('Path of the JSON report.', 'Where the report went.'),
    );
    expect(docs(root, '--check').code).toBe(1);
  });

  it('lists every README that drifts or lacks markers, and one without inputs gets a plain note', () => {
    const root = repo({
      'actions/a/action.yml': ACTION_YML,
      'actions/a/README.md': README,
      'actions/b/action.yml': 'name: b\nruns: { using: node24, main: x.js }\n',
      'actions/b/README.md': '# b\n\nNo markers here.\n',
      'actions/c/action.yml': 'name: c\nruns: { using: node24, main: x.js }\n',
      'actions/c/README.md': README,
      'actions/d/action.yml': 'name: d\nruns: { using: node24, main: x.js }\n',
      'actions/not-an-action/notes.txt': 'ignored',
    });
    const check = docs(root, '--check');
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('4 README(s) need attention');
    expect(check.stderr).toContain('actions/a/README.md: inputs/outputs tables differ');
    expect(check.stderr).toContain(
      'actions/b/README.md: lacks the marker(s) <!-- inputs:start -->, <!-- outputs:start -->',
    );
    expect(check.stderr).toContain('actions/c/README.md: inputs/outputs tables differ');
    expect(check.stderr).toContain('actions/d/README.md: missing');

    const write = docs(root);
    expect(write.code).toBe(1);
    expect(readFileSync(join(root, 'actions/b/README.md'), 'utf8')).toBe('# b\n\nNo markers here.\n');
    const c = readFileSync(join(root, 'actions/c/README.md'), 'utf8');
    expect(c).toContain('<!-- inputs:start -->\n_This action has no inputs._\n<!-- inputs:end -->');
    expect(c).toContain('<!-- outputs:start -->\n_This action has no outputs._\n<!-- outputs:end -->');
  });

  it('finds undescribed inputs, missing and orphaned runbooks, and relative links that resolve to nothing', () => {
    const root = repo({
      'actions/a/action.yml':
        'name: a\ninputs:\n  x:\n    required: false\noutputs:\n  y:\n    description: ""\nruns: { using: node24, main: x.js }\n',
      'actions/a/README.md':
        '# a\n\nSee [the runbook](../../docs/runbooks/present.md) and [gone](../../docs/gone.md#part).\n\n```md\n[in an example](nowhere.md)\n```\n\n<!-- inputs:start -->\n<!-- inputs:end -->\n<!-- outputs:start -->\n<!-- outputs:end -->\n',
      'actions/a/src/run.ts': "const RUNBOOK = 'https://example.invalid/docs/runbooks/missing.md';\n",
      'packages/runbooks/src/index.ts': 'export const A = `${RUNBOOK_BASE}/present.md`;\n',
      'docs/runbooks/present.md': '# present\n\n[back](../../README.md)\n',
      'docs/runbooks/orphan.md': '# orphan\n\nLinks [present](present.md), but nothing links it.\n',
      'README.md': '# repo\n\n[site](https://example.invalid/x) [here](#top)\n',
    });
    docs(root); // the tables; the rest stays as written
    const check = docs(root, '--check');
    expect(check.code).toBe(1);
    const lines = check.stderr
      .split('\n')
      .filter((l) => l.startsWith('  - '))
      .map((l) => l.slice(4))
      .sort();
    expect(lines).toEqual(
      [
        "actions/a/action.yml: input 'x' has no description",
        "actions/a/action.yml: output 'y' has no description",
        'actions/a/README.md: link to ../../docs/gone.md#part does not resolve',
        'actions/a/src/run.ts: runbook docs/runbooks/missing.md does not exist',
        'docs/runbooks/orphan.md: no action, workflow or document outside docs/runbooks links to it',
      ].sort(),
    );
  });

  it('reports an action.yml that is not valid YAML', () => {
    const root = repo({ 'actions/x/action.yml': 'inputs: [unclosed\n', 'actions/x/README.md': README });
    const check = docs(root, '--check');
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('actions/x/action.yml: not valid YAML');
  });
});
