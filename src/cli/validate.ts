import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.ts';
import { loadSeries } from '../data/load-series.ts';
import { runCommand } from './run-command.ts';

export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('check a config (keys, types, strategy params, data file) without running it')
    .argument('<config>', 'YAML config file')
    .option('--offline', 'do not fetch market data; check only what is cached')
    .action(
      runCommand(async (configPath: string, options: { offline?: boolean }) => {
        const loaded = loadConfig(configPath);
        const data = loaded.config.data;
        let dataSummary = `data source ${data.source}`;
        if (data.source === 'csv' || options.offline) {
          const series = await loadSeries(data, { offline: true });
          dataSummary = series
            .map((s) => `${s.symbol}: ${s.bars.length} bars ${s.bars[0].date} .. ${s.bars.at(-1)!.date}${s.droppedRows ? ` (${s.droppedRows} rows dropped)` : ''}`)
            .join('; ');
        }
        const names = loaded.strategies.map((s) => `${s.entry.name} (${s.entry.type})`).join(', ');
        process.stdout.write(`${configPath}: ok — ${dataSummary}; strategies: ${names}\n`);
      }),
    );
}
