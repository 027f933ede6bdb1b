import type { Bar } from '../data/bar.ts';
import type { ForecastMetrics } from '../walkforward/forecast-metrics.ts';
import type { ContractCheck } from './strategy-contract.ts';
import { plantedSignalBars, randomWalkBars } from './synthetic-bars.ts';

/**
 * The forecaster canaries `walkforward check` runs besides the strategy contract, on bars made to
 * know the answer (src/check/synthetic-bars.ts):
 * - planted signal: today's volume sets tomorrow's return, so a forecaster that can learn from its
 *   inputs forecasts the direction out of sample far better than a coin (a pipeline or model that
 *   cannot learn anything fails here);
 * - random walk: nothing can be forecast, so out-of-sample directional accuracy must stay inside
 *   the binomial 99.9% band around 0.5 (wide, so an honest model fails by chance once in a
 *   thousand; forecasts that saw the future score far outside it). Skill here means a peek at the
 *   target, a scaler fitted on test bars, a shifted window.
 */

/** The walk-forward the canaries run: the planted signal's inputs, short windows, 3 folds on 700 bars. */
export const CANARY_SETUP = {
  features: [{ name: 'volume' }, { name: 'log-return' }],
  lookback: 4,
  target: { horizon: 1 },
  walkforward: { trainBars: 400, testBars: 100, stepBars: 100, scheme: 'expanding', purgeBars: 1, validationFraction: 0.1 },
} as const;

/**
 * A forecasting strategy's params moved onto the canary setup: its model (and signal) kept, the
 * features, target and folds the canaries'. The strategy's own lookback is kept up to 100 bars
 * (a model may need a long window); undefined when the params do not take that shape.
 */
export function canaryParams(params: unknown): Record<string, unknown> | undefined {
  if (typeof params !== 'object' || params === null || !('model' in params)) return undefined;
  const lookback = 'lookback' in params && typeof params.lookback === 'number' ? Math.min(Math.max(params.lookback, CANARY_SETUP.lookback), 100) : CANARY_SETUP.lookback;
  return { ...params, ...CANARY_SETUP, lookback };
}

export const CANARY_BARS = 700;

/** z of the binomial two-sided bands: 99% for learning the planted signal, 99.9% for the random walk. */
const Z_99 = 2.576;
const Z_999 = 3.291;

/** Out-of-sample forecast accuracy of one walk-forward run on canary bars. */
export type ForecastOn = (bars: readonly Bar[]) => Promise<ForecastMetrics>;

function describe(metrics: ForecastMetrics): string {
  const accuracy = metrics.directionalAccuracy === null ? 'n/a' : metrics.directionalAccuracy.toFixed(3);
  const ratio = metrics.rmseRatioVsNaive === null ? 'n/a' : metrics.rmseRatioVsNaive.toFixed(3);
  return `directional accuracy ${accuracy} over ${metrics.directionalCount} out-of-sample bars, RMSE ${ratio} x naive`;
}

/** Half-width of the binomial band (z) of an accuracy over `count` coin flips. */
const band = (count: number, z = Z_99) => z * Math.sqrt(0.25 / Math.max(count, 1));

/** Run both canaries through `forecastOn` (the user's forecaster in the walk-forward of CANARY_SETUP). */
export async function checkForecasterCanaries(forecastOn: ForecastOn, seed = 14): Promise<ContractCheck[]> {
  const planted = await forecastOn(plantedSignalBars(CANARY_BARS, seed));
  // A forecaster that always says zero (the naive baseline) makes no directional claim to test.
  const abstains = planted.directionalCount === 0;
  const learns = !abstains && (planted.directionalAccuracy ?? 0.5) - 0.5 > band(planted.directionalCount);
  const walk = await forecastOn(randomWalkBars(CANARY_BARS, seed - 1));
  const peeks = walk.directionalCount > 0 && Math.abs((walk.directionalAccuracy ?? 0.5) - 0.5) >= band(walk.directionalCount, Z_999);
  return [
    {
      name: 'planted-signal',
      passed: learns || abstains,
      summary: abstains
        ? 'makes no directional forecast (always zero, like the naive baseline): nothing to learn'
        : learns
        ? `learns a planted causal signal: ${describe(planted)}`
        : `does not learn a planted causal signal (volume today sets tomorrow's return): ${describe(planted)}, not above a coin's 99% band (0.5 + ${band(planted.directionalCount).toFixed(3)})`,
    },
    {
      name: 'random-walk',
      passed: !peeks,
      summary: peeks
        ? `forecasts a random walk: ${describe(walk)}, outside a coin's 99.9% band (0.5 ± ${band(walk.directionalCount, Z_999).toFixed(3)}): its forecasts see the future`
        : `no skill on a random walk, as it must be: ${describe(walk)}`,
    },
  ];
}
