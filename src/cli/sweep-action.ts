import { toJson } from '../core/json-text.ts';
import { writeFilesAtomically } from '../core/write-atomic.ts';
import { loadSeries } from '../data/load-series.ts';
import { renderSweepReport } from '../report/sweep/render-sweep-report.ts';
import { loadSweepConfig } from '../sweep/load-sweep.ts';
import { runSweep } from '../sweep/run-sweep.ts';
import type { SweepResults } from '../sweep/sweep-results.ts';
import { sweepFolder } from '../sweep/sweep-store.ts';
import { localExecutor, type TrialExecutor } from '../sweep/trial-executor.ts';
import { checkOutputLocations } from './check-output-locations.ts';
import { formatNumber } from './format-number.ts';
import { createLogger, createProgressSink } from './progress.ts';
import { createWarningPrinter } from './warnings.ts';

export interface SweepOptions {
  out: string;
  resume?: boolean;
  queue?: string;
  quiet?: boolean;
  refresh?: boolean;
  offline?: boolean;
}

/** The sweep's answer on the terminal: the top trials, then the three honest-selection figures. */
function summary(results: SweepResults): string[] {
  const key = results.sweep.objective.key;
  const short = (path: string) => path.split('.').pop();
  const lines = results.ranking.slice(0, 5).map((trial) => {
    const t = results.trials[trial];
    const values = Object.entries(t.values).map(([path, value]) => `${short(path)}=${JSON.stringify(value)}`).join(' ');
    return `  #${String(t.rank).padEnd(3)} trial ${String(t.trial).padEnd(4)} ${values.padEnd(28)} ${key} ${formatNumber(t.objective, 3)}  return ${formatNumber(t.metrics.totalReturnPct, 1)}%  trades ${t.metrics.trades}`;
  });
  const s = results.selection;
  lines.push(`  deflated Sharpe of the best: ${formatNumber(s.deflatedSharpe, 3)} (${s.trials} trials, variance of their Sharpe ratios ${s.sharpeVarianceAcrossTrials.toExponential(2)} per period)`);
  lines.push(results.pbo.available ? `  PBO: ${formatNumber(results.pbo.pbo, 3)} (CSCV, ${results.pbo.splits} splits)` : `  PBO: n/a (${results.pbo.reason})`);
  const wfo = results.wfo;
  lines.push(
    wfo.available
      ? `  walk-forward optimization from ${wfo.window.start}: return ${formatNumber(wfo.metrics.totalReturnPct, 1)}% Sharpe ${formatNumber(wfo.metrics.sharpe, 2)} | best in hindsight ${formatNumber(wfo.bestInHindsight.metrics.totalReturnPct, 1)}% Sharpe ${formatNumber(wfo.bestInHindsight.metrics.sharpe, 2)}` +
          (wfo.buyAndHold ? ` | ${wfo.buyAndHold.name} ${formatNumber(wfo.buyAndHold.metrics.totalReturnPct, 1)}% Sharpe ${formatNumber(wfo.buyAndHold.metrics.sharpe, 2)}` : '')
      : `  walk-forward optimization: n/a (${wfo.reason})`,
  );
  return lines;
}

/** `walkforward sweep`: config -> data -> trials (here, on the pool, or on a queue) -> analysis -> sweep.json + report.html. */
export async function sweep(configPath: string, options: SweepOptions): Promise<void> {
  const quiet = Boolean(options.quiet);
  const log = createLogger(quiet);
  const printWarnings = createWarningPrinter();
  const { loaded, definition } = await loadSweepConfig(configPath);
  // Before any work: a sweep must not run for an hour and then find it cannot write.
  const folder = sweepFolder(options.out, loaded.config.name);
  checkOutputLocations([folder.planFile, folder.recordsFile, folder.resultsFile, folder.reportFile].map((file) => ({ path: file, kind: 'file' as const })));
  let executor: TrialExecutor;
  if (options.queue) {
    // BullMQ and ioredis load only for a queued sweep; a bad or unreachable Redis stops it before any work.
    const { checkRedisReachable } = await import('../sweep/queue/redis-queue.ts');
    const { queueExecutor } = await import('../sweep/queue/queue-executor.ts');
    await checkRedisReachable(options.queue);
    executor = queueExecutor(options.queue, { log });
  } else {
    executor = localExecutor({ workers: loaded.config.workers, engine: loaded.config.engine, trainsNetwork: definition.trials.some((t) => t.trainsNetwork) });
  }
  const [series] = await loadSeries(loaded.config.data, { baseDir: loaded.baseDir, refresh: options.refresh, offline: options.offline });
  printWarnings(series.warnings);
  log(`${loaded.config.name}: ${series.symbol} ${series.bars[0].date} .. ${series.bars.at(-1)!.date} (${series.bars.length} bars from ${series.source})`);
  log(`${loaded.config.name}: ${definition.trials.length} trials of ${definition.strategy.name} over ${definition.paths.join(', ')}, ranked by ${definition.objective.key}`);
  const { results } = await runSweep(loaded, definition, series, {
    outDir: options.out,
    resume: Boolean(options.resume),
    executor,
    progress: createProgressSink(quiet),
    log,
  });
  writeFilesAtomically([
    { path: folder.resultsFile, content: toJson(results) },
    { path: folder.reportFile, content: renderSweepReport(results) },
  ]);
  printWarnings(results.warnings);
  for (const line of summary(results)) log(line);
  process.stdout.write(`report: ${folder.reportFile}\nresults: ${folder.resultsFile}\ntrials: ${folder.recordsFile}\n`);
}
