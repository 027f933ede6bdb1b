import { z } from 'zod';
import { exitsSchema } from '../backtest/exits.ts';
import { evaluationSchema } from '../run/evaluation-window.ts';
import { sweepSchema } from '../sweep/sweep-schema.ts';
import { isoDate } from './iso-date.ts';
import { outputNameSchema } from './output-name.ts';
import { isValidTimeZone } from '../data/time-zone.ts';
import { YAHOO_INTERVALS } from '../data/yahoo/intervals.ts';


export const csvDataSchema = z.strictObject({
  source: z.literal('csv'),
  /** Path to the CSV file; a relative path is relative to the config file's folder. */
  path: z.string().min(1),
  symbol: z.string().min(1).optional(),
  start: isoDate.optional(),
  end: isoDate.optional(),
  /** `error` (default) stops at the first bad row; `drop` removes bad rows and reports how many. */
  onInvalidRow: z.enum(['error', 'drop']).default('error'),
  /**
   * IANA time zone of times written without `Z` or an offset (`2017-04-19 09:00:00`), and whose
   * days are the market's days; results keep UTC stamps. Default UTC.
   */
  timezone: z
    .string()
    .refine(isValidTimeZone, { message: 'unknown time zone (expected an IANA name such as UTC, Europe/London, America/New_York)' })
    .default('UTC'),
});

export const yahooDataSchema = z.strictObject({
  source: z.literal('yahoo'),
  symbol: z.string().min(1).optional(),
  symbols: z.array(z.string().min(1)).min(1).optional(),
  start: isoDate,
  end: isoDate.optional(),
  /** Intraday intervals reach back a limited time (src/data/yahoo/intervals.ts). */
  interval: z.enum(YAHOO_INTERVALS).default('1d'),
  adjust: z.enum(['none', 'splits', 'total']).default('splits'),
  /** A relative path is relative to the config file's folder. */
  cacheDir: z.string().optional(),
  onInvalidRow: z.enum(['error', 'drop']).default('error'),
});

export const dataSchema = z.discriminatedUnion('source', [csvDataSchema, yahooDataSchema]);

export const brokerSchema = z.strictObject({
  cash: z.number().positive('cash must be > 0').default(10_000),
  /** Fraction of traded value charged on every fill, e.g. 0.001 = 0.1%. */
  commission: z.number().min(0).max(0.5).default(0),
  /** Fraction of price moved against us on every fill. */
  slippage: z.number().min(0).max(0.5).default(0),
  sizing: z.enum(['all-in', 'fraction']).default('all-in'),
  /** With `sizing: fraction`: the share of equity a full (|target| = 1) position uses. */
  fraction: z.number().gt(0).max(1).optional(),
  wholeShares: z.boolean().default(true),
});

export const strategyEntrySchema = z.strictObject({
  name: z.string().min(1),
  type: z.string().min(1),
  /** Validated later by the strategy type's own schema. */
  params: z.record(z.string(), z.unknown()).default({}),
  mode: z.enum(['long-only', 'long-short']).default('long-only'),
  /** Stop-loss, take-profit, trailing stop, time exit and entry order type (src/backtest/exits.ts). */
  exits: exitsSchema.optional(),
});

export const configSchema = z
  .strictObject({
    name: outputNameSchema,
    description: z.string().optional(),
    seed: z.number().int().min(0).default(42),
    engine: z.enum(['auto', 'tfjs-node', 'wasm', 'cpu']).default('auto'),
    workers: z.union([z.literal('auto'), z.number().int().min(1)]).default('auto'),
    fused: z.boolean().default(true),
    saveModels: z.boolean().default(false),
    /** Annual risk-free rate as a fraction (0.02 = 2%). */
    riskFreeRate: z.number().min(-1).max(1).default(0),
    /** Bars a year for every annualised figure: `auto` detects it from the data (src/data/bar-frequency.ts). */
    periodsPerYear: z.union([z.literal('auto'), z.number().positive('periodsPerYear must be > 0')]).default('auto'),
    data: dataSchema,
    broker: brokerSchema.default(() => brokerSchema.parse({})),
    strategies: z.array(strategyEntrySchema).min(1),
    /** Name of a strategy entry, or `buy-and-hold` (added automatically if absent). */
    benchmark: z.string().optional(),
    /** Which bars every strategy is measured over (see src/run/evaluation-window.ts). */
    evaluation: evaluationSchema.default(() => evaluationSchema.parse({})),
    /** Parameter sweep for `walkforward sweep` (src/sweep/sweep-schema.ts); `backtest` ignores it. */
    sweep: sweepSchema.optional(),
  })
  .superRefine((config, ctx) => {
    if (config.broker.sizing === 'fraction' && config.broker.fraction === undefined) {
      ctx.addIssue({ code: 'custom', path: ['broker', 'fraction'], message: 'required when sizing is "fraction"' });
    }
    if (config.data.start && config.data.end && config.data.start > config.data.end) {
      ctx.addIssue({ code: 'custom', path: ['data', 'end'], message: `end ${config.data.end} is before start ${config.data.start}` });
    }
    if (config.data.source === 'yahoo' && !config.data.symbol && !config.data.symbols) {
      ctx.addIssue({ code: 'custom', path: ['data', 'symbol'], message: 'give symbol or symbols' });
    }
    const seen = new Set<string>();
    config.strategies.forEach((entry, index) => {
      if (seen.has(entry.name)) {
        ctx.addIssue({ code: 'custom', path: ['strategies', index, 'name'], message: `duplicate strategy name "${entry.name}"` });
      }
      seen.add(entry.name);
    });
  });

export type Config = z.infer<typeof configSchema>;
export type DataConfig = z.infer<typeof dataSchema>;
export type CsvDataConfig = z.infer<typeof csvDataSchema>;
export type YahooDataConfig = z.infer<typeof yahooDataSchema>;
export type BrokerConfig = z.infer<typeof brokerSchema>;
export type StrategyEntry = z.infer<typeof strategyEntrySchema>;
