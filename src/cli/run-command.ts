import { isUserError } from '../core/errors.ts';

/**
 * Run a command's action: user errors (bad config, data, network) print one clear message and
 * exit with its code (2; 3 for stale data); anything else is a bug and keeps its stack trace (exit 1).
 */
export function runCommand<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      if (isUserError(error)) {
        process.stderr.write(`walkforward: ${error.message}\n`);
        process.exitCode = error.exitCode;
      } else {
        process.stderr.write(`walkforward: internal error: ${(error as Error)?.stack ?? error}\n`);
        process.exitCode = 1;
      }
    }
  };
}
