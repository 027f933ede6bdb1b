import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.ts';
import { loadSeries } from '../data/load-series.ts';
import { computeStatistics } from '../metrics/statistics.ts';
import { renderReport } from '../report/render-report.ts';
import { encodeResults } from '../run/results-file.ts';
import { runSeries } from '../run/run-multi-symbol.ts';
import { toJson } from '../core/json-text.ts';
import { writeFilesAtomically } from '../core/write-atomic.ts';
import { createLogger, createProgressSink } from './progress.ts';
import { runCommand } from './run-command.ts';

interface BacktestOptions {
  out: string;
  quiet?: boolean;
  refresh?: boolean;
  offline?: boolean;
}

export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description('run a YAML config: every strategy on the same bars and costs; writes results.json and report.html')
    .argument('<config>', 'YAML config file')
    .option('-o, --out <dir>', 'output directory (a folder named after the config is made inside)', 'reports')
    .option('-q, --quiet', 'no progress output on stderr')
    .option('--refresh', 'ignore cached market data and fetch again')
    .option('--offline', 'never touch the network; use cached data only')
    .action(
      runCommand(async (configPath: string, options: BacktestOptions) => {
        const log = createLogger(Boolean(options.quiet));
        const loaded = loadConfig(configPath);
        const seriesList = await loadSeries(loaded.config.data, { refresh: options.refresh, offline: options.offline });
        const outDir = path.join(options.out, loaded.config.name);
        for (const series of seriesList) {
          log(`${loaded.config.name}: ${series.symbol} ${series.bars[0].date} .. ${series.bars.at(-1)!.date} (${series.bars.length} bars from ${series.source}${series.droppedRows ? `, ${series.droppedRows} invalid rows dropped` : ''})`);
        }
        // One series: a plain run; several (data.symbols): per-symbol runs plus their equal-weight total.
        const results = await runSeries(loaded, seriesList, {
          progress: createProgressSink(Boolean(options.quiet)),
          saveModelsDir: path.join(outDir, 'models'),
        });
        computeStatistics(results); // PSR, deflated Sharpe, bootstrap CI, Diebold-Mariano: into results.json and the report
        const resultsPath = path.join(outDir, 'results.json');
        const reportPath = path.join(outDir, 'report.html');
        writeFilesAtomically([
          { path: resultsPath, content: toJson(encodeResults(results)) },
          { path: reportPath, content: renderReport(results) },
        ]);
        for (const strategy of results.strategies) {
          const m = strategy.metrics;
          log(
            `  ${strategy.name.padEnd(20)} return ${m.totalReturnPct.toFixed(1)}%  Sharpe ${m.sharpe.toFixed(2)}  max DD ${m.maxDrawdownPct.toFixed(1)}%  trades ${m.trades}`,
          );
        }
        process.stdout.write(`report: ${reportPath}\nresults: ${resultsPath}\n`);
      }),
    );
}
