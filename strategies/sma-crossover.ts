import { SMA } from 'technicalindicators';
import { z } from 'zod';
import { padFront } from '../src/features/pad-front.ts';
import type { StrategyDefinition } from '../src/strategy/types.ts';

const params = z
  .strictObject({
    fast: z.number().int().min(1).default(10),
    slow: z.number().int().min(2).default(30),
  })
  .refine((p) => p.fast < p.slow, { message: 'fast must be shorter than slow', path: ['fast'] });

/**
 * Long when the fast SMA of closes crosses above the slow one; flat (long-only) or short
 * (long-short) when it crosses below. Positions change only on a cross, as in backtesting.py's
 * SmaCross example, so nothing happens at the end of the warm-up by itself.
 */
export const smaCrossover: StrategyDefinition<z.infer<typeof params>> = {
  type: 'sma-crossover',
  description: 'Moving-average crossover on closes.',
  params,
  // The slow average exists from bar slow - 1; a cross compares it with the bar before.
  warmupBars: ({ slow }) => slow,
  create: ({ fast, slow }, context) => ({
    async run(bars) {
      const closes = bars.map((bar) => bar.close);
      const fastSma = padFront(SMA.calculate({ period: fast, values: closes }), bars.length);
      const slowSma = padFront(SMA.calculate({ period: slow, values: closes }), bars.length);
      const downPosition = context.mode === 'long-short' ? -1 : 0;
      const targets = new Float64Array(bars.length).fill(NaN);
      let position = NaN;
      for (let t = 1; t < bars.length; t++) {
        const ready = Number.isFinite(slowSma[t - 1]) && Number.isFinite(fastSma[t - 1]);
        if (ready) {
          if (Number.isNaN(position)) position = 0;
          const wasAbove = fastSma[t - 1] > slowSma[t - 1];
          const isAbove = fastSma[t] > slowSma[t];
          const wasBelow = fastSma[t - 1] < slowSma[t - 1];
          const isBelow = fastSma[t] < slowSma[t];
          if (isAbove && !wasAbove) position = 1;
          else if (isBelow && !wasBelow) position = downPosition;
        }
        targets[t] = position;
      }
      return { targetPositions: targets };
    },
  }),
};
