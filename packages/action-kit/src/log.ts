import * as core from '@actions/core';
import { redact } from './secrets';

/** Logging and annotations. Everything passes through redact(): the runner only masks its own log. */

export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
}

export const log = {
  info(message: string): void {
    core.info(redact(message));
  },
  debug(message: string): void {
    core.debug(redact(message));
  },
  warning(message: string, properties?: AnnotationProperties): void {
    core.warning(redact(message), properties);
  },
  error(message: string, properties?: AnnotationProperties): void {
    core.error(redact(message), properties);
  },
  notice(message: string, properties?: AnnotationProperties): void {
    core.notice(redact(message), properties);
  },
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    return core.group(redact(title), fn);
  },
};

/** Sets an output; numbers and booleans are written as their text. */
export function setOutput(name: string, value: string | number | boolean): void {
  core.setOutput(name, typeof value === 'string' ? redact(value) : String(value));
}

/** Appends markdown to the job summary (redacted). A no-op when GITHUB_STEP_SUMMARY is not set. */
export async function appendSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(redact(markdown), true).write();
}
