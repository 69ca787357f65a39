// Docs drift beyond the README tables: every input and output described, every runbook that code or docs point
// to exists and every runbook is pointed to, and every relative link in the repository's Markdown resolves.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';

const SKIP = new Set(['node_modules', 'dist', '.git', '.venv', 'coverage']);

/** Files under `dir` (relative to root) whose names end with one of `extensions`, skipping generated folders. */
function walk(root, dir, extensions) {
  const start = join(root, dir);
  if (!existsSync(start)) return [];
  if (statSync(start).isFile()) return extensions.some((e) => start.endsWith(e)) ? [start] : [];
  const out = [];
  for (const entry of readdirSync(start, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith('.services')) continue;
    const path = join(start, entry.name);
    if (entry.isDirectory()) out.push(...walk(root, relative(root, path), extensions));
    else if (extensions.some((e) => entry.name.endsWith(e))) out.push(path);
  }
  return out;
}

/** Inputs and outputs of each action.yml with no description. */
export function undescribed(root, actions) {
  const problems = [];
  for (const action of actions) {
    let metadata;
    try {
      metadata = parse(readFileSync(action.metadataFile, 'utf8')) ?? {};
    } catch {
      continue; // reported by the table check
    }
    for (const kind of ['inputs', 'outputs']) {
      for (const [name, spec] of Object.entries(metadata[kind] ?? {})) {
        if (!String(spec?.description ?? '').trim()) {
          problems.push(`${relative(root, action.metadataFile)}: ${kind.slice(0, -1)} '${name}' has no description`);
        }
      }
    }
  }
  return problems;
}

/** Markdown text without fenced code blocks (links in examples are not links). */
function prose(text) {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** Relative links in Markdown files that point at nothing. */
export function brokenLinks(root) {
  const problems = [];
  for (const file of walk(root, '.', ['.md'])) {
    const text = prose(readFileSync(file, 'utf8'));
    for (const match of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = match[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
      const path = decodeURIComponent(target.split('#')[0]);
      if (!existsSync(resolve(dirname(file), path))) {
        problems.push(`${relative(root, file)}: link to ${target} does not resolve`);
      }
    }
  }
  return problems;
}

/**
 * Runbooks: each one named in code (packages/runbooks' constants, `docs/runbooks/<name>.md` anywhere in sources,
 * workflows and docs) must exist, and each one in docs/runbooks must be named somewhere outside docs/runbooks.
 */
export function runbookProblems(root) {
  const dir = join(root, 'docs', 'runbooks');
  const runbooks = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.md')) : [];
  const referenced = new Map();
  const files = [
    ...walk(root, 'actions', ['.ts', '.yml', '.md']),
    ...walk(root, 'packages', ['.ts']),
    ...walk(root, 'action-templates', ['.yml']),
    ...walk(root, '.github', ['.yml', '.md']),
    ...walk(root, 'docs', ['.md']),
    ...walk(root, 'terraform', ['.md', '.tf']),
    ...walk(root, 'README.md', ['.md']),
  ];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const inRunbooks = file.startsWith(dir);
    const names = [
      ...[...text.matchAll(/docs\/runbooks\/([\w.-]+\.md)/g)].map((m) => m[1]),
      ...[...text.matchAll(/\$\{RUNBOOK_BASE\}\/([\w.-]+\.md)/g)].map((m) => m[1]),
    ];
    for (const name of names) {
      if (!referenced.has(name)) referenced.set(name, []);
      referenced.get(name).push({ file: relative(root, file), inRunbooks });
    }
  }
  const problems = [];
  for (const [name, where] of referenced) {
    if (!runbooks.includes(name)) {
      problems.push(`${where[0].file}: runbook docs/runbooks/${name} does not exist`);
    }
  }
  for (const name of runbooks) {
    if (!(referenced.get(name) ?? []).some((w) => !w.inRunbooks)) {
      problems.push(`docs/runbooks/${name}: no action, workflow or document outside docs/runbooks links to it`);
    }
  }
  return problems;
}
