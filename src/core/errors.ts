/**
 * An error caused by the user's input (config, data file, network, arguments).
 * The CLI prints its message without a stack trace and exits with `exitCode`: 2 for bad input,
 * 3 for data too old to act on (`signal`'s staleness check, so a scheduler can tell it apart).
 */
export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, options?: { cause?: unknown; exitCode?: number }) {
    super(message, options);
    this.name = 'UserError';
    this.exitCode = options?.exitCode ?? 2;
  }
}

/** Exit code of `signal` when the last bar is older than the allowed age. */
export const STALE_DATA_EXIT_CODE = 3;

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
