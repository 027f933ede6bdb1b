import { addDays, lastCompleteDate, maxDate, minDate, periodStart, type YahooInterval } from './calendar.ts';

export interface PlanInput {
  /** What the cache file covers, if there is a usable one. */
  cached: { coveredFrom: string; coveredTo: string } | null;
  /** Requested first date (inclusive). */
  from: string;
  /** Requested last date (inclusive); undefined = up to the present. */
  to?: string;
  interval: YahooInterval;
  now: Date;
  refresh: boolean;
}

/**
 * What to download. Every request runs to the present so its split events cover every later
 * split (needed to undo Yahoo's split adjustment). `append` fetches only past the cached end
 * (from a few days inside it, to check the overlap); `full` replaces the file.
 */
export type FetchPlan = { requiredFrom: string; requiredTo: string; lastComplete: string } & (
  | { kind: 'none' }
  | { kind: 'full'; fetchFrom: string }
  | { kind: 'append'; fetchFrom: string }
);

/** Calendar days re-read inside the cached range to catch corrections the cache missed. */
export const OVERLAP_DAYS = 10;

export function planFetch(input: PlanInput): FetchPlan {
  const lastComplete = lastCompleteDate(input.now, input.interval);
  const requiredFrom = input.from;
  const requiredTo = input.to === undefined ? lastComplete : minDate(input.to, lastComplete);
  const range = { requiredFrom, requiredTo, lastComplete };
  const { cached } = input;
  // Nothing complete to ask for (a range in the future): the cache, if any, is all there is.
  if (requiredFrom > requiredTo && !input.refresh) return { ...range, kind: 'none' };
  if (input.refresh || !cached) return { ...range, kind: 'full', fetchFrom: periodStart(requiredFrom, input.interval) };
  if (cached.coveredFrom <= requiredFrom && cached.coveredTo >= requiredTo) return { ...range, kind: 'none' };
  // Missing on the left: one request from the new start to now keeps the file contiguous.
  if (requiredFrom < cached.coveredFrom || input.interval === '1wk' || input.interval === '1mo') {
    return { ...range, kind: 'full', fetchFrom: periodStart(minDate(requiredFrom, cached.coveredFrom), input.interval) };
  }
  return { ...range, kind: 'append', fetchFrom: maxDate(cached.coveredFrom, addDays(cached.coveredTo, -OVERLAP_DAYS)) };
}
