import { RSI } from 'technicalindicators';
import { z } from 'zod';
import { padFront } from '../src/features/pad-front.ts';
import type { StrategyDefinition } from '../src/strategy/types.ts';

const params = z
  .strictObject({
    period: z.number().int().min(2).default(14),
    /** Oversold level: go long when RSI falls below it. */
    lower: z.number().min(0).max(100).default(30),
    /** Overbought level: exit (long-only) or go short (long-short) when RSI rises above it. */
    upper: z.number().min(0).max(100).default(70),
  })
  .refine((p) => p.lower < p.upper, { message: 'lower must be below upper', path: ['lower'] });

/** Mean reversion on Wilder's RSI of closes: buy oversold, sell (or short) overbought. */
export const rsiReversion: StrategyDefinition<z.infer<typeof params>> = {
  type: 'rsi-reversion',
  description: 'RSI mean reversion with oversold / overbought thresholds.',
  params,
  // RSI over `period` changes needs period + 1 closes.
  warmupBars: ({ period }) => period,
  create: ({ period, lower, upper }, context) => ({
    async run(bars) {
      const closes = bars.map((bar) => bar.close);
      const rsi = padFront(RSI.calculate({ period, values: closes }), bars.length);
      const upPosition = 1;
      const downPosition = context.mode === 'long-short' ? -1 : 0;
      const targets = new Float64Array(bars.length).fill(NaN);
      let position = NaN;
      for (let t = 0; t < bars.length; t++) {
        if (!Number.isFinite(rsi[t])) continue;
        if (Number.isNaN(position)) position = 0;
        if (rsi[t] < lower) position = upPosition;
        else if (rsi[t] > upper) position = downPosition;
        targets[t] = position;
      }
      return { targetPositions: targets };
    },
  }),
};
