import { readFile } from 'node:fs/promises';
import { paginateFilterLogEvents, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';

/** What the logs say about the license since the server last started. */
export interface LicenseLogFindings {
  source: string;
  /** The line that marks the last start, when one was seen. */
  lastStart?: string;
  warnings: string[];
  linesRead: number;
}

const LICENSE = /licen[cs]e|evaluation period|trial (period|license)/i;
const LEVEL = /\b(WARN|WARNING|ERROR)\b/;
const MAX_WARNINGS = 20;

function lastIndex(lines: string[], pattern: RegExp): number {
  for (let i = lines.length - 1; i >= 0; i--) if (pattern.test(lines[i]!)) return i;
  return -1;
}

/** Finds license warnings after the last "Starting..." line (Neo4j logs it first thing at every start). */
export function scanLicenseLines(lines: string[], source: string): LicenseLogFindings {
  let startIndex = lastIndex(lines, /\bStarting\.\.\./);
  if (startIndex === -1) startIndex = lastIndex(lines, /\bStarted\.\s*$/);
  const since = lines.slice(startIndex + 1);
  const warnings = since.filter((l) => LICENSE.test(l) && LEVEL.test(l)).map((l) => l.trim().slice(0, 300));
  return {
    source,
    lastStart: startIndex >= 0 ? lines[startIndex]!.trim().slice(0, 200) : undefined,
    warnings: warnings.slice(-MAX_WARNINGS),
    linesRead: lines.length,
  };
}

export async function scanLogFile(path: string): Promise<LicenseLogFindings> {
  const text = await readFile(path, 'utf8');
  return scanLicenseLines(text.split(/\r?\n/), `file ${path}`);
}

export interface CloudWatchScanOptions {
  logGroup: string;
  streamPrefix?: string;
  sinceMs: number;
  /** Stops reading after this many events (the newest starts are what matter; the cap bounds the cost). */
  maxEvents?: number;
}

export async function scanCloudWatch(
  client: CloudWatchLogsClient,
  options: CloudWatchScanOptions,
): Promise<LicenseLogFindings> {
  const lines: string[] = [];
  const max = options.maxEvents ?? 50_000;
  const pages = paginateFilterLogEvents(
    { client },
    {
      logGroupName: options.logGroup,
      ...(options.streamPrefix ? { logStreamNamePrefix: options.streamPrefix } : {}),
      startTime: options.sinceMs,
    },
  );
  for await (const page of pages) {
    for (const event of page.events ?? []) {
      if (lines.length >= max) break;
      lines.push(event.message ?? '');
    }
    if (lines.length >= max) break;
  }
  const where = options.streamPrefix ? `${options.logGroup} (streams ${options.streamPrefix}*)` : options.logGroup;
  return scanLicenseLines(lines, `CloudWatch Logs ${where}`);
}
