import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOOG_CSV, STACK_OR_INTERNAL, cli as runCli, tempDirForFile } from './run-cli.ts';

const dir = tempDirForFile('wf-cli-');
const HEADER = 'Date,Open,High,Low,Close,Volume\n';
const GOOD_ROWS = '2020-01-02,1,2,0.5,1.5,10\n2020-01-03,1.5,2,1,1.8,11\n';

function writeFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** A config on `dataPath` with `strategies` and `extra` YAML lines appended. */
function config(name: string, options: { dataPath?: string; strategy?: string; broker?: string; data?: string } = {}): string {
  return writeFile(
    `${name}.yaml`,
    `name: ${name}
data:
  source: csv
  path: ${options.dataPath ?? GOOG_CSV}
${options.data ?? ''}
broker:
  cash: 10000
${options.broker ?? ''}
strategies:
${options.strategy ?? '  - { name: sma, type: sma-crossover, params: { fast: 10, slow: 30 } }'}
`,
  );
}

function cli(...args: string[]) {
  return runCli(args);
}

/** Run a backtest expected to fail: exit 2, the message matches, and nothing is written. */
async function expectBadInput(configFile: string, message: RegExp): Promise<void> {
  const out = path.join(dir, `out-${path.basename(configFile, '.yaml')}`);
  const result = await cli('backtest', configFile, '--out', out, '--quiet');
  expect(result.stderr).toMatch(message);
  expect(result.code).toBe(2);
  expect(result.stderr).not.toMatch(STACK_OR_INTERNAL);
  const left = existsSync(out) ? readdirSync(out, { recursive: true }) : [];
  expect(left).toEqual([]);
}

describe('bad input: exit 2, a message naming the place, nothing written', () => {
  it('missing data file: names the folder a relative data.path was resolved against (the config file\'s)', async () => {
    await expectBadInput(
      config('missing-file', { dataPath: 'data/NOPE.csv' }),
      new RegExp(`data/NOPE\\.csv: file not found \\(data\\.path is relative to the config file's folder, ${dir}\\)`),
    );
  });
  it('missing column', async () => {
    const data = writeFile('nocol.csv', 'Date,Open,High,Low,Volume\n2020-01-02,1,2,0.5,10\n');
    await expectBadInput(config('missing-column', { dataPath: data }), /nocol\.csv:1: missing column close/);
  });
  it('unsorted dates', async () => {
    const data = writeFile('unsorted.csv', HEADER + '2020-01-03,1,2,0.5,1.5,10\n2020-01-02,1,2,0.5,1.5,10\n');
    await expectBadInput(config('unsorted', { dataPath: data }), /unsorted\.csv:3: column Date: dates not sorted/);
  });
  it('NaN', async () => {
    const data = writeFile('nan.csv', HEADER + GOOD_ROWS + '2020-01-06,1,2,0.5,,10\n');
    await expectBadInput(config('nan', { dataPath: data }), /nan\.csv:4: column Close: close is not a number/);
  });
  it('high < low', async () => {
    const data = writeFile('hl.csv', HEADER + GOOD_ROWS + '2020-01-06,1,0.4,0.5,0.45,10\n');
    await expectBadInput(config('high-low', { dataPath: data }), /hl\.csv:4: column High: high 0.4 < low 0.5/);
  });
  it('unknown strategy type', async () => {
    await expectBadInput(
      config('unknown-type', { strategy: '  - name: x\n    type: moon-phase' }),
      /unknown-type\.yaml:11:11 strategies\[0\]\.type: unknown strategy type "moon-phase" \(known: .*sma-crossover/,
    );
  });
  it('wrong param type', async () => {
    await expectBadInput(
      config('param-type', { strategy: '  - name: x\n    type: sma-crossover\n    params:\n      fast: ten' }),
      /param-type\.yaml:13:13 strategies\[0\]\.params\.fast: expected number, received string/,
    );
  });
  it('unknown YAML key', async () => {
    await expectBadInput(config('bad-key', { broker: '  comission: 0.001' }), /bad-key\.yaml:8:3 broker\.comission: unknown key "comission"/);
  });
  it('empty date range', async () => {
    await expectBadInput(
      config('empty-range', { data: '  start: 2030-01-01' }),
      /GOOG\.csv: no bars between 2030-01-01 and the end \(the file covers 2004-08-19 \.\. 2013-03-01\)/,
    );
  });
  it('start after end', async () => {
    await expectBadInput(config('reversed-range', { data: '  start: 2010-01-01\n  end: 2009-01-01' }), /reversed-range\.yaml:6:8 data\.end: end 2009-01-01 is before start 2010-01-01/);
  });
  it('cash <= 0', async () => {
    const file = writeFile('cash.yaml', `name: cash\ndata: { source: csv, path: ${GOOG_CSV} }\nbroker:\n  cash: 0\nstrategies:\n  - { name: b, type: buy-and-hold }\n`);
    await expectBadInput(file, /cash\.yaml:4:9 broker\.cash: cash must be > 0/);
  });
  it('missing config file', async () => {
    await expectBadInput(path.join(dir, 'absent.yaml'), /absent\.yaml: config file not found/);
  });
  it('YAML syntax error', async () => {
    await expectBadInput(writeFile('syntax.yaml', 'name: x\ndata: [unclosed\n'), /syntax\.yaml:3:1 YAML syntax/);
  });
  it('unknown option is a usage error (exit 2)', async () => {
    const result = await cli('backtest', 'configs/default.yaml', '--bogus');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown option '--bogus'/);
  });
});

describe('validate', () => {
  it('accepts the default config and summarises it', async () => {
    const result = await cli('validate', 'configs/default.yaml');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/configs\/default\.yaml: ok .* GOOG: \d+ bars/);
  });
  it('rejects a bad one with exit 2', async () => {
    const result = await cli('validate', config('validate-bad', { strategy: '  - name: x\n    type: sma-crossover\n    params: { fast: 30, slow: 10 }' }));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/strategies\[0\]\.params\.fast: fast must be shorter than slow/);
  });
});
