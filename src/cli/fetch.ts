import type { Command } from 'commander';
import { UserError } from '../core/errors.ts';
import { findBarProblems } from '../data/validate-bars.ts';
import { adjustBars } from '../data/yahoo/adjust-bars.ts';
import { ensureCached } from '../data/yahoo/load-yahoo.ts';
import { NetworkFailure } from '../data/yahoo/retrying-fetch.ts';
import { GAP_THRESHOLD_DAYS, findGaps } from '../data/yahoo/series-gaps.ts';
import { resolveCacheDir, rowsToBars } from '../data/yahoo/yahoo-cache.ts';
import type { YahooInterval } from '../data/yahoo/calendar.ts';
import { runCommand } from './run-command.ts';

interface FetchOptions {
  from?: string;
  to?: string;
  interval: string;
  refresh?: boolean;
  cacheDir?: string;
}

const INTERVALS: YahooInterval[] = ['1d', '1wk', '1mo'];
/** Gaps listed per symbol; the count covers all of them. */
const GAPS_SHOWN = 5;

function checkDate(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new UserError(`${flag}: expected a date YYYY-MM-DD, got "${value}"`);
  }
  return value;
}

function tenYearsAgo(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear() - 10, now.getUTCMonth(), now.getUTCDate())).toISOString().slice(0, 10);
}

export function registerFetchCommand(program: Command): void {
  program
    .command('fetch')
    .description('download Yahoo Finance bars into the cache (only what is missing) and summarise them per symbol')
    .argument('<symbols...>', 'Yahoo symbols, e.g. AAPL MSFT ^GSPC')
    .option('--from <date>', 'first date YYYY-MM-DD (default: ten years ago)')
    .option('--to <date>', 'last date YYYY-MM-DD (default: the last complete bar)')
    .option('--interval <interval>', `bar interval: ${INTERVALS.join(', ')}`, '1d')
    .option('--refresh', 'download again even if the cache covers the range')
    .option('--cache-dir <dir>', 'cache directory (default: $WALKFORWARD_CACHE_DIR or ~/.cache/walkforward)')
    .action(
      runCommand(async (symbols: string[], options: FetchOptions) => {
        const interval = options.interval as YahooInterval;
        if (!INTERVALS.includes(interval)) throw new UserError(`--interval: expected one of ${INTERVALS.join(', ')}, got "${options.interval}"`);
        const from = checkDate(options.from, '--from') ?? tenYearsAgo();
        const to = checkDate(options.to, '--to');
        if (to !== undefined && to < from) throw new UserError(`--to ${to} is before --from ${from}`);
        const cacheDir = resolveCacheDir(options.cacheDir);
        const failed: string[] = [];
        for (const symbol of [...new Set(symbols.map((s) => s.toUpperCase()))]) {
          try {
            const ensured = await ensureCached({ symbol, from, to, interval }, { refresh: options.refresh }, cacheDir);
            const { cache, usableTo } = ensured;
            const raw = rowsToBars(cache.rows).filter((bar) => bar.date >= from && bar.date <= usableTo);
            const inRange = (event: { date: string }) => event.date >= from && event.date <= usableTo;
            const gaps = findGaps(raw.map((bar) => bar.date), GAP_THRESHOLD_DAYS[interval]);
            const problems = findBarProblems(adjustBars(raw, cache.splits, cache.dividends, 'splits'));
            const how = ensured.origin === 'cache' ? 'from cache' : `downloaded (${ensured.requests} request${ensured.requests === 1 ? '' : 's'})`;
            const range = raw.length > 0 ? `${raw[0].date}..${raw.at(-1)!.date}` : `none in ${from}..${usableTo}`;
            const lines = [
              `${cache.symbol} ${interval}: ${raw.length} rows ${range}, ${gaps.length} gap${gaps.length === 1 ? '' : 's'} > ${GAP_THRESHOLD_DAYS[interval]} days, ` +
                `${cache.splits.filter(inRange).length} splits, ${cache.dividends.filter(inRange).length} dividends, ` +
                `${problems.length} invalid bars; ${how} -> ${ensured.file}`,
              ...gaps.slice(0, GAPS_SHOWN).map((gap) => `  gap: no bars between ${gap.after} and ${gap.before} (${gap.days} days)`),
              ...(gaps.length > GAPS_SHOWN ? [`  ... ${gaps.length - GAPS_SHOWN} more gaps`] : []),
              ...problems.slice(0, GAPS_SHOWN).map((p) => `  invalid: ${raw[p.index].date} ${p.column}: ${p.message}`),
            ];
            process.stdout.write(lines.join('\n') + '\n');
          } catch (error) {
            // A dead network fails every symbol alike: stop at once rather than wait per symbol.
            if (!(error instanceof UserError) || error.cause instanceof NetworkFailure || symbols.length === 1) throw error;
            process.stderr.write(`walkforward: ${error.message}\n`);
            failed.push(symbol);
          }
        }
        if (failed.length > 0) throw new UserError(`fetch failed for ${failed.join(', ')}`);
      }),
    );
}
