import type { z } from 'zod';
import { loadConfig, resolveConfigObject, type LoadedConfig } from '../config/load-config.ts';
import type { configSchema } from '../config/schema.ts';
import { UserError } from '../core/errors.ts';
import { silentProgress, type ProgressSink } from '../core/progress.ts';
import { loadSeries } from '../data/load-series.ts';
import { computeStatistics } from '../metrics/statistics.ts';
import { checkSeries } from '../run/check-series.ts';
import type { RunResults } from '../run/results.ts';
import { runSeries } from '../run/run-multi-symbol.ts';
import type { StrategyDefinition } from '../strategy/types.ts';

/** A config as written (the YAML's keys; defaults may be left out), for runBacktest. */
export type ConfigInput = z.input<typeof configSchema>;

export interface RunBacktestOptions {
  /**
   * Strategy types besides the built-in ones, for entries whose `type` is their name: what
   * defineStrategy returned. (A `type: ./file.ts` entry needs nothing here.)
   */
  strategies?: readonly StrategyDefinition[];
  /**
   * Folder relative paths in the config (data.path, plug-in files) are relative to. Default: the
   * config file's folder for a path, the working folder for an object.
   */
  baseDir?: string;
  /** Yahoo data: never touch the network; use cached bars only. */
  offline?: boolean;
  /** Yahoo data: fetch again instead of using the cache. */
  refresh?: boolean;
  /** Receives folds and epochs as they train; default silent. */
  progress?: ProgressSink;
}

/** runBacktest of the library (src/api/index.ts, where it is documented), loaded on its first call. */
export async function runBacktest(config: ConfigInput | string, options: RunBacktestOptions = {}): Promise<RunResults> {
  const configOptions = { strategies: options.strategies, baseDir: options.baseDir };
  const loaded: LoadedConfig =
    typeof config === 'string' ? await loadConfig(config, configOptions) : await resolveConfigObject(config, 'runBacktest config', configOptions);
  const seriesList = await loadSeries(loaded.config.data, { baseDir: loaded.baseDir, offline: options.offline, refresh: options.refresh });
  // Every check that needs no training, on every series, before any strategy runs (as the CLI does).
  const errors = seriesList.flatMap((series) => checkSeries(loaded.strategies, series, { config: loaded.config.evaluation, source: loaded.path }).errors);
  if (errors.length > 0) throw new UserError(errors.join('\n'));
  const results = await runSeries(loaded, seriesList, { progress: options.progress ?? silentProgress });
  computeStatistics(results);
  return results;
}
