import { ConfigurationError } from '@credex/action-kit';

/** A daily window in UTC, in minutes after midnight; `end` may be smaller than `start` (wraps past midnight). */
export interface BlackoutWindow {
  text: string;
  start: number;
  end: number;
}

const WINDOW = /^([01]\d|2[0-3]):([0-5]\d)\s*-\s*([01]\d|2[0-3]):([0-5]\d)(?:\s*UTC)?$/i;

/** Parses entries such as `23:30-00:30 UTC` (times are UTC; the suffix is optional, other zones are refused). */
export function parseBlackoutWindows(entries: string[]): BlackoutWindow[] {
  return entries.map((text) => {
    const match = WINDOW.exec(text.trim());
    if (!match) {
      throw new ConfigurationError(
        `input 'blackout-windows': ${JSON.stringify(text)} is not a window like 23:30-00:30 UTC (24-hour HH:MM-HH:MM, UTC)`,
      );
    }
    const start = Number(match[1]) * 60 + Number(match[2]);
    const end = Number(match[3]) * 60 + Number(match[4]);
    if (start === end) throw new ConfigurationError(`input 'blackout-windows': ${JSON.stringify(text)} is empty`);
    return { text: text.trim(), start, end };
  });
}

export function activeBlackout(windows: BlackoutWindow[], at: Date): BlackoutWindow | undefined {
  const minute = at.getUTCHours() * 60 + at.getUTCMinutes();
  return windows.find((w) =>
    w.start < w.end ? minute >= w.start && minute < w.end : minute >= w.start || minute < w.end,
  );
}

/** The first window that a deploy starting at `from` and lasting up to `durationMs` would run into, if any. */
export function blackoutAhead(windows: BlackoutWindow[], from: Date, durationMs: number): BlackoutWindow | undefined {
  const stepMs = 60_000;
  for (let offset = stepMs; offset <= durationMs; offset += stepMs) {
    const found = activeBlackout(windows, new Date(from.getTime() + offset));
    if (found) return found;
  }
  return undefined;
}
