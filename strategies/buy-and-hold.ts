import { z } from 'zod';
import type { StrategyDefinition } from '../src/strategy/types.ts';

/** Fully long from the first bar's close (filled at the second bar's open) to the end. */
export const buyAndHold: StrategyDefinition<Record<string, never>> = {
  type: 'buy-and-hold',
  description: 'Buy at the first opportunity and hold to the end.',
  params: z.strictObject({}),
  warmupBars: () => 0,
  create: () => ({
    async run(bars) {
      return { targetPositions: new Float64Array(bars.length).fill(1) };
    },
  }),
};
