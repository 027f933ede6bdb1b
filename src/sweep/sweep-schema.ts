import { z } from 'zod';
import { OBJECTIVE_KEYS } from './objective.ts';

/**
 * A numeric range a random search draws from: uniform on [min, max], on the lattice
 * min + k * step when `step` is given, or log-uniform with `log: true`; `integer: true` rounds.
 */
const rangeSchema = z
  .strictObject({
    min: z.number(),
    max: z.number(),
    step: z.number().positive().optional(),
    log: z.boolean().default(false),
    /** Round every draw to a whole number (a period, a unit count). */
    integer: z.boolean().default(false),
  })
  .superRefine((range, ctx) => {
    if (!(range.min < range.max)) ctx.addIssue({ code: 'custom', path: ['max'], message: `must be > min (${range.min})` });
    if (range.log && range.min <= 0) ctx.addIssue({ code: 'custom', path: ['min'], message: 'must be > 0 for a log range' });
    if (range.log && range.step !== undefined) ctx.addIssue({ code: 'custom', path: ['step'], message: 'a log range has no step' });
  });

export type ParameterRange = z.infer<typeof rangeSchema>;

/** Values of one swept path: a list (grid, or random choice) or, for random search, a range. */
const valueListSchema = z.array(z.unknown()).min(1, 'give at least one value');

/**
 * The `sweep:` block of a config (`walkforward sweep`). Paths name a strategy entry of the config
 * and a key inside it, e.g. `sma.params.fast` or `lstm.params.model.layers`; their values are
 * checked against that strategy's own params schema when the sweep is planned (src/sweep/plan-sweep.ts).
 */
export const sweepSchema = z
  .strictObject({
    /** Every combination of the listed values (first path varies slowest). */
    grid: z.record(z.string().min(1), valueListSchema).optional(),
    random: z
      .strictObject({
        /** How many distinct trials to draw. */
        trials: z.number().int().min(1).max(100_000),
        /** Seed of the draws (default: the config's seed). */
        seed: z.number().int().min(0).optional(),
        space: z.record(z.string().min(1), z.union([valueListSchema, rangeSchema])),
      })
      .optional(),
    /** Conditions every trial must meet, e.g. `sma.params.fast < sma.params.slow`. */
    constraints: z.array(z.string().min(1)).default([]),
    /** The metric trials are ranked by: any key of a strategy's metrics in results.json. */
    objective: z.enum(OBJECTIVE_KEYS).default('sharpe'),
    /** Default: maximize, except for volatility, drawdown durations and commissions. */
    direction: z.enum(['maximize', 'minimize']).optional(),
    /**
     * Walk-forward optimization: at each refit point pick the best trial on the bars before it
     * only, trade it for the next `testBars` bars.
     */
    wfo: z
      .strictObject({
        /** Bars of history the first choice is made on (and, rolling, every choice). */
        trainBars: z.number().int().min(2).default(252),
        /** Bars each choice is traded before choosing again. */
        testBars: z.number().int().min(1).default(63),
        scheme: z.enum(['expanding', 'rolling']).default('expanding'),
      })
      .default({ trainBars: 252, testBars: 63, scheme: 'expanding' }),
    /** Combinatorially symmetric cross-validation for the probability of backtest overfitting. */
    cscv: z
      .strictObject({
        /** Even number of equal blocks the evaluation window's returns are cut into (S). */
        partitions: z.number().int().min(2).max(24).default(16),
      })
      .default({ partitions: 16 }),
    /** The two paths the report's heatmap opens with (default: the first two swept). */
    heatmap: z.tuple([z.string().min(1), z.string().min(1)]).optional(),
  })
  .superRefine((sweep, ctx) => {
    if ((sweep.grid === undefined) === (sweep.random === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'give exactly one of grid or random' });
    }
    if (sweep.cscv.partitions % 2 !== 0) {
      ctx.addIssue({ code: 'custom', path: ['cscv', 'partitions'], message: 'must be even (half the blocks are in sample)' });
    }
    const paths = Object.keys(sweep.grid ?? sweep.random?.space ?? {});
    if (paths.length === 0) ctx.addIssue({ code: 'custom', path: [sweep.grid ? 'grid' : 'random'], message: 'name at least one path to sweep' });
  });

export type SweepConfig = z.infer<typeof sweepSchema>;
