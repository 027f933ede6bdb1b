import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.ts';
import { detectBarFrequency } from '../../src/data/bar-frequency.ts';
import { loadCsvSeries } from '../../src/data/load-csv.ts';
import { createWallClockToUtc } from '../../src/data/time-zone.ts';
import { utcMsToIntradayStamp } from '../../src/data/bar-time.ts';
import { conventionsOf, frequencyOf } from '../../src/run/run-backtest.ts';
import { calendar } from '../helpers/bars.ts';

const on = (dates: string[]) => dates.map((date) => ({ date }));

/** Intraday stamps: on each of `days`, bars every `minutes` from `open` for `count` bars, wall-clock in `zone`. */
function sessions(days: string[], open: string, minutes: number, count: number, zone = 'UTC') {
  const toUtc = createWallClockToUtc(zone);
  return days.flatMap((day) =>
    Array.from({ length: count }, (_, k) => {
      const wall = Date.parse(`${day}T${open}:00Z`) + k * minutes * 60_000;
      return { date: utcMsToIntradayStamp(toUtc(wall)) };
    }),
  );
}

describe('detectBarFrequency', () => {
  it('daily equities: 252 (every shipped daily file)', () => {
    for (const file of ['GOOG.csv', 'MSFT-2013-2018.csv', 'KO-1997-1998.csv']) {
      expect(detectBarFrequency(loadCsvSeries(`data/${file}`).bars), file).toMatchObject({ label: '1d', intraday: false, periodsPerYear: 252, barsPerDay: 1 });
    }
  });

  it('daily bars on weekends too (crypto): 365, backtesting.py rule', () => {
    expect(detectBarFrequency(on(calendar(400, '2020-01-01')))).toMatchObject({ label: '1d', tradingDaysPerYear: 365, periodsPerYear: 365 });
  });

  it('the shipped hourly EUR/USD file: 24 bars a weekday, 252 x 24 = 6048', () => {
    const series = loadCsvSeries('data/EURUSD-2017-2018.csv');
    expect(detectBarFrequency(series.bars, { timeZone: series.timeZone })).toEqual({
      medianSpacingSeconds: 3600,
      label: '1h',
      intraday: true,
      barsPerDay: 24,
      tradingDaysPerYear: 252,
      periodsPerYear: 6048,
      rule: '252 trading days a year x 24 bars a day (1h bars)',
    });
  });

  it('intraday equities: 252 x bars per session, sessions counted in the market zone', () => {
    const days = calendar(60, '2021-01-04', true);
    // NYSE hourly bars 09:30 .. 15:30 New York time: 7 a session, 1764 a year.
    const hourly = sessions(days, '09:30', 60, 7, 'America/New_York');
    expect(detectBarFrequency(hourly, { timeZone: 'America/New_York' })).toMatchObject({ label: '1h', barsPerDay: 7, periodsPerYear: 1764 });
    // Minute bars: 390 a session, 98280 a year.
    const minutes = sessions(days.slice(0, 10), '09:30', 1, 390, 'America/New_York');
    expect(detectBarFrequency(minutes, { timeZone: 'America/New_York' })).toMatchObject({ label: '1m', barsPerDay: 390, periodsPerYear: 98_280 });
    // Sydney's 10:00-16:00 session is 23:00-05:00 UTC in January: counted in Sydney days, one session a day.
    const sydney = sessions(days, '10:00', 60, 6, 'Australia/Sydney');
    expect(detectBarFrequency(sydney, { timeZone: 'Australia/Sydney' })).toMatchObject({ barsPerDay: 6, periodsPerYear: 1512 });
  });

  it('a market that trades around the clock every day: 365 x 24 = 8760 hourly bars', () => {
    const crypto = sessions(calendar(30, '2021-01-01'), '00:00', 60, 24);
    expect(detectBarFrequency(crypto)).toMatchObject({ label: '1h', barsPerDay: 24, tradingDaysPerYear: 365, periodsPerYear: 8760 });
    expect(detectBarFrequency(sessions(calendar(3, '2021-01-01'), '00:00', 5, 288))).toMatchObject({ label: '5m', periodsPerYear: 365 * 288 });
  });

  it('coarser bars: 365.25 days over the spacing (52 weekly, 12 monthly)', () => {
    const weekly = on(calendar(700, '2000-01-03').filter((_, k) => k % 7 === 0));
    expect(detectBarFrequency(weekly)).toMatchObject({ label: '1wk', periodsPerYear: 52, tradingDaysPerYear: null });
    const monthly = on(Array.from({ length: 36 }, (_, k) => `${2000 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}-01`));
    expect(detectBarFrequency(monthly)).toMatchObject({ label: '1mo', periodsPerYear: 12 });
  });

  it('too few bars to tell: daily assumed, and said', () => {
    expect(detectBarFrequency(on(['2020-01-02']))).toMatchObject({ periodsPerYear: 252, rule: expect.stringMatching(/too few bars/) });
  });
});

describe('periodsPerYear in the conventions', () => {
  const yaml = (extra = '') => `name: x\ndata: { source: csv, path: a.csv }\n${extra}strategies:\n  - { name: b, type: buy-and-hold }\n`;
  const series = loadCsvSeries('data/EURUSD-2017-2018.csv');

  it('follows the data unless the config sets it, and says which', () => {
    const detected = conventionsOf(parseConfig(yaml(), 'x.yaml'), frequencyOf(series));
    expect(detected).toMatchObject({ periodsPerYear: 6048, periodsPerYearRule: 'from the data: 252 trading days a year x 24 bars a day (1h bars)' });
    expect(detected.annualization).toMatch(/geometric mean 1h-bar return\)\^6048 - 1/);
    const set = conventionsOf(parseConfig(yaml('periodsPerYear: 6240\n'), 'x.yaml'), frequencyOf(series));
    expect(set).toMatchObject({ periodsPerYear: 6240, periodsPerYearRule: expect.stringMatching(/^set by the config \(periodsPerYear: 6240\); the data's would be 6048/) });
  });

  it('a daily run keeps its annualization text word for word', () => {
    const daily = conventionsOf(parseConfig(yaml(), 'x.yaml'), frequencyOf(loadCsvSeries('data/GOOG.csv')));
    expect(daily.periodsPerYear).toBe(252);
    expect(daily.annualization).toBe(
      'Return (Ann.) = (1 + geometric mean daily return)^252 - 1; Volatility (Ann.) as backtesting.py; Sharpe = (Return (Ann.) - rf) / Volatility (Ann.); CAGR over calendar days / 365.25',
    );
  });

  it('a non-positive periodsPerYear is a config error', () => {
    expect(() => parseConfig(yaml('periodsPerYear: 0\n'), 'x.yaml')).toThrow(/periodsPerYear/);
  });
});
