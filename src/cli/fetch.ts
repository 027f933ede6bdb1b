import type { Command } from 'commander';
import { YAHOO_INTERVALS, type YahooInterval } from '../data/yahoo/intervals.ts';
import type { FetchOptions } from './fetch-action.ts';
import { runCommand } from './run-command.ts';

export const FETCH_INTERVALS: readonly YahooInterval[] = YAHOO_INTERVALS;

export function registerFetchCommand(program: Command): void {
  program
    .command('fetch')
    .summary('download Yahoo Finance bars into the cache')
    .description('download Yahoo Finance bars into the cache (only what is missing) and summarise them per symbol; tries every symbol, exit 2 if any failed')
    .argument('<symbols...>', 'Yahoo symbols, e.g. AAPL MSFT ^GSPC')
    .option('--from <date>', 'first date YYYY-MM-DD (default: ten years ago; for intraday intervals as far back as Yahoo serves them)')
    .option('--to <date>', 'last date YYYY-MM-DD (default: the last complete bar)')
    .option('--interval <interval>', `bar interval: ${FETCH_INTERVALS.join(', ')}`, '1d')
    .option('--refresh', 'download again even if the cache covers the range')
    .option('--cache-dir <dir>', 'cache directory (default: $WALKFORWARD_CACHE_DIR or ~/.cache/walkforward)')
    .action(
      runCommand(async (symbols: string[], options: FetchOptions) => {
        const { fetchSymbols } = await import('./fetch-action.ts');
        await fetchSymbols(symbols, options);
      }),
    );
}
