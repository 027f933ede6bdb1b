import cliProgress from 'cli-progress';
import { silentProgress } from '../core/progress.ts';
import type { ProgressSink } from '../core/progress.ts';

/** Progress bars on stderr (folds, epochs); silent when quiet. */
export function createProgressSink(quiet: boolean): ProgressSink {
  if (quiet) return silentProgress;
  return {
    start(label, total) {
      const bar = new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: `${label.padEnd(24).slice(0, 24)} [{bar}] {value}/{total} {info} | ETA {eta_formatted}`,
          hideCursor: false,
          clearOnComplete: false,
          noTTYOutput: true,
          notTTYSchedule: 5000,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, { info: '' });
      return {
        update(done, info) {
          const text = info ? Object.entries(info).map(([k, v]) => `${k} ${typeof v === 'number' ? +v.toPrecision(4) : v}`).join(' ') : '';
          bar.update(done, { info: text });
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
