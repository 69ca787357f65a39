/**
 * A mistake the user can fix (bad input, missing file, a precondition not met). Reported as one line, no stack.
 * Anything else that is thrown is treated as a bug and reported with enough detail to debug it.
 */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** Thrown (or used as an abort reason) when the runner cancels the job. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor(readonly signalName: string) {
    super(`cancelled by ${signalName}`);
  }
}
