import { createHash } from 'node:crypto';
import type { Bar } from '../data/bar.ts';

/**
 * sha256 of bars [0, end): each bar's date and OHLCV, in order. A fold's model depends on these
 * bars only (features of its training rows may reach back to the first bar), so an unchanged hash
 * means a saved model is still the one the fold would train.
 */
export function trainingDataHash(bars: readonly Bar[], end: number): string {
  const hash = createHash('sha256');
  for (let k = 0; k < end; k++) {
    const { date, open, high, low, close, volume } = bars[k];
    hash.update(`${date},${open},${high},${low},${close},${volume}\n`);
  }
  return hash.digest('hex');
}
