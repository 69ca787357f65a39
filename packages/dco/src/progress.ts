/** Where the package reports what it does (the action passes its redacting logger). */
export interface Reporter {
  info(message: string): void;
  warning(message: string): void;
}

export const silentReporter: Reporter = { info: () => undefined, warning: () => undefined };

/** "cxxCredexes: 2000/5000 (40%), 1234/s" lines, at most one per batch. */
export function progressLine(label: string, done: number, total: number, startedAt: number, now = Date.now()): string {
  const seconds = Math.max((now - startedAt) / 1000, 0.001);
  const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
  return `${label}: ${done}/${total} (${percent}%), ${Math.round(done / seconds)}/s`;
}
