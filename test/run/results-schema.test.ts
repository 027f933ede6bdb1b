// The shipped JSON Schema of results.json is generated from its TypeScript description
// (scripts/results-schema.ts) and real results files validate against it.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { RESULTS_SCHEMA_FILE, resultsSchemaText } from '../../scripts/results-schema.ts';
import { parseConfig } from '../../src/config/load-config.ts';
import { toJson } from '../../src/core/json-text.ts';
import { silentProgress } from '../../src/core/progress.ts';
import { loadSeries } from '../../src/data/load-series.ts';
import { computeStatistics } from '../../src/metrics/statistics.ts';
import { RESULTS_VERSION } from '../../src/run/results.ts';
import { encodeResults, type ResultsFile } from '../../src/run/results-file.ts';
import { loadCsvSeries } from '../../src/data/load-csv.ts';
import { runSeries } from '../../src/run/run-multi-symbol.ts';
import packageJson from '../../package.json' with { type: 'json' };

const shipped = readFileSync(RESULTS_SCHEMA_FILE, 'utf8');

/**
 * results.json of a run of `strategies` on `data` (as backtest writes it, statistics included);
 * with `alsoOn`, a multi-symbol run: these bars become a second symbol (perSymbol and the total).
 */
async function resultsJson(data: string, strategies: string, alsoOn?: string): Promise<ResultsFile> {
  const loaded = parseConfig(`name: schema\ndata: ${data}\nbenchmark: buy-and-hold\nstrategies:\n${strategies}`, 'schema.yaml', process.cwd());
  const seriesList = await loadSeries(loaded.config.data, { baseDir: loaded.baseDir });
  if (alsoOn) seriesList.push(loadCsvSeries(alsoOn, { start: seriesList[0].bars[0].date }));
  const results = await runSeries(loaded, seriesList, { progress: silentProgress });
  computeStatistics(results);
  return JSON.parse(toJson(encodeResults(results)));
}

describe('results.json JSON Schema', () => {
  it('the shipped schema is what the TypeScript description generates (run `npm run schema` after changing it)', () => {
    expect(shipped).toBe(resultsSchemaText());
  }, 60_000);

  it('is versioned with the results format, and exported by the package', () => {
    const schema = JSON.parse(shipped);
    expect(RESULTS_SCHEMA_FILE).toMatch(new RegExp(`results-v${RESULTS_VERSION}\\.schema\\.json$`));
    expect(schema.$id).toBe(`urn:walkforward:results:v${RESULTS_VERSION}`);
    expect(schema.$defs.ResultsFile.properties.version).toEqual({ description: 'Format version of this file.', const: RESULTS_VERSION });
    expect(packageJson.exports['./results.schema.json']).toBe(`./schema/results-v${RESULTS_VERSION}.schema.json`);
  });

  it('a run with rule, model and exit strategies, and a multi-symbol run, validate; broken files do not', async () => {
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(shipped));
    const single = await resultsJson(
      '{ source: csv, path: data/GOOG.csv, start: 2008-01-01, end: 2011-12-31 }',
      [
        '  - { name: sma, type: sma-crossover, mode: long-short, exits: { stopLoss: { atrMultiple: 2 }, maxBars: 20 } }',
        '  - { name: lin, type: lstm-forecast, params: { lookback: 5, walkforward: { trainBars: 300, testBars: 100 }, model: { type: linear } } }',
        '  - { name: naive, type: lstm-forecast, params: { lookback: 5, walkforward: { trainBars: 300, testBars: 100 }, model: { type: naive } } }',
      ].join('\n'),
    );
    expect(validate(single), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const multi = await resultsJson('{ source: csv, path: data/AAPL-2013-2018.csv }', '  - { name: rsi, type: rsi-reversion }', 'data/MSFT-2013-2018.csv');
    expect(multi.perSymbol).toHaveLength(2);
    expect(validate(multi), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);

    // The schema is not vacuous: a missing metric, a string for a number, an unknown key, a wrong version.
    const broken = (edit: (file: ResultsFile) => void) => {
      const copy = structuredClone(single);
      edit(copy);
      return validate(copy);
    };
    expect(broken(() => {})).toBe(true);
    expect(broken((f) => Reflect.deleteProperty(f.strategies[0].metrics, 'sharpe'))).toBe(false);
    expect(broken((f) => Object.assign(f.strategies[0].trades[0], { pnl: '12.5' }))).toBe(false);
    expect(broken((f) => Object.assign(f.strategies[1].model!.folds[0], { surprise: 1 }))).toBe(false);
    expect(broken((f) => Object.assign(f, { version: RESULTS_VERSION + 1 }))).toBe(false);
    expect(broken((f) => Object.assign(f.strategies[0].trades[0], { exitReason: 'panic' }))).toBe(false);
  }, 60_000);
});
