import * as core from '@actions/core';
import { inspect } from 'node:util';
import { CancelledError, ConfigurationError } from './errors';
import { redact } from './secrets';

export interface ActionContext {
  /** Fires on SIGINT/SIGTERM (the runner's cancel). Its reason is a CancelledError. */
  readonly signal: AbortSignal;
  readonly phase: 'main' | 'post';
}

export type ActionFn = (context: ActionContext) => Promise<void>;

export interface ActionHandlers {
  main: ActionFn;
  /** Runs in the `post` step (same bundle; main marks the state so post knows which phase it is). */
  post?: ActionFn;
}

export interface RunOptions {
  /** End the process with the exit code when done (bundles); tests leave it off. */
  exit?: boolean;
}

const POST_MARKER = 'credex-phase-main-ran';

/**
 * The one way an action runs: dispatches main/post, turns runner cancellation into an AbortSignal,
 * and reports failures with the action's name: one line for a ConfigurationError, the stack for a bug,
 * and something useful for a thrown non-Error. Returns the exit code (0 or 1).
 */
export async function runAction(
  name: string,
  handlers: ActionHandlers | ActionFn,
  options: RunOptions = {},
): Promise<number> {
  const { main, post } = typeof handlers === 'function' ? { main: handlers, post: undefined } : handlers;
  const phase: 'main' | 'post' = core.getState(POST_MARKER) === 'true' ? 'post' : 'main';
  if (phase === 'main') core.saveState(POST_MARKER, 'true');

  const controller = new AbortController();
  const onSignal = (signalName: NodeJS.Signals): void => {
    if (!controller.signal.aborted) {
      core.warning(`${name}: received ${signalName}, cancelling`);
      controller.abort(new CancelledError(signalName));
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let code = 0;
  try {
    const fn = phase === 'main' ? main : post;
    if (fn) await fn({ signal: controller.signal, phase });
  } catch (error) {
    code = 1;
    reportFailure(name, error);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  // A gate may have marked the step failed (process.exitCode = 1) without throwing.
  const exitCode = code !== 0 || Number(process.exitCode ?? 0) !== 0 ? 1 : 0;
  process.exitCode = exitCode;
  if (options.exit) process.exit(exitCode);
  return exitCode;
}

function reportFailure(name: string, error: unknown): void {
  if (error instanceof ConfigurationError || error instanceof CancelledError) {
    core.setFailed(redact(`${name}: ${error.message}`));
    return;
  }
  if (error instanceof Error) {
    core.setFailed(redact(`${name}: ${error.message || error.name}`));
    core.info(redact(`${name}: unexpected error, details for debugging:\n${inspect(error, { depth: 4 })}`));
    return;
  }
  core.setFailed(redact(`${name}: unexpected failure (a non-Error value was thrown): ${inspect(error, { depth: 2 })}`));
}

/** Marks the step failed without throwing (for gates that finish their reporting first). */
export function failStep(name: string, message: string): void {
  core.setFailed(redact(`${name}: ${message}`));
}
