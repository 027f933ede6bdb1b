import { describe, expect, it } from 'vitest';
import type { ChartResultArray } from 'yahoo-finance2/modules/chart';
import { adjustBars } from '../../../src/data/yahoo/adjust-bars.ts';
import { parseChart } from '../../../src/data/yahoo/parse-chart.ts';
import { findGaps } from '../../../src/data/yahoo/series-gaps.ts';
import { requestChart } from '../../../src/data/yahoo/yahoo-client.ts';
import { createFakeYahoo, loadChartFixture } from '../../fixtures/yahoo/fake-yahoo.ts';

// ACME (test/fixtures/yahoo/make-acme-fixture.ts): raw closes ~100 until a 2:1 split effective
// 2020-01-21, dividends of 1.00 (ex 2020-01-10, pre-split) and 0.50 (ex 2020-02-03), and a
// null placeholder row on 2020-01-28. Served as Yahoo does: OHLC, volume and dividend amounts
// split-adjusted, plus adjclose.
async function fetchAcme(): Promise<ChartResultArray> {
  const fake = createFakeYahoo({ ACME: loadChartFixture('ACME-1d.json') });
  return requestChart(fake.fetch, { symbol: 'ACME', from: '2020-01-01', until: new Date('2020-02-10T00:00:00Z'), interval: '1d' });
}

describe('parseChart', () => {
  it('reads quotes through yahoo-finance2 chart(), skips the null row and undoes the split adjustment', async () => {
    const slice = parseChart(await fetchAcme());
    expect(slice.symbol).toBe('ACME');
    expect(slice.incompleteRows).toBe(1);
    expect(slice.bars).toHaveLength(25);
    expect(slice.bars.map((b) => b.date)).not.toContain('2020-01-28');
    // Exchange-local dates: the 14:30 UTC stamps are 09:30 in New York.
    expect(slice.bars[0].date).toBe('2020-01-02');
    expect(slice.bars.at(-1)!.date).toBe('2020-02-07');
    const jan17 = slice.bars.find((b) => b.date === '2020-01-17')!;
    const jan21 = slice.bars.find((b) => b.date === '2020-01-21')!;
    // Raw, as traded: 106 before the split (Yahoo serves 53), 53 after.
    expect(jan17.close).toBeCloseTo(106, 10);
    expect(jan17.high).toBeCloseTo(107, 10);
    expect(jan17.volume).toBeCloseTo(1_011_000, 6);
    expect(jan21.close).toBeCloseTo(53, 10);
    expect(slice.splits).toEqual([{ date: '2020-01-21', numerator: 2, denominator: 1 }]);
    // The pre-split dividend is 1.00 as paid (Yahoo says 0.50, split-adjusted).
    expect(slice.dividends.map((d) => d.date)).toEqual(['2020-01-10', '2020-02-03']);
    expect(slice.dividends[0].amount).toBeCloseTo(1.0, 12);
    expect(slice.dividends[1].amount).toBeCloseTo(0.5, 12);
  });
});

describe('parseChart dates', () => {
  it("uses the exchange time zone with each date's own DST offset, not today's gmtoffset", async () => {
    const chart = loadChartFixture('ACME-1d.json');
    const result = chart.chart.result[0];
    // Sydney: January is daylight time (UTC+11); Yahoo's gmtoffset is today's, say winter's +10.
    Object.assign(result.meta, { exchangeTimezoneName: 'Australia/Sydney', timezone: 'AEST', gmtoffset: 36000 });
    // Stamped at local midnight: 13:00 UTC the day before (the fixture's stamps are 14:30 UTC).
    const shift = (t: number) => t - 14.5 * 3600 - 11 * 3600;
    result.timestamp = result.timestamp.map(shift);
    for (const kind of ['dividends', 'splits']) for (const e of Object.values(result.events[kind]) as any[]) e.date = shift(e.date);
    const fake = createFakeYahoo({ ACME: chart });
    const slice = parseChart(await requestChart(fake.fetch, { symbol: 'ACME', from: '2019-12-01', until: new Date('2020-02-10T00:00:00Z'), interval: '1d' }));
    expect(slice.bars[0].date).toBe('2020-01-02');
    expect(slice.bars.at(-1)!.date).toBe('2020-02-07');
    expect(slice.splits[0].date).toBe('2020-01-21');
  });
});

describe('adjustBars', () => {
  it('splits: divides prices before the split by its ratio and multiplies volume', async () => {
    const slice = parseChart(await fetchAcme());
    const none = adjustBars(slice.bars, slice.splits, slice.dividends, 'none');
    const splits = adjustBars(slice.bars, slice.splits, slice.dividends, 'splits');
    const at = (bars: typeof none, date: string) => bars.find((b) => b.date === date)!;
    expect(at(none, '2020-01-17').close).toBeCloseTo(106, 10);
    expect(at(splits, '2020-01-17').close).toBeCloseTo(53, 10);
    expect(at(splits, '2020-01-17').open).toBeCloseTo(52.75, 10);
    expect(at(splits, '2020-01-17').volume).toBeCloseTo(2_022_000, 6);
    // After the split nothing changes, and the last bar is always at its traded price.
    expect(at(splits, '2020-01-21')).toMatchObject({ open: 52.5, close: 53, volume: 1_012_000 });
    // The split is a 50% "drop" in raw prices but not in adjusted ones.
    expect(at(none, '2020-01-21').close / at(none, '2020-01-17').close).toBeCloseTo(0.5, 2);
    expect(at(splits, '2020-01-21').close / at(splits, '2020-01-17').close).toBeCloseTo(1, 10);
  });

  it('adjClose follows the dividend rule and matches Yahoo adjclose; total rescales OHLC by adjClose/close', async () => {
    const result = await fetchAcme();
    const slice = parseChart(result);
    const splits = adjustBars(slice.bars, slice.splits, slice.dividends, 'splits');
    const total = adjustBars(slice.bars, slice.splits, slice.dividends, 'total');
    slice.bars.forEach((_, i) => {
      expect(splits[i].adjClose!).toBeCloseTo(slice.yahooAdjClose[i]!, 9);
      expect(total[i].close).toBeCloseTo(splits[i].adjClose!, 12);
      const ratio = splits[i].adjClose! / splits[i].close;
      expect(total[i].open).toBeCloseTo(splits[i].open * ratio, 10);
      expect(total[i].high).toBeCloseTo(splits[i].high * ratio, 10);
      expect(total[i].low).toBeCloseTo(splits[i].low * ratio, 10);
    });
    // By hand: before 2020-01-10 the factor is (1 - 0.5/52) * (1 - 0.5/57); the previous closes
    // are 104/2 (Jan 9, split-adjusted) and 57 (Jan 31).
    const jan2 = splits[0];
    expect(jan2.adjClose! / jan2.close).toBeCloseTo((1 - 0.5 / 52) * (1 - 0.5 / 57), 12);
    expect(total.at(-1)!.close).toBe(59);
  });

  it('only counts events inside the range, so a fixed range does not depend on later splits', async () => {
    const slice = parseChart(await fetchAcme());
    const early = slice.bars.filter((b) => b.date <= '2020-01-17');
    const bars = adjustBars(early, slice.splits, slice.dividends, 'splits');
    // The 2020-01-21 split is outside the range: prices stay as traded (~100).
    expect(bars.at(-1)!.close).toBeCloseTo(106, 10);
    expect(bars[0].close).toBeCloseTo(100, 10);
  });
});

describe('findGaps', () => {
  it('flags holes longer than the threshold only', () => {
    const dates = ['2020-01-02', '2020-01-03', '2020-01-07', '2020-01-13', '2020-01-14'];
    expect(findGaps(dates, 4)).toEqual([{ after: '2020-01-07', before: '2020-01-13', days: 6 }]);
  });
});
