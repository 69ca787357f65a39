import type { ScanType } from './cli';

/**
 * What a run without a JSON report means. `snyk code test --help`: "For SAST, if no issues are found, Snyk does not
 * create a json file. In contrast, for open source, Snyk creates a file whether or not issues are found." So exit 0
 * without a file is a clean Snyk Code scan, and an error for every other command.
 */
export function cleanWithoutReport(scanType: ScanType, exitCode: number): boolean {
  return scanType === 'code' && exitCode === 0;
}

const BANNER = /^-{3,}.*-{3,}$|^-{5,}$/;
const PROGRESS = /^(Testing|Analyzing|Querying|Scanning) .*(\.\.\.|…)$/;
const MAX_CHARS = 600;

/** Lines worth showing: no blanks, no progress lines, no `---- Warning ----` banner blocks. */
function meaningful(text: string): string[] {
  const out: string[] = [];
  let inBanner = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (BANNER.test(line)) {
      // A banner opens with a dashed line naming it (`---- Warning ----`) and closes with the next dashed line.
      inBanner = !inBanner && /[A-Za-z]/.test(line);
      continue;
    }
    if (inBanner || !line || PROGRESS.test(line)) continue;
    out.push(line);
  }
  return out;
}

/**
 * Snyk's own message for a failed run. The CLI prints errors on stdout (the Go CLI as an `ERROR  Title (SNYK-…)`
 * block followed by its explanation; older commands as a plain sentence) and uses stderr for warnings such as the
 * unsupported-platform banner, so stdout comes first.
 */
export function snykErrorMessage(stdout: string, stderr: string): string | undefined {
  const lines = meaningful(stdout);
  const start = lines.findIndex((l) => /^ERROR\b/.test(l));
  let chosen: string[];
  if (start >= 0) {
    const block = lines.slice(start).filter((l) => !/^(Docs|ID):/.test(l));
    chosen = [block[0]!.replace(/^ERROR\s+/, ''), ...block.slice(1, 3)];
  } else if (lines.length) {
    chosen = lines.slice(-2);
  } else {
    chosen = meaningful(stderr).slice(-2);
  }
  if (!chosen.length) return undefined;
  const text = chosen.join(' ');
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS - 1)}…` : text;
}
