import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

function sortKeys(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'toJSON' in value && typeof value.toJSON === 'function') {
    return sortKeys((value as { toJSON: () => unknown }).toJSON());
  }
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** JSON with object keys sorted at every level, 2-space indent and a final newline: same data, same bytes. */
export function stableStringify(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/**
 * Writes a text report (JUnit XML, SARIF, …), creating missing folders, and returns its absolute path. The file is
 * written beside its final name and renamed, so a reader never sees half a report.
 */
export async function writeTextReport(path: string, text: string): Promise<string> {
  const target = resolve(path);
  await mkdir(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, text, 'utf8');
  await rename(temp, target);
  return target;
}

/** Writes a JSON report with stable key order (see stableStringify); for actions' `report-file`. */
export async function writeJsonReport(path: string, data: unknown): Promise<string> {
  return writeTextReport(path, stableStringify(data));
}
