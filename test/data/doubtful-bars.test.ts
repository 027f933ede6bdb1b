import { describe, expect, it } from 'vitest';
import { doubtfulBarWarnings } from '../../src/data/doubtful-bars.ts';
import { barsFromCloses, calendar } from '../helpers/bars.ts';

const placeOf = (index: number) => `x.csv:${index + 2}`;

/** Bars on the given dates (prices do not matter here). */
function barsOn(dates: string[]) {
  return barsFromCloses(dates.map(() => 100)).map((bar, k) => ({ ...bar, date: dates[k] }));
}

describe('doubtfulBarWarnings', () => {
  it('is silent on ordinary business-day data, holidays and a week-long closure included', () => {
    const dates = calendar(3000, '2000-01-03', true).filter((date) => date < '2001-09-11' || date > '2001-09-16');
    expect(doubtfulBarWarnings(barsOn(dates), placeOf)).toEqual([]);
  });

  it('tells each gap longer than a year in daily data, naming the bar after it', () => {
    const dates = [...calendar(30, '2000-01-03'), ...calendar(30, '2002-03-01'), ...calendar(30, '2004-01-01')];
    const warnings = doubtfulBarWarnings(barsOn(dates), placeOf);
    expect(warnings.map((w) => w.code)).toEqual(['long-gap', 'long-gap']);
    expect(warnings[0].message).toBe('x.csv:32: 759 days without bars between 2000-02-01 and 2002-03-01 (bars are usually 1 day apart); missing data?');
    expect(warnings[1].message).toMatch(/^x\.csv:62: /);
  });

  it('scales the threshold with the usual spacing: a 15-month hole in monthly bars is fine, 2 years is not', () => {
    const monthly = (from: number, to: number) => Array.from({ length: (to - from + 1) * 12 }, (_, k) => `${from + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}-01`);
    const fifteenMonths = [...monthly(2000, 2004), '2006-03-01', '2006-04-01'];
    expect(doubtfulBarWarnings(barsOn(fifteenMonths), placeOf)).toEqual([]);
    const twoYears = [...monthly(2000, 2004), '2007-01-01', '2007-02-01'];
    expect(doubtfulBarWarnings(barsOn(twoYears), placeOf).map((w) => w.code)).toEqual(['long-gap']);
  });

  it('tells ten gaps one by one and counts the rest', () => {
    const dates: string[] = [];
    for (let year = 1900; year < 2000; year += 2) dates.push(...calendar(5, `${year}-01-01`));
    const warnings = doubtfulBarWarnings(barsOn(dates), placeOf);
    expect(warnings).toHaveLength(11);
    expect(warnings[10]).toEqual({ code: 'long-gap', message: 'x.csv:2: 39 more gaps longer than 366 days' });
  });

  it('a single bar', () => {
    expect(doubtfulBarWarnings(barsOn(['2020-01-02']), placeOf)).toEqual([
      { code: 'single-bar', message: 'x.csv:2: only one bar (2020-01-02); returns, drawdowns and trades need at least two' },
    ]);
    expect(doubtfulBarWarnings(barsOn(['2020-01-02', '2024-01-02']), placeOf)).toEqual([]);
  });
});

describe('doubtfulBarWarnings on intraday bars', () => {
  /** Hourly stamps, 24 a weekday (a forex week), over `days` business days from `start`. */
  const hourly = (start: string, days: number) =>
    calendar(days, start, true).flatMap((day) => Array.from({ length: 24 }, (_, h) => `${day}T${String(h).padStart(2, '0')}:00:00Z`));

  it('nights, weekends and a long weekend are normal pauses: no warning', () => {
    const dates = hourly('2021-01-04', 60).filter((stamp) => !stamp.startsWith('2021-01-18')); // a Monday holiday
    expect(doubtfulBarWarnings(barsOn(dates), placeOf)).toEqual([]);
    // Equity hours: 7 bars a day, 17.5-hour nights.
    const equity = calendar(30, '2021-01-04', true).flatMap((day) => Array.from({ length: 7 }, (_, h) => `${day}T${String(14 + h).padStart(2, '0')}:30:00Z`));
    expect(doubtfulBarWarnings(barsOn(equity), placeOf)).toEqual([]);
  });

  it('a silence of more than 4 days warns (in days, usual spacing in hours), naming the bar after it', () => {
    const dates = [...hourly('2021-01-04', 10), ...hourly('2021-01-25', 10)];
    const warnings = doubtfulBarWarnings(barsOn(dates), placeOf);
    expect(warnings).toEqual([
      {
        code: 'long-gap',
        message:
          'x.csv:242: 9 days without bars between 2021-01-15T23:00:00Z and 2021-01-25T00:00:00Z ' +
          '(bars are usually 1 hour apart; nights, weekends and a holiday are normal pauses); missing data?',
      },
    ]);
  });
});
