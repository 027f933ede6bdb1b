import type { LoadedConfig } from '../config/load-config.ts';
import { UserError } from '../core/errors.ts';
import type { InputWarning } from '../core/warnings.ts';
import type { BarSeries } from '../data/bar.ts';
import { checkSeries } from '../run/check-series.ts';

/**
 * Every check that needs no training, over every series, before a run (or instead of one, for
 * `validate`): the series' own warnings and each strategy's (checkSeries) go to `printWarnings`;
 * all errors together are thrown as one UserError.
 */
export function checkBeforeRun(loaded: LoadedConfig, seriesList: readonly BarSeries[], printWarnings: (warnings: readonly InputWarning[] | undefined) => void): void {
  const errors: string[] = [];
  for (const series of seriesList) {
    printWarnings(series.warnings);
    const check = checkSeries(loaded.strategies, series, { config: loaded.config.evaluation, source: loaded.path });
    printWarnings(check.warnings);
    errors.push(...check.errors);
  }
  if (errors.length > 0) throw new UserError(errors.join('\n'));
}
