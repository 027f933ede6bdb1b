import { z } from 'zod';
import { derivedSeries } from '../src/features/bar-memo.ts';
import { simpleMovingAverage } from '../src/features/sma.ts';
import type { StrategyDefinition } from '../src/strategy/types.ts';

const params = z
  .strictObject({
    fast: z.number().int().min(1).default(10),
    slow: z.number().int().min(2).default(30),
  })
  .refine((p) => p.fast < p.slow, { message: 'fast must be shorter than slow', path: ['fast'] });

/**
 * Moving-average crossover on closes: long while the fast SMA is above the slow one; flat
 * (long-only) or short (long-short) while it is below.
 *
 * A cross is the fast average passing strictly from one side of the slow one to the other;
 * touching (equal averages) is not crossing. So the position after bar t is the side the fast
 * average was strictly on at the last bar <= t where the two differed: a tie keeps the previous
 * side, and above -> equal -> above never trades. At the first bar where both averages exist
 * (bar slow - 1) the strategy takes the side they are on then (flat on a tie); its first
 * decision is at bar `slow` (= warmupBars, the contract's first decision bar).
 *
 * The averages are exact (src/features/sma.ts): equal averages compare equal, so prices rounded
 * to cents that make the two averages meet do not fire a cross through rounding noise. Each
 * decision therefore depends only on the last `slow` bars (and on earlier ones only through a
 * tie lasting since then): data starting `slow` or more bars before bar t gives the same
 * decisions from t on, unless the averages are equal on every bar from its first decision to t.
 */
export const smaCrossover: StrategyDefinition<z.infer<typeof params>> = {
  type: 'sma-crossover',
  description: 'Moving-average crossover on closes.',
  params,
  // Both averages exist from bar slow - 1; the first decision is at bar slow.
  warmupBars: ({ slow }) => slow,
  create: ({ fast, slow }, context) => ({
    async run(bars) {
      // Once per bars array and period: a sweep's trials share their averages.
      const closes = derivedSeries(bars, 'close', () => Float64Array.from(bars, (bar) => bar.close));
      const fastSma = derivedSeries(bars, `sma:${fast}`, () => simpleMovingAverage(closes, fast));
      const slowSma = derivedSeries(bars, `sma:${slow}`, () => simpleMovingAverage(closes, slow));
      const below = context.mode === 'long-short' ? -1 : 0;
      const targets = new Float64Array(bars.length).fill(Number.NaN);
      let position = 0;
      for (let t = slow - 1; t < bars.length; t++) {
        if (fastSma[t] > slowSma[t]) position = 1;
        else if (fastSma[t] < slowSma[t]) position = below;
        if (t >= slow) targets[t] = position;
      }
      return { targetPositions: targets };
    },
  }),
};
