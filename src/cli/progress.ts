import { createRequire } from 'node:module';
import { silentProgress } from '../core/progress.ts';
import type { ProgressSink } from '../core/progress.ts';

const requireHere = createRequire(import.meta.url);

/** `45s`, `4m 05s`, `1h 02m`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * Progress bars on stderr (folds, epochs); silent when quiet. `done` may be fractional (an epoch
 * part-way through its batches): the count shows whole steps, the bar and the ETA use the fraction.
 * No ETA is shown until something has progressed (it would be a guess of 0s).
 */
export function createProgressSink(quiet: boolean, stream: NodeJS.WritableStream = process.stderr, now: () => number = Date.now): ProgressSink {
  if (quiet) return silentProgress;
  return {
    start(label, total) {
      const startedMs = now();
      // Required on the first bar, not at start-up: a rule-only run never draws one.
      const cliProgress: typeof import('cli-progress') = requireHere('cli-progress');
      const bar = new cliProgress.SingleBar(
        {
          stream,
          format: `${label.padEnd(24).slice(0, 24)} [{bar}] {steps}/{total} {info}{etaText}`,
          hideCursor: false,
          clearOnComplete: false,
          noTTYOutput: true,
          notTTYSchedule: 5000,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, { info: '', steps: 0, etaText: '' });
      return {
        update(done, info) {
          // Numbers to 4 significant digits; a diverged loss (NaN) as n/a, like every figure.
          const text = info ? Object.entries(info).map(([k, v]) => `${k} ${typeof v !== 'number' ? v : Number.isFinite(v) ? +v.toPrecision(4) : 'n/a'}`).join(' ') : '';
          const elapsedSeconds = (now() - startedMs) / 1000;
          const eta = done > 0 && done < total ? ` | ETA ${formatDuration((elapsedSeconds * (total - done)) / done)}` : '';
          bar.update(done, { info: text, steps: Math.floor(done), etaText: eta });
        },
        stop() {
          bar.stop();
        },
      };
    },
  };
}

/** A plain stderr line for stage messages, unless quiet. */
export function createLogger(quiet: boolean): (message: string) => void {
  return quiet ? () => {} : (message) => process.stderr.write(`${message}\n`);
}
