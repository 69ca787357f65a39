#!/usr/bin/env node
// Regenerates the inputs/outputs tables of each actions/<name>/README.md from its action.yml, between the markers
// <!-- inputs:start --> … <!-- inputs:end --> and <!-- outputs:start --> … <!-- outputs:end -->.
// Usage: node scripts/docs.mjs [--check] [--root DIR]
//   --check  change nothing; fail listing each README that is out of date or lacks the markers, each input or output
//            without a description, each runbook that is named but missing (or present but never linked), and each
//            relative Markdown link that does not resolve (scripts/docs-links.mjs).
//   --root   the repository root to work on (default: this repository; tests use a temporary copy).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { brokenLinks, runbookProblems, undescribed } from './docs-links.mjs';

const MARKERS = {
  inputs: ['<!-- inputs:start -->', '<!-- inputs:end -->'],
  outputs: ['<!-- outputs:start -->', '<!-- outputs:end -->'],
};

function parseArgs(argv) {
  const options = { check: false, root: resolve(import.meta.dirname, '..') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--check') options.check = true;
    else if (argv[i] === '--root' && argv[i + 1]) options.root = resolve(argv[++i]);
    else {
      console.error(`docs: unknown argument ${argv[i]} (usage: node scripts/docs.mjs [--check] [--root DIR])`);
      process.exit(2);
    }
  }
  return options;
}

/** Text for one table cell: paragraphs and list items kept apart with <br>, pipes escaped, never a raw newline. */
function cell(text) {
  if (text === undefined || text === null) return '';
  const paragraphs = String(text)
    .replace(/\r\n?/g, '\n')
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => line.trim())
        .reduce((lines, line) => {
          // A list item starts its own line; other lines continue the sentence before them.
          if (lines.length === 0 || /^([-*+]|\d+[.)])\s/.test(line)) lines.push(line);
          else lines[lines.length - 1] += ` ${line}`;
          return lines;
        }, [])
        .join('<br>'),
    );
  return paragraphs.join('<br><br>').replace(/\|/g, '\\|');
}

function code(value) {
  const text = String(value);
  if (text === '') return '`""`';
  const fence = text.includes('`') ? '``' : '`';
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function describe(spec) {
  const parts = [spec?.description ?? ''];
  if (spec?.deprecationMessage) parts.push(`**Deprecated:** ${spec.deprecationMessage}`);
  return cell(parts.filter(Boolean).join('\n\n'));
}

function inputsTable(inputs) {
  const names = Object.keys(inputs ?? {});
  if (names.length === 0) return '_This action has no inputs._';
  const rows = names.map((name) => {
    const spec = inputs[name] ?? {};
    const required = spec.required === true || spec.required === 'true' ? 'yes' : 'no';
    const fallback = spec.default === undefined ? '' : cell(code(spec.default));
    return `| \`${name}\` | ${describe(spec)} | ${required} | ${fallback} |`;
  });
  return ['| Name | Description | Required | Default |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

function outputsTable(outputs) {
  const names = Object.keys(outputs ?? {});
  if (names.length === 0) return '_This action has no outputs._';
  const rows = names.map((name) => `| \`${name}\` | ${describe(outputs[name])} |`);
  return ['| Name | Description |', '| --- | --- |', ...rows].join('\n');
}

/** Returns the README with both tables replaced, or a list of the markers it lacks. */
function render(readme, metadata) {
  const tables = { inputs: inputsTable(metadata.inputs), outputs: outputsTable(metadata.outputs) };
  const missing = [];
  let text = readme;
  for (const [section, [start, end]] of Object.entries(MARKERS)) {
    const from = text.indexOf(start);
    const to = from === -1 ? -1 : text.indexOf(end, from + start.length);
    if (from === -1 || to === -1) {
      missing.push(from === -1 ? start : end);
      continue;
    }
    text = `${text.slice(0, from + start.length)}\n${tables[section]}\n${text.slice(to)}`;
  }
  return { text, missing };
}

function actionsOf(root) {
  const dir = join(root, 'actions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => ({ name: d.name, dir: join(dir, d.name) }))
    .map((a) => ({ ...a, metadataFile: ['action.yml', 'action.yaml'].map((f) => join(a.dir, f)).find(existsSync) }))
    .filter((a) => a.metadataFile)
    .sort((a, b) => a.name.localeCompare(b.name));
}

function main() {
  const { check, root } = parseArgs(process.argv.slice(2));
  const problems = [];
  let updated = 0;
  const actions = actionsOf(root);
  for (const action of actions) {
    const readmeFile = join(action.dir, 'README.md');
    const shown = relative(root, readmeFile);
    let metadata;
    try {
      metadata = parse(readFileSync(action.metadataFile, 'utf8')) ?? {};
    } catch (error) {
      problems.push(`${relative(root, action.metadataFile)}: not valid YAML (${error.message.split('\n')[0]})`);
      continue;
    }
    if (!existsSync(readmeFile)) {
      problems.push(`${shown}: missing (it needs the inputs/outputs markers)`);
      continue;
    }
    const readme = readFileSync(readmeFile, 'utf8');
    const { text, missing } = render(readme, metadata);
    if (missing.length > 0) {
      problems.push(`${shown}: lacks the marker(s) ${missing.join(', ')}`);
      continue;
    }
    if (text === readme) continue;
    if (check) problems.push(`${shown}: inputs/outputs tables differ from ${relative(root, action.metadataFile)}`);
    else {
      writeFileSync(readmeFile, text);
      updated++;
      console.log(`docs: updated ${shown}`);
    }
  }
  const drift = check ? [...undescribed(root, actions), ...runbookProblems(root), ...brokenLinks(root)] : [];
  if (drift.length > 0) {
    console.error(`docs: ${drift.length} documentation problem(s):`);
    for (const problem of drift) console.error(`  - ${problem}`);
  }
  if (problems.length > 0) {
    console.error(`docs: ${problems.length} README(s) need attention:`);
    for (const problem of problems) console.error(`  - ${problem}`);
    console.error(
      check
        ? 'Run `npm run docs` to regenerate the tables (add the markers first where they are missing).'
        : 'Add the markers where they are missing, then run `npm run docs` again.',
    );
    process.exit(1);
  }
  if (drift.length > 0) process.exit(1);
  console.log(
    check
      ? `docs: ${actions.length} action README(s) match their action.yml; descriptions, runbooks and links in order`
      : `docs: ${updated} README(s) updated, ${actions.length - updated} already current`,
  );
}

main();
