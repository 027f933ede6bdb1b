import type { Bar } from './bar.ts';

/** One thing wrong with one bar: which bar, which column, what. */
export interface BarProblem {
  index: number;
  column: 'date' | 'open' | 'high' | 'low' | 'close' | 'volume';
  message: string;
}

const PRICE_COLUMNS = ['open', 'high', 'low', 'close'] as const;

/** Problems of a single bar, ignoring its neighbours. */
export function findRowProblems(bar: Bar, index: number): BarProblem[] {
  const problems: BarProblem[] = [];
  for (const column of PRICE_COLUMNS) {
    const value = bar[column];
    if (!Number.isFinite(value)) problems.push({ index, column, message: `${column} is not a number` });
    else if (value <= 0) problems.push({ index, column, message: `${column} must be > 0, got ${value}` });
  }
  if (!Number.isFinite(bar.volume)) problems.push({ index, column: 'volume', message: 'volume is not a number' });
  else if (bar.volume < 0) problems.push({ index, column: 'volume', message: `volume must be >= 0, got ${bar.volume}` });
  if (problems.length > 0) return problems;
  if (bar.high < bar.low) {
    problems.push({ index, column: 'high', message: `high ${bar.high} < low ${bar.low}` });
  } else if (bar.high < Math.max(bar.open, bar.close)) {
    problems.push({ index, column: 'high', message: `high ${bar.high} < max(open ${bar.open}, close ${bar.close})` });
  } else if (bar.low > Math.min(bar.open, bar.close)) {
    problems.push({ index, column: 'low', message: `low ${bar.low} > min(open ${bar.open}, close ${bar.close})` });
  }
  return problems;
}

/**
 * Every problem in a bar sequence: bad values per row, and dates that are not strictly
 * increasing (unsorted or duplicate).
 */
export function findBarProblems(bars: readonly Bar[]): BarProblem[] {
  const problems: BarProblem[] = [];
  for (let index = 0; index < bars.length; index++) {
    for (const problem of findRowProblems(bars[index], index)) problems.push(problem);
    if (index > 0 && bars[index].date <= bars[index - 1].date) {
      const what = bars[index].date === bars[index - 1].date ? 'duplicate date' : 'dates not sorted';
      problems.push({ index, column: 'date', message: `${what}: ${bars[index].date} after ${bars[index - 1].date}` });
    }
  }
  return problems;
}

/**
 * Keep the valid bars: drops rows with bad values, then rows whose date does not move forward.
 * Returns the kept bars and the original indices of the dropped ones.
 */
export function dropInvalidBars(bars: readonly Bar[]): { bars: Bar[]; dropped: number[] } {
  const kept: Bar[] = [];
  const dropped: number[] = [];
  bars.forEach((bar, index) => {
    const previous = kept[kept.length - 1];
    if (findRowProblems(bar, index).length > 0 || (previous && bar.date <= previous.date)) dropped.push(index);
    else kept.push(bar);
  });
  return { bars: kept, dropped };
}
