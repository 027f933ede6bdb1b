/**
 * An error caused by the user's input (config, data file, network, arguments).
 * The CLI prints its message without a stack trace and exits with code 2.
 */
export class UserError extends Error {
  readonly exitCode = 2;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserError';
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
