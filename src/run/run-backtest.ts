import type { LoadedConfig, ResolvedStrategy } from '../config/load-config.ts';
import type { BarSeries } from '../data/bar.ts';
import { simulate } from '../backtest/simulate.ts';
import { computeMetrics } from '../metrics/compute-metrics.ts';
import { strategyRegistry } from '../../strategies/index.ts';
import type { ProgressSink } from '../core/progress.ts';
import type { InputWarning } from '../core/warnings.ts';
import type { StrategyContext } from '../strategy/types.ts';
import type { Conventions, RunResults, StrategyResult } from './results.ts';

export const PERIODS_PER_YEAR = 252;
export const FILL_RULE = "decision at bar t's close, market fill at bar t+1's open (slippage against the trade)";

export interface RunOptions {
  progress: ProgressSink;
  /** Where `saveModels: true` writes per-fold models. */
  saveModelsDir?: string;
  /** Clock for runTimeMs/createdAt; injectable so tests can compare whole files. */
  now?: () => number;
}

export function conventionsOf(loaded: LoadedConfig): Conventions {
  const { broker, riskFreeRate } = loaded.config;
  return {
    periodsPerYear: PERIODS_PER_YEAR,
    riskFreeRate,
    fillRule: FILL_RULE,
    commission: broker.commission,
    slippage: broker.slippage,
    sizing: broker.sizing === 'fraction' ? `fraction ${broker.fraction} of equity` : 'all-in',
    wholeShares: broker.wholeShares,
    initialCash: broker.cash,
    annualization:
      'Return (Ann.) = (1 + geometric mean daily return)^252 - 1; Volatility (Ann.) as backtesting.py; ' +
      'Sharpe = (Return (Ann.) - rf) / Volatility (Ann.); CAGR over calendar days / 365.25',
  };
}

/** Run every strategy of a config over one series through the same broker settings. */
export async function runBacktest(loaded: LoadedConfig, series: BarSeries, options: RunOptions): Promise<RunResults> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const { config } = loaded;
  const entries: Array<ResolvedStrategy & { isBenchmark: boolean }> = loaded.strategies.map((strategy) => ({
    ...strategy,
    isBenchmark: strategy.entry.name === config.benchmark,
  }));
  if (config.benchmark === 'buy-and-hold' && !entries.some((s) => s.isBenchmark)) {
    entries.push({
      entry: { name: 'buy-and-hold', type: 'buy-and-hold', params: {}, mode: 'long-only' },
      definition: strategyRegistry.get('buy-and-hold')!,
      params: {},
      isBenchmark: true,
    });
  }

  const strategies: StrategyResult[] = [];
  const warnings: InputWarning[] = [];
  let engine = 'none';
  for (const { entry, definition, params, isBenchmark } of entries) {
    const context: StrategyContext = {
      seed: config.seed,
      mode: entry.mode,
      engine: config.engine,
      fused: config.fused,
      workers: config.workers,
      saveModelsDir: config.saveModels && options.saveModelsDir ? `${options.saveModelsDir}/${entry.name}` : undefined,
      progress: options.progress,
    };
    const warmup = definition.warmupBars(params);
    if (warmup >= series.bars.length) {
      warnings.push({
        code: 'warmup-exceeds-data',
        message: `${series.source}: strategy ${entry.name} needs ${warmup} bars before its first decision; the data has ${series.bars.length}, so it never trades`,
      });
    }
    const output = await definition.create(params, context).run(series.bars);
    warnings.push(...(output.warnings ?? []));
    const simulation = simulate(series.bars, output.targetPositions, {
      cash: config.broker.cash,
      commissionRate: config.broker.commission,
      slippageRate: config.broker.slippage,
      sizing: config.broker.sizing,
      sizingFraction: config.broker.fraction,
      wholeShares: config.broker.wholeShares,
      mode: entry.mode,
    });
    // Baselines that never load tfjs report 'none'; keep the engine a network actually ran on.
    if (output.model && output.model.engine !== 'none') engine = output.model.engine;
    strategies.push({
      name: entry.name,
      type: entry.type,
      mode: entry.mode,
      symbol: series.symbol,
      params: (params ?? {}) as Record<string, unknown>,
      metrics: computeMetrics({
        bars: series.bars,
        equity: simulation.equity,
        trades: simulation.trades,
        commissionsPaid: simulation.commissionsPaid,
        periodsPerYear: PERIODS_PER_YEAR,
        riskFreeRate: config.riskFreeRate,
      }),
      trades: simulation.trades,
      openTrade: simulation.openTrades[0] ?? null,
      equity: simulation.equity,
      targetPositions: Array.from(output.targetPositions),
      model: output.model,
      isBenchmark,
    });
  }

  const bars = series.bars;
  return {
    version: 1,
    name: config.name,
    description: config.description,
    configPath: loaded.path,
    seed: config.seed,
    engine,
    createdAt: new Date(startedAt).toISOString(),
    runTimeMs: now() - startedAt,
    data: {
      symbol: series.symbol,
      source: series.source,
      start: bars[0].date,
      end: bars[bars.length - 1].date,
      bars: bars.length,
      droppedRows: series.droppedRows ?? 0,
    },
    bars: bars.map(({ date, open, high, low, close, volume }) => ({ date, open, high, low, close, volume })),
    conventions: conventionsOf(loaded),
    warnings: [...(series.warnings ?? []), ...warnings],
    benchmark: entries.find((s) => s.isBenchmark)?.entry.name ?? null,
    strategies,
  };
}
