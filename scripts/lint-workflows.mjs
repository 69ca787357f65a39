#!/usr/bin/env node
// Lints the workflows (.github/workflows), the workflow templates (action-templates) and every action.yml with:
//  1. actionlint, built from the Go module proxy at a pinned version (Go caches the build after the first run);
//  2. GitHub's own parser, @actions/workflow-parser (the schema the runner's service validates against): every
//     workflow and template as a workflow, every action.yml as action metadata;
//  3. zizmor (PyPI, pinned, installed into .venv-lint/) at its default persona, each file named on the command
//     line: given a folder, zizmor only looks for workflows under .github/workflows and would skip the templates.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { join, resolve } from 'node:path';

const ACTIONLINT = 'github.com/rhysd/actionlint/cmd/actionlint@v1.7.12';
const ZIZMOR = 'zizmor==1.33.1';
const root = resolve(import.meta.dirname, '..');

const yamlIn = (dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
    .map((f) => join(dir, f));
const workflows = ['.github/workflows', 'action-templates'].flatMap(yamlIn);
const actions = readdirSync(join(root, 'actions'))
  .map((a) => join('actions', a, 'action.yml'))
  .filter((f) => existsSync(join(root, f)));
let failed = false;

function actionlint() {
  if (spawnSync('go', ['version']).status !== 0) {
    console.error('lint-workflows: Go is needed to build actionlint; install Go 1.22 or newer');
    return false;
  }
  const result = spawnSync('go', ['run', ACTIONLINT, ...workflows], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) return false;
  console.log(`lint-workflows: actionlint: ${workflows.length} workflow files clean`);
  return true;
}

async function githubParser() {
  // The parser imports its JSON schemas without `with { type: 'json' }`, which Node 20 refuses: add the attribute.
  const hook = `export async function load(url, context, next) {
    if (url.endsWith('.json') && url.includes('/@actions/workflow-parser/')) {
      return next(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } });
    }
    return next(url, context);
  }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
  const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import('@actions/workflow-parser');
  const { parseAction } = await import('@actions/workflow-parser/actions/action-parser');
  const problems = [];
  for (const name of workflows) {
    const result = parseWorkflow(
      { name, content: readFileSync(join(root, name), 'utf8') },
      new NoOperationTraceWriter(),
    );
    const errors = result.context.errors.getErrors().map((e) => e.message);
    if (result.value) {
      const template = await convertWorkflowTemplate(result.context, result.value);
      errors.push(...(template.errors ?? []).map((e) => e.Message));
    }
    problems.push(...[...new Set(errors)].map((message) => `${name}: ${message}`));
  }
  for (const name of actions) {
    const result = parseAction({ name, content: readFileSync(join(root, name), 'utf8') }, new NoOperationTraceWriter());
    problems.push(...result.context.errors.getErrors().map((e) => `${name}: ${e.message}`));
  }
  for (const problem of problems) console.error(`lint-workflows: workflow-parser: ${problem}`);
  if (problems.length > 0) return false;
  console.log(`lint-workflows: workflow-parser: ${workflows.length} workflows and ${actions.length} actions clean`);
  return true;
}

/** zizmor from PyPI in .venv-lint/, created or updated when the pinned version changes. */
function zizmorBinary() {
  const venv = join(root, '.venv-lint');
  const binary = join(venv, 'bin', 'zizmor');
  const stamp = join(venv, '.credex-requirements');
  if (existsSync(binary) && existsSync(stamp) && readFileSync(stamp, 'utf8') === ZIZMOR) return binary;
  console.log(`lint-workflows: installing ${ZIZMOR} into .venv-lint/`);
  const steps = [
    ['python3', ['-m', 'venv', venv]],
    [join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', ZIZMOR]],
  ];
  for (const [command, args] of steps) {
    if (spawnSync(command, args, { stdio: 'inherit' }).status !== 0) {
      throw new Error(`lint-workflows: ${command} ${args.join(' ')} failed`);
    }
  }
  writeFileSync(stamp, ZIZMOR);
  return binary;
}

function zizmor() {
  const files = [...workflows, ...actions];
  const result = spawnSync(zizmorBinary(), ['--offline', '--no-progress', '--quiet', ...files], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) return false;
  console.log(`lint-workflows: zizmor: ${files.length} files clean`);
  return true;
}

if (!actionlint()) failed = true;
if (!(await githubParser())) failed = true;
if (!zizmor()) failed = true;
if (failed) process.exit(1);
