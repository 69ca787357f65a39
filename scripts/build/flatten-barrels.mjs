// An esbuild plugin that rewrites `import { a, b } from '@credex/<pkg>'` into imports from the modules of the package
// that define a and b (what packages/<pkg>/src/index.ts re-exports them from).
//
// Why: esbuild decides which chunk a file goes to by file-level reachability. Through a package's index.ts every
// action entry reached every module of the package, so the AWS SDK clients that only the lazily loaded part of
// blue-green-deploy uses (deploy.ts, via the same index.ts that inputs.ts imports its parsers from) were imported
// before any input was read. Imported straight from their modules, the parsers no longer drag the rest along.
// Sources keep importing from '@credex/<pkg>' as before; type-only imports are left alone.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';

const BARREL = /^@credex\/([a-z0-9-]+)$/;

function parse(file, text = readFileSync(file, 'utf8')) {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

/** name → { file, name } (name '*' for `export * as name from`), for the re-exports of a barrel. */
function reExports(barrel) {
  const map = new Map();
  for (const statement of parse(barrel).statements) {
    if (!ts.isExportDeclaration(statement) || statement.isTypeOnly || !statement.moduleSpecifier) continue;
    const specifier = statement.moduleSpecifier.text;
    if (!specifier.startsWith('.')) continue;
    const file = resolve(dirname(barrel), `${specifier}.ts`);
    if (!existsSync(file)) continue;
    const clause = statement.exportClause;
    if (clause && ts.isNamespaceExport(clause)) map.set(clause.name.text, { file, name: '*' });
    if (clause && ts.isNamedExports(clause)) {
      for (const element of clause.elements) {
        if (element.isTypeOnly) continue;
        map.set(element.name.text, { file, name: (element.propertyName ?? element.name).text });
      }
    }
  }
  return map;
}

/** The import declarations that replace one `import {...} from '@credex/<pkg>'`. */
function rewrite(declaration, specifier, exports) {
  const bindings = declaration.importClause?.namedBindings;
  if (declaration.importClause?.name || !bindings || !ts.isNamedImports(bindings)) return undefined;
  const kept = [];
  const byFile = new Map();
  const namespaces = [];
  for (const element of bindings.elements) {
    const found = element.isTypeOnly ? undefined : exports.get((element.propertyName ?? element.name).text);
    if (!found) kept.push(element.getText());
    else if (found.name === '*')
      namespaces.push(`import * as ${element.name.text} from ${JSON.stringify(found.file)};`);
    else {
      const list = byFile.get(found.file) ?? [];
      list.push(found.name === element.name.text ? found.name : `${found.name} as ${element.name.text}`);
      byFile.set(found.file, list);
    }
  }
  if (byFile.size === 0 && namespaces.length === 0) return undefined;
  const lines = [...byFile].map(([file, names]) => `import { ${names.join(', ')} } from ${JSON.stringify(file)};`);
  if (kept.length) lines.push(`import { ${kept.join(', ')} } from ${JSON.stringify(specifier)};`);
  return [...lines, ...namespaces].join(' ');
}

/** @param {{ packagesDir: string, sourceFiles: RegExp }} options which files to rewrite, where the packages are */
export function flattenBarrels({ packagesDir, sourceFiles }) {
  const barrels = new Map();
  const exportsOf = (pkg) => {
    if (!barrels.has(pkg)) {
      const barrel = join(packagesDir, pkg, 'src', 'index.ts');
      barrels.set(pkg, existsSync(barrel) ? reExports(barrel) : new Map());
    }
    return barrels.get(pkg);
  };
  return {
    name: 'flatten-barrels',
    setup(build) {
      build.onLoad({ filter: sourceFiles }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('@credex/')) return undefined;
        const edits = [];
        for (const statement of parse(args.path, text).statements) {
          if (!ts.isImportDeclaration(statement) || statement.importClause?.isTypeOnly) continue;
          const specifier = statement.moduleSpecifier.text;
          const pkg = BARREL.exec(specifier)?.[1];
          const replacement = pkg && rewrite(statement, specifier, exportsOf(pkg));
          if (replacement) edits.push({ start: statement.getStart(), end: statement.getEnd(), replacement });
        }
        let contents = text;
        for (const { start, end, replacement } of edits.reverse()) {
          contents = contents.slice(0, start) + replacement + contents.slice(end);
        }
        return { contents, loader: 'ts' };
      });
    },
  };
}
