import { describe, expect, it } from 'vitest';
import { CANARY_SETUP, checkForecasterCanaries } from '../../src/check/forecaster-canaries.ts';
import { silentProgress } from '../../src/core/progress.ts';
import type { Bar } from '../../src/data/bar.ts';
import { computeForecastMetrics } from '../../src/walkforward/forecast-metrics.ts';
import { strategyRegistry } from '../../strategies/index.ts';

/** Out-of-sample forecast metrics of a built-in forecaster in the canaries' walk-forward. */
function builtIn(model: Record<string, unknown>) {
  const definition = strategyRegistry.get('lstm-forecast')!;
  const params = definition.params.parse({ ...CANARY_SETUP, model });
  return async (bars: readonly Bar[]) => {
    const output = await definition.create(params, { seed: 7, mode: 'long-only', engine: 'auto', fused: true, workers: 1, progress: silentProgress }).run(bars);
    return output.model!.forecastMetrics;
  };
}

describe('forecaster canaries', () => {
  it('the linear baseline learns the planted signal and shows no skill on a random walk', async () => {
    const checks = await checkForecasterCanaries(builtIn({ type: 'linear' }));
    expect(checks.map((c) => [c.name, c.passed])).toEqual([['planted-signal', true], ['random-walk', true]]);
    expect(checks[0].summary).toMatch(/^learns a planted causal signal: directional accuracy 0\.\d{3} over \d+ out-of-sample bars/);
  });

  it('naive (always zero) makes no directional claim: both canaries pass, saying so', async () => {
    const [planted, walk] = await checkForecasterCanaries(builtIn({ type: 'naive' }));
    expect([planted.passed, walk.passed]).toEqual([true, true]);
    expect(planted.summary).toMatch(/^makes no directional forecast/);
  });

  it('a forecaster that cannot learn from its inputs fails the planted-signal canary', async () => {
    // Forecasts the sign of a coin, whatever the bars: directional claims, no skill.
    const coin = async (bars: readonly Bar[]) => {
      const forecasts = Float64Array.from(bars, (_, t) => (Math.sin(t * 12.9898) * 43758.5453) % 1);
      const realized = Float64Array.from(bars, (bar, t) => (t + 1 < bars.length ? Math.log(bars[t + 1].close / bar.close) : Number.NaN));
      return computeForecastMetrics(forecasts, realized, 400);
    };
    const [planted, walk] = await checkForecasterCanaries(coin);
    expect(planted.passed).toBe(false);
    expect(planted.summary).toMatch(/^does not learn a planted causal signal/);
    expect(walk.passed).toBe(true);
  });

  it('forecasts that saw the future (the realized return itself) fail the random-walk canary', async () => {
    const peeking = async (bars: readonly Bar[]) => {
      const realized = Float64Array.from(bars, (bar, t) => (t + 1 < bars.length ? Math.log(bars[t + 1].close / bar.close) : Number.NaN));
      return computeForecastMetrics(realized, realized, 400);
    };
    const [, walk] = await checkForecasterCanaries(peeking);
    expect(walk.passed).toBe(false);
    expect(walk.summary).toMatch(/^forecasts a random walk: directional accuracy 1\.000 .* its forecasts see the future/);
  });
});
