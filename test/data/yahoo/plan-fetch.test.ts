import { describe, expect, it } from 'vitest';
import { lastCompleteDate, periodStart } from '../../../src/data/yahoo/calendar.ts';
import { planFetch } from '../../../src/data/yahoo/plan-fetch.ts';

const now = new Date('2024-05-15T18:00:00Z'); // a Wednesday, US market open

describe('planFetch', () => {
  it('never caches a bar that may still be trading', () => {
    expect(lastCompleteDate(now, '1d')).toBe('2024-05-14');
    expect(lastCompleteDate(now, '1wk')).toBe('2024-05-12'); // the Sunday before this week's Monday
    expect(lastCompleteDate(now, '1mo')).toBe('2024-04-30');
    expect(periodStart('2024-05-15', '1wk')).toBe('2024-05-13');
    expect(periodStart('2024-05-12', '1wk')).toBe('2024-05-06');
    expect(periodStart('2024-05-15', '1mo')).toBe('2024-05-01');
  });

  it('no cache: one full request; covered: none; later end: only the tail (with overlap)', () => {
    const base = { from: '2020-01-01', to: '2023-12-31', interval: '1d' as const, now, refresh: false };
    expect(planFetch({ ...base, cached: null })).toMatchObject({ kind: 'full', fetchFrom: '2020-01-01' });
    const cached = { coveredFrom: '2020-01-01', coveredTo: '2023-06-30' };
    expect(planFetch({ ...base, cached: { ...cached, coveredTo: '2024-01-10' } })).toMatchObject({ kind: 'none' });
    expect(planFetch({ ...base, cached })).toMatchObject({ kind: 'append', fetchFrom: '2023-06-20' });
    // An end in the future only needs the last complete day.
    expect(planFetch({ ...base, to: '2030-01-01', cached: { ...cached, coveredTo: '2024-05-14' } })).toMatchObject({ kind: 'none', requiredTo: '2024-05-14' });
    expect(planFetch({ ...base, to: undefined, cached: { ...cached, coveredTo: '2024-05-13' } })).toMatchObject({ kind: 'append' });
  });

  it('an earlier start refetches from it (one contiguous file); refresh always fetches', () => {
    const cached = { coveredFrom: '2020-01-01', coveredTo: '2024-05-14' };
    const base = { to: '2021-01-01', interval: '1d' as const, now, cached };
    expect(planFetch({ ...base, from: '2018-03-01', refresh: false })).toMatchObject({ kind: 'full', fetchFrom: '2018-03-01' });
    expect(planFetch({ ...base, from: '2020-03-01', refresh: true })).toMatchObject({ kind: 'full', fetchFrom: '2020-03-01' });
  });

  it('weekly and monthly bars are fetched from whole periods, never appended mid-period', () => {
    const cached = { coveredFrom: '2020-01-06', coveredTo: '2023-12-31' };
    expect(planFetch({ cached: null, from: '2020-01-08', interval: '1wk', now, refresh: false })).toMatchObject({ kind: 'full', fetchFrom: '2020-01-06' });
    expect(planFetch({ cached, from: '2020-01-08', interval: '1wk', now, refresh: false })).toMatchObject({ kind: 'full', fetchFrom: '2020-01-06' });
    expect(planFetch({ cached: null, from: '2020-01-15', interval: '1mo', now, refresh: false })).toMatchObject({ kind: 'full', fetchFrom: '2020-01-01' });
  });
});
