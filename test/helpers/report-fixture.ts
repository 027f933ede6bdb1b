import type { ExitRules } from '../../src/backtest/exits.ts';
import { detectBarFrequency } from '../../src/data/bar-frequency.ts';
import type { PositionMode } from '../../src/core/position-mode.ts';
import type { Bar } from '../../src/data/bar.ts';
import { randomWalkBars } from './bars.ts';
import { resolveEvaluation } from '../../src/run/evaluation-window.ts';
import { measureOverWindow } from '../../src/run/measure.ts';
import { mulberry32 } from '../../src/core/seeded-random.ts';
import { RESULTS_VERSION, type Conventions, type RunResults, type StrategyResult } from '../../src/run/results.ts';
import { computeForecastMetrics } from '../../src/walkforward/forecast-metrics.ts';
import type { WalkForwardReport } from '../../src/walkforward/report-types.ts';

function movingAverage(values: number[], t: number, length: number): number {
  let sum = 0;
  for (let i = t - length + 1; i <= t; i++) sum += values[i];
  return sum / length;
}

/** A toy forecaster report: forecasts a damped copy of the realized next return plus noise. */
function normalised(values: number[]): number[] {
  const sum = values.reduce((a, b) => a + b, 0);
  return values.map((v) => v / sum);
}

function syntheticModel(bars: Bar[], seed: number, foldCount: number): { targets: Float64Array; model: WalkForwardReport } {
  const random = mulberry32(seed);
  const n = bars.length;
  const realized = bars.map((_, t) => (t + 1 < n ? Math.log(bars[t + 1].close / bars[t].close) : NaN));
  const firstTest = Math.floor(n * 0.3);
  const foldSize = Math.ceil((n - firstTest) / foldCount);
  const forecasts = realized.map((y, t) => (t >= firstTest && Number.isFinite(y) ? 0.2 * y + 0.01 * (random() - 0.5) : NaN));
  const targets = Float64Array.from(forecasts, (f) => (Number.isFinite(f) ? (f > 0 ? 1 : 0) : NaN));
  const folds = Array.from({ length: foldCount }, (_, k) => {
    const testStart = firstTest + k * foldSize;
    const testEnd = Math.min(n - 1, testStart + foldSize - 1);
    return {
      index: k,
      seed: 1000 + k,
      trainStartDate: bars[0].date,
      trainEndDate: bars[testStart - 1].date,
      testStartDate: bars[testStart].date,
      testEndDate: bars[testEnd].date,
      trainStart: 0,
      trainEnd: testStart - 1,
      testStart,
      testEnd,
      trainSamples: testStart - 20,
      validationSamples: 0,
      testSamples: testEnd - testStart + 1,
      epochsRun: 5 + k,
      bestEpoch: 5 + k,
      finalLoss: 0.0002 / (k + 1),
      bestValidationLoss: null,
      trainSeconds: 0.1,
      targetMean: 0,
      targetStd: 0.01,
      // As an attention model's: weight rising toward the forecast bar, a little different per fold.
      attention: normalised(Array.from({ length: 20 }, (_, i) => Math.exp((i - 19) / (4 + k)))),
      ...computeForecastMetrics(forecasts, realized, testStart, testEnd + 1),
    };
  });
  return {
    targets,
    model: {
      engine: 'cpu',
      modelType: 'lstm',
      featureLabels: ['log-return'],
      firstValidBar: 1,
      horizon: 1,
      lookback: 20,
      forecasts,
      // As an ensemble's: its members' spread per bar.
      memberSpread: forecasts.map((f) => (Number.isFinite(f) ? 0.002 + Math.abs(f) / 2 : NaN)),
      realized,
      foldOfBar: forecasts.map((_, t) => (t >= firstTest ? Math.min(foldCount - 1, Math.floor((t - firstTest) / foldSize)) : -1)),
      folds,
      forecastMetrics: computeForecastMetrics(forecasts, realized),
      wallSeconds: 1,
      samplesPerSecond: 1000,
    },
  };
}

export interface FixtureOptions {
  bars?: number;
  /** Rule strategies besides the benchmark (SMA crossovers of different lengths). */
  ruleStrategies?: number;
  /** Add a model strategy with forecasts and folds. */
  withModel?: boolean;
  /** How many model strategies when withModel (default 1); each trades almost daily. */
  models?: number;
  seed?: number;
  /** Evaluation window mode (default common). */
  window?: 'common' | 'full';
  /** Exits of the rule strategies (default none). */
  exits?: ExitRules;
}

/** A hand-made RunResults through the real broker and metrics, for report tests. */
export function makeFixtureResults(options: FixtureOptions = {}): RunResults {
  const bars = randomWalkBars(options.bars ?? 400, options.seed ?? 7, { startDate: '2014-01-02', businessDays: true, drift: 0.0004, volatility: 0.014 });
  const closes = bars.map((b) => b.close);
  const conventions: Conventions = {
    periodsPerYear: 252,
    periodsPerYearRule: 'from the data: 252 trading days a year (daily bars)',
    riskFreeRate: 0,
    fillRule: "decision at bar t's close, market fill at bar t+1's open",
    commissionRate: 0.001,
    slippageRate: 0.0005,
    sizing: 'all-in',
    sizingFraction: null,
    wholeShares: true,
    initialCash: 10_000,
    annualization: 'backtesting.py',
    windowRule: 'warm-up before the window',
    exitRule: 'stops inside the bar',
  };
  const decided: Array<{ name: string; type: string; targets: Float64Array; isBenchmark: boolean; model?: WalkForwardReport; mode: PositionMode; exits: ExitRules | null }> = [];
  const add = (name: string, type: string, targets: Float64Array, isBenchmark: boolean, model?: WalkForwardReport, mode: PositionMode = 'long-only', exits: ExitRules | null = null) =>
    decided.push({ name, type, targets, isBenchmark, model, mode, exits });
  add('buy-and-hold', 'buy-and-hold', new Float64Array(bars.length).fill(1), true);
  for (let k = 0; k < (options.ruleStrategies ?? 2); k++) {
    const fast = 5 + 5 * k;
    const slow = 20 + 15 * k;
    const targets = Float64Array.from(bars, (_, t) => (t + 1 < slow ? NaN : movingAverage(closes, t, fast) > movingAverage(closes, t, slow) ? 1 : k % 2 ? -1 : 0));
    add(`sma-${fast}-${slow}`, 'sma-crossover', targets, false, undefined, k % 2 ? 'long-short' : 'long-only', options.exits ?? null);
  }
  if (options.withModel ?? true) {
    for (let k = 0; k < (options.models ?? 1); k++) {
      const { targets, model } = syntheticModel(bars, (options.seed ?? 7) + 1 + k, 4);
      add(k === 0 ? 'lstm <test>' : `lstm-${k + 1}`, 'lstm-forecast', targets, false, model);
    }
  }
  const plan = resolveEvaluation(
    { window: options.window ?? 'common' },
    bars,
    decided.map((d) => ({ name: d.name, targetPositions: d.targets, isModel: d.model !== undefined })),
    { source: 'configs/fixture.yaml' },
  );
  const strategies: StrategyResult[] = decided.map((d, i) => ({
    name: d.name,
    type: d.type,
    mode: d.mode,
    symbol: 'SYN',
    params: {},
    exits: d.exits,
    ...measureOverWindow(bars, d.targets, d.model, conventions, d.mode, plan.strategyWindows[i], d.exits),
    targetPositions: Array.from(d.targets),
    isBenchmark: d.isBenchmark,
  }));
  return {
    version: RESULTS_VERSION,
    name: 'fixture',
    description: 'synthetic bars </script><b>not bold</b>',
    configPath: 'configs/fixture.yaml',
    seed: 42,
    engine: 'cpu',
    createdAt: '2026-01-01T00:00:00.000Z',
    runTimeMs: 1234,
    data: { symbol: 'SYN', source: 'synthetic', start: bars[0].date, end: bars[bars.length - 1].date, bars: bars.length, droppedRows: 0, frequency: detectBarFrequency(bars) },
    bars: bars.map(({ date, open, high, low, close, volume }) => ({ date, open, high, low, close, volume })),
    evaluation: {
      ...plan.window,
      mode: plan.mode,
      rule: plan.rule,
      windowsDiffer: plan.strategyWindows.some((w) => w.startBar !== plan.window.startBar),
    },
    conventions,
    warnings: [],
    benchmark: 'buy-and-hold',
    strategies,
  };
}
