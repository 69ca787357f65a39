import { GITHUB_COMMENT_MAX_CHARS, truncate } from '@credex/reports';

/** A hidden HTML comment that lets a later run find its own comment or issue again. */
export function hiddenMarker(id: string): string {
  return `<!-- credex-actions:${id.replace(/--/g, '-')} -->`;
}

/**
 * Fits a comment or issue body into GitHub's limit. The marker (and any hidden state) goes first so a cut body can
 * still be found and compared next time.
 */
export function fitBody(
  head: string,
  body: string,
  note = 'the full report is in the job summary and artifacts',
): string {
  const prefix = `${head}\n`;
  const room = GITHUB_COMMENT_MAX_CHARS - prefix.length;
  if (room <= 0) throw new Error('hidden marker and state do not fit in a GitHub body');
  return prefix + truncate(body, { maxChars: room, marker: `\n\n… (cut to fit GitHub's limit; ${note})` }).text;
}

const STATE = /<!-- credex-actions-state:([A-Za-z0-9+/=]*) -->/;

/** Hidden state kept in an issue body between runs (e.g. the alert keys seen last time). */
export function stateComment(state: unknown): string {
  return `<!-- credex-actions-state:${Buffer.from(JSON.stringify(state), 'utf8').toString('base64')} -->`;
}

export function readState<T>(body: string | null | undefined): T | undefined {
  const match = STATE.exec(body ?? '');
  if (!match?.[1]) return undefined;
  try {
    return JSON.parse(Buffer.from(match[1], 'base64').toString('utf8')) as T;
  } catch {
    return undefined;
  }
}
