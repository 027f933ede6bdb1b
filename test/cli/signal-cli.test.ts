// walkforward signal / journal / backtest --journal through the real CLI.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNN_TS, MOMENTUM_TS, studyConfig, studyFolders } from '../helpers/study-folder.ts';
import { cli, GOOG_CSV, ROOT, STACK_OR_INTERNAL, tempDirForFile } from './run-cli.ts';

const dir = tempDirForFile('wf-signal-cli-');
const config = path.join(dir, 'sig.yaml');
writeFileSync(
  config,
  `name: sig
data: { source: csv, path: ${GOOG_CSV}, start: 2010-01-01, end: 2011-06-30 }
broker: { commission: 0.001 }
strategies:
  - { name: sma, type: sma-crossover, params: { fast: 5, slow: 20 } }
  - { name: lin, type: forecast, mode: long-short, params: { walkforward: { trainBars: 250, testBars: 50 }, lookback: 5, model: { type: linear } } }
`,
);
const models = path.join(dir, 'models');

describe('walkforward signal', () => {
  it('prints a row per strategy for the last bar, warns that CSV data is stale, journals, reuses models, --json parses', async () => {
    const first = await cli(['signal', config, '--models', models]);
    expect(first.stderr).not.toMatch(STACK_OR_INTERNAL);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/warning: .*GOOG: the last bar \(2011-06-30\) is \d+ trading days old/);
    const lines = first.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^strategy\s+symbol\s+last bar\s+signal for\s+forecast\s+target\s+action\s+confidence\s+trained on\s+trained at$/);
    expect(lines[1]).toMatch(/^sma\s+GOOG\s+2011-06-30\s+2011-07-01\s+-\s+(long|flat)\s+(BUY|SELL|HOLD)\s/);
    expect(lines[2]).toMatch(/^lin\s+GOOG\s+2011-06-30\s+2011-07-01\s+[+-]\d+\.\d{3}%\s+(long|short|flat)\s+[A-Z]+\s+\d+\.\d\d \(sd\)\s+\d{4}-\d\d-\d\d\.\.\d{4}-\d\d-\d\d\s+.*\(now\)$/);
    expect(first.stderr).toMatch(/sig: 2 signals in [\d.]+ s \(models: 0 reused, 1 trained/);

    const second = await cli(['signal', config, '--models', models, '--json', '--quiet']);
    expect(second.code).toBe(0);
    const document = JSON.parse(second.stdout);
    expect(document.signals.map((row: { strategy: string }) => row.strategy)).toEqual(['sma', 'lin']);
    expect(document.signals[1]).toMatchObject({ symbol: 'GOOG', lastBarDate: '2011-06-30', signalFor: '2011-07-01', modelReused: true, horizonBars: 1, confidenceBasis: 'training-sd' });
    expect(document.signals[1].forecastPct).toBeCloseTo(Math.expm1(document.signals[1].forecastLogReturn) * 100, 12);
    const journal = readFileSync(path.join(models, 'journal.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(journal).toHaveLength(4);
    expect(journal[3]).toMatchObject({ barDate: '2011-06-30', strategy: 'lin', modelId: document.signals[1].modelId, replay: false });

    const asOf = await cli(['signal', config, '--models', models, '--as-of', '2011-03-13', '--json', '--quiet']);
    expect(asOf.code).toBe(0);
    expect(JSON.parse(asOf.stdout).signals[1]).toMatchObject({ lastBarDate: '2011-03-11', signalFor: '2011-03-14' });

    const scored = await cli(['journal', config, '--models', models, '--quiet']);
    expect(scored.code).toBe(0);
    expect(scored.stdout).toMatch(/^lin\s+GOOG\s+2\s+2011-03-11\.\.2011-06-30\s/m);

    const report = await cli(['backtest', config, '--journal', '--models', models, '--out', dir, '--quiet']);
    expect(report.code).toBe(0);
    const html = readFileSync(path.join(dir, 'sig', 'report.html'), 'utf8');
    expect(html).toMatch(/<section id="live-record"><h2>Live record<\/h2>/);
    expect(html).toMatch(/<td>lin<\/td><td>GOOG<\/td><td>2<\/td>/);
  }, 90_000);

  it('bad input exits 2 with one message; --max-age makes stale CSV data exit 3', async () => {
    const early = await cli(['signal', config, '--models', models, '--as-of', '2010-03-01']);
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/strategy (sma|lin) needs \d+ bars before its first decision; 2010-03-01 has \d+ before it; the first date with enough history is 2010-/);
    expect(early.stderr).not.toMatch(STACK_OR_INTERNAL);
    const badDate = await cli(['signal', config, '--as-of', '2011-13-01']);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toMatch(/--as-of.*expected a date YYYY-MM-DD/);
    const stale = await cli(['signal', config, '--models', path.join(dir, 'stale'), '--max-age', '3']);
    expect(stale.code).toBe(3);
    expect(stale.stderr).toMatch(/^walkforward: stale data: GOOG: the last bar \(2011-06-30\) is \d+ trading days old on \d{4}-\d\d-\d\d \(allowed: 3; --max-age\)\n$/);
    expect(existsSync(path.join(dir, 'stale'))).toBe(false);
  }, 60_000);

  it('Yahoo data older than --max-age (default 3 trading days) exits 3 naming the symbol and its last date', async () => {
    const yahoo = path.join(dir, 'yahoo.yaml');
    writeFileSync(yahoo, `name: acme\ndata: { source: yahoo, symbol: ACME, start: 2020-01-01, end: 2020-02-07 }\nstrategies:\n  - { name: sma, type: sma-crossover, params: { fast: 2, slow: 5 } }\n`);
    const run = await cli(['signal', yahoo, '--models', path.join(dir, 'acme-models')], {
      env: { WALKFORWARD_CACHE_DIR: path.join(dir, 'cache'), WALKFORWARD_FETCH_MODULE: path.join(ROOT, 'test', 'fixtures', 'yahoo', 'acme-fetch.ts') },
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/walkforward: stale data: ACME: the last bar \(2020-02-07\) is \d+ trading days old on .*\(allowed: 3; --max-age\)/);
    expect(run.stderr).not.toMatch(STACK_OR_INTERNAL);
    expect(existsSync(path.join(dir, 'acme-models', 'journal.jsonl'))).toBe(false);
  }, 30_000);
});

describe('user plug-in files through signal', () => {
  const study = studyFolders('wf-signal-plugin-');
  it('a strategy file and a forecaster file give the backtest\'s decision at the last bar', async () => {
    const knn = '{ name: knn, type: forecast, params: { features: [{ name: volume }, { name: log-return }], lookback: 3, walkforward: { trainBars: 300, testBars: 100 }, model: { type: ./models/knn.ts, k: 9 } } }';
    const folder = study({
      'strategies/momentum.ts': MOMENTUM_TS,
      'models/knn.ts': KNN_TS,
      'config.yaml': studyConfig('plugsig', ['{ name: mom, type: ./strategies/momentum.ts, params: { lookback: 30 } }', knn]),
    });
    const signalled = await cli(['signal', 'config.yaml', '--json', '--quiet'], { cwd: folder });
    expect(signalled.code, signalled.stderr).toBe(0);
    const rows = JSON.parse(signalled.stdout).signals;
    const backtest = await cli(['backtest', 'config.yaml', '--out', 'reports', '--quiet'], { cwd: folder });
    expect(backtest.code, backtest.stderr).toBe(0);
    const results = JSON.parse(readFileSync(path.join(folder, 'reports', 'plugsig', 'results.json'), 'utf8'));
    for (const name of ['mom', 'knn']) {
      const row = rows.find((r: { strategy: string }) => r.strategy === name);
      const strategy = results.strategies.find((s: { name: string }) => s.name === name);
      expect(row.lastBarDate).toBe('2010-12-31');
      expect(row.targetPosition, name).toBe(strategy.targetPositions.at(-1));
      if (name === 'knn') expect(row.forecastLogReturn).toBe(strategy.model.forecasts.at(-1));
    }
    expect(existsSync(path.join(folder, 'models', 'plugsig', 'journal.jsonl'))).toBe(true);
  }, 60_000);
});
