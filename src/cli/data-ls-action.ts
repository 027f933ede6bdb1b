import { listCachedSeries, resolveCacheDir } from '../data/yahoo/yahoo-cache.ts';

function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

interface CacheEntry {
  file: string;
  bytes: number;
  /** `ok`, or `corrupt: <reason>`. */
  status: string;
  symbol?: string;
  interval?: string;
  rows?: number;
  from?: string;
  to?: string;
  fetchedAt?: string;
}

export interface DataLsOptions {
  cacheDir?: string;
  json?: boolean;
}

/** `walkforward data ls`: what the market-data cache holds, one line per symbol and interval. */
export async function listData(options: DataLsOptions): Promise<void> {
  const cacheDir = resolveCacheDir(options.cacheDir);
  const entries: CacheEntry[] = listCachedSeries(cacheDir).map(({ file, bytes, read }) =>
    read.status === 'ok'
      ? {
          file,
          bytes,
          status: 'ok',
          symbol: read.series.symbol,
          interval: read.series.interval,
          rows: read.series.rows.length,
          from: read.series.coveredFrom,
          to: read.series.coveredTo,
          fetchedAt: read.series.fetchedAt,
        }
      : { file, bytes, status: read.status === 'corrupt' ? `corrupt: ${read.reason}` : read.status },
  );
  if (options.json) {
    process.stdout.write(JSON.stringify({ cacheDir, series: entries }, null, 1) + '\n');
    return;
  }
  if (entries.length === 0) {
    process.stdout.write(`no cached series in ${cacheDir}\n`);
    return;
  }
  const header = ['SYMBOL', 'INTERVAL', 'ROWS', 'FROM', 'TO', 'FETCHED (UTC)', 'SIZE', 'STATUS'];
  const rows = entries.map((e) =>
    e.symbol !== undefined
      ? [e.symbol, e.interval!, String(e.rows), e.from!, e.to!, e.fetchedAt!.slice(0, 16).replace('T', ' '), formatBytes(e.bytes), e.status]
      : [e.file.split(/[\\/]/).pop()!, '', '', '', '', '', formatBytes(e.bytes), e.status],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const format = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  process.stdout.write(`${cacheDir}\n${[header, ...rows].map(format).join('\n')}\n`);
}
