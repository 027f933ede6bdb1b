// Defect of issue 10, 2.6: validate runs every check a backtest makes before training.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOOG_CSV, STACK_OR_INTERNAL, cli, tempDirForFile } from './run-cli.ts';

const dir = tempDirForFile('wf-validate-');

function writeConfig(name: string, params: string, extra = ''): string {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `name: ${name}\ndata: { source: csv, path: ${GOOG_CSV}, start: 2010-01-01, end: 2011-12-31 }\n${extra}strategies:\n  - name: lin\n    type: lstm-forecast\n    params: ${params}\n`,
  );
  return file;
}

describe('validate = every check that needs no training', () => {
  it('trainBars larger than the data: validate and backtest both refuse it, with the same message', async () => {
    const file = writeConfig('too-long', '{ walkforward: { trainBars: 600, testBars: 50 }, model: { type: linear } }');
    const message = /GOOG\.csv: strategy lin: walkforward\.trainBars: one fold needs trainBars \(600\) \+ purgeBars \(1\) \+ 1 test bar = 602 bars; the data has 504/;
    const validated = await cli(['validate', file]);
    expect(validated.stderr).toMatch(message);
    expect(validated.code).toBe(2);
    expect(validated.stdout).toBe('');
    const run = await cli(['backtest', file, '--out', path.join(dir, 'out'), '--quiet']);
    expect(run.stderr).toMatch(message);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(STACK_OR_INTERNAL);
  });

  it('too few training windows after the feature warm-up and lookback', async () => {
    const file = writeConfig('few-windows', '{ features: [{ name: rsi, period: 100 }], lookback: 80, walkforward: { trainBars: 185, testBars: 50 }, model: { type: linear } }');
    const validated = await cli(['validate', file]);
    expect(validated.stderr).toMatch(/strategy lin: walkforward\.trainBars: fold 0 has \d training windows after the \d+-bar feature warm-up and lookback 80; needs >= 8/);
    expect(validated.code).toBe(2);
  });

  it('an evaluation window outside the data', async () => {
    const file = writeConfig('late-window', '{ walkforward: { trainBars: 300, testBars: 50 }, model: { type: linear } }', 'evaluation: { start: 2012-06-01 }\n');
    const validated = await cli(['validate', file]);
    expect(validated.stderr).toMatch(/late-window\.yaml: evaluation\.start 2012-06-01 is after the last bar \(2011-12-30\)/);
    expect(validated.code).toBe(2);
  });

  it('a config that fits is ok', async () => {
    const validated = await cli(['validate', writeConfig('fits', '{ walkforward: { trainBars: 300, testBars: 50 }, model: { type: linear } }')]);
    expect(validated.stderr).toBe('');
    expect(validated.stdout).toMatch(/fits\.yaml: ok — GOOG: 504 bars/);
  });
});
