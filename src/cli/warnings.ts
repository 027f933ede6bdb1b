import type { InputWarning } from '../core/warnings.ts';

/**
 * Prints warnings on stderr as `walkforward: warning: <message>`, each message once however often
 * it is passed (a check before the run and the run's results report the same ones). Not silenced
 * by --quiet: --quiet silences progress, and a warning is about the input, not progress.
 */
export function createWarningPrinter(stream: NodeJS.WritableStream = process.stderr): (warnings: readonly InputWarning[] | undefined) => void {
  const printed = new Set<string>();
  return (warnings) => {
    for (const warning of warnings ?? []) {
      if (printed.has(warning.message)) continue;
      printed.add(warning.message);
      stream.write(`walkforward: warning: ${warning.message}\n`);
    }
  };
}
