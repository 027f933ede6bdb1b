import type { ExitRules } from '../backtest/exits.ts';
import { EXIT_FILL_RULE } from '../backtest/exits.ts';
import type { EquityPoint, ExitReason, Trade } from '../backtest/types.ts';
import { barsFromColumns, barsToColumns, numbersFromJson, type BarColumns } from '../data/bar-columns.ts';
import { detectBarFrequency } from '../data/bar-frequency.ts';
import type { Conventions, RunResults, StrategyResult } from './results.ts';

/**
 * results.json on disk. The per-bar series are stored as columns (one array per field) rather
 * than as an object per bar: a million bars repeat no keys, and the file stays a fraction of the
 * size. Everything else is RunResults as it is. NaN is stored as null (JSON has no NaN).
 */
export interface ResultsFile extends Omit<RunResults, 'bars' | 'strategies' | 'perSymbol' | 'conventions' | 'data'> {
  /** exitRule is absent from files written before exits, periodsPerYearRule from files before bars of any frequency. */
  conventions: Omit<Conventions, 'exitRule' | 'periodsPerYearRule'> & { exitRule?: string; periodsPerYearRule?: string };
  /** frequency is absent from files written before bars of any frequency. */
  data: Omit<RunResults['data'], 'frequency'> & { frequency?: RunResults['data']['frequency'] };
  bars: BarColumns;
  strategies: StrategyFileEntry[];
  perSymbol?: ResultsFile[];
}

/** A strategy's equity curve by column; point i is bar firstBar + i of the bars it ran on. */
export interface EquityColumns {
  firstBar: number;
  date: string[];
  equity: number[];
  cash: number[];
  position: number[];
}

/** A trade as stored: exitReason is absent from files written before exits (every such trade closed by its signal). */
export type TradeFileEntry = Omit<Trade, 'exitReason'> & { exitReason?: ExitReason | null };

export interface StrategyFileEntry extends Omit<StrategyResult, 'equity' | 'exits' | 'trades' | 'openTrade'> {
  equity: EquityColumns;
  /** Absent from files written before exits: none. */
  exits?: ExitRules | null;
  trades: TradeFileEntry[];
  openTrade: TradeFileEntry | null;
}

/** A stored trade with the exit reason files before exits left out (a closed trade then closed by its signal). */
function decodeTrade(trade: TradeFileEntry): Trade {
  return { ...trade, exitReason: trade.exitReason ?? (trade.open ? null : 'signal') };
}

export function encodeResults(results: RunResults): ResultsFile {
  const { bars, strategies, perSymbol, ...rest } = results;
  return {
    ...rest,
    bars: barsToColumns(bars),
    strategies: strategies.map(({ equity, ...strategy }) => ({
      ...strategy,
      equity: {
        firstBar: equity[0]?.bar ?? 0,
        date: equity.map((p) => p.date),
        equity: equity.map((p) => p.equity),
        cash: equity.map((p) => p.cash),
        position: equity.map((p) => p.position),
      },
    })),
    ...(perSymbol ? { perSymbol: perSymbol.map(encodeResults) } : {}),
  };
}


export function decodeResults(file: ResultsFile): RunResults {
  const { bars, strategies, perSymbol, data, conventions, ...rest } = file;
  return {
    ...rest,
    // Files from before bars of any frequency: daily bars at a fixed 252 a year. A file written
    // before exits has none, so the exit rule (stated for completeness) never applied to it.
    data: { ...data, frequency: data.frequency ?? detectBarFrequency(bars.date.map((date) => ({ date }))) },
    conventions: {
      ...conventions,
      periodsPerYearRule: conventions.periodsPerYearRule ?? `${conventions.periodsPerYear} (fixed, before it was detected from the data)`,
      exitRule: conventions.exitRule ?? EXIT_FILL_RULE,
    },
    bars: barsFromColumns(bars),
    strategies: strategies.map(({ equity: columns, ...strategy }) => {
      const equity = numbersFromJson(columns.equity);
      const cash = numbersFromJson(columns.cash);
      const points: EquityPoint[] = columns.date.map((date, i) => ({ bar: columns.firstBar + i, date, equity: equity[i], cash: cash[i], position: columns.position[i] }));
      return {
        ...strategy,
        exits: strategy.exits ?? null,
        trades: strategy.trades.map(decodeTrade),
        openTrade: strategy.openTrade && decodeTrade(strategy.openTrade),
        equity: points,
        targetPositions: numbersFromJson(strategy.targetPositions),
        ...(strategy.model
          ? {
              model: {
                ...strategy.model,
                forecasts: numbersFromJson(strategy.model.forecasts),
                realized: numbersFromJson(strategy.model.realized),
                ...(strategy.model.memberSpread ? { memberSpread: numbersFromJson(strategy.model.memberSpread) } : {}),
              },
            }
          : {}),
      };
    }),
    ...(perSymbol ? { perSymbol: perSymbol.map(decodeResults) } : {}),
  };
}
