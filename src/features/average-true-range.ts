import { ATR } from 'technicalindicators';
import type { Bar } from '../data/bar.ts';
import { padFront } from './pad-front.ts';

/**
 * Wilder's average true range over `period` bars, one value per bar: value k uses bars up to k
 * only (NaN in the warm-up, bars 0..period-1). technicalindicators' output is shorter than its
 * input; padding puts each value on its own bar.
 */
export function averageTrueRange(bars: readonly Bar[], period: number): Float64Array {
  const values = ATR.calculate({ period, high: bars.map((b) => b.high), low: bars.map((b) => b.low), close: bars.map((b) => b.close) });
  return padFront(values, bars.length);
}
