/** GitHub rejects issue and comment bodies longer than this (characters). */
export const GITHUB_COMMENT_MAX_CHARS = 65_536;
/** GitHub's limit for one step's job summary (bytes, UTF-8). */
export const JOB_SUMMARY_MAX_BYTES = 1024 * 1024;

export interface TruncateOptions {
  /** Limit in UTF-16 code units (what GitHub counts for bodies), marker included. */
  maxChars?: number;
  /** Limit in UTF-8 bytes, marker included. */
  maxBytes?: number;
  /** Appended when text is cut. */
  marker?: string;
}

export interface Truncated {
  text: string;
  truncated: boolean;
}

const DEFAULT_MARKER = '\n\n… (truncated)';

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Longest prefix of `text` within both limits that does not split a surrogate pair. */
function prefixWithin(text: string, maxChars: number, maxBytes: number): string {
  let end = Math.min(text.length, maxChars);
  if (maxBytes < Infinity) {
    // Bytes per code unit are 1..3 (a surrogate pair is 4 bytes for 2 units), so search for the cut point.
    let lo = 0;
    let hi = end;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (utf8Length(text.slice(0, mid)) <= maxBytes) lo = mid;
      else hi = mid - 1;
    }
    end = lo;
  }
  const last = text.charCodeAt(end - 1);
  if (end > 0 && end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}

/**
 * Cuts text so that it, with the marker appended, fits within the limits. Text already within them is returned
 * unchanged. If even the marker does not fit, the marker itself is cut.
 */
export function truncate(text: string, options: TruncateOptions): Truncated {
  const maxChars = options.maxChars ?? Infinity;
  const maxBytes = options.maxBytes ?? Infinity;
  if (maxChars < 0 || maxBytes < 0 || Number.isNaN(maxChars) || Number.isNaN(maxBytes)) {
    throw new RangeError('truncate: limits must be >= 0');
  }
  if (text.length <= maxChars && (maxBytes === Infinity || utf8Length(text) <= maxBytes)) {
    return { text, truncated: false };
  }
  const marker = options.marker ?? DEFAULT_MARKER;
  const markerChars = marker.length;
  const markerBytes = utf8Length(marker);
  if (markerChars > maxChars || markerBytes > maxBytes) {
    return { text: prefixWithin(marker, maxChars, maxBytes), truncated: true };
  }
  return { text: prefixWithin(text, maxChars - markerChars, maxBytes - markerBytes) + marker, truncated: true };
}
