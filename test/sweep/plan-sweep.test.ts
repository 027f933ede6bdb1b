import { describe, expect, it } from 'vitest';
import { deriveSeed } from '../../src/core/seeded-random.ts';
import { meetsConstraint, parseConstraint } from '../../src/sweep/constraint.ts';
import { parseSweepConfig } from '../../src/sweep/load-sweep.ts';
import { parseParameterPath, withValueAt } from '../../src/sweep/parameter-path.ts';

const base = `name: plan
seed: 7
data: { source: csv, path: data/GOOG.csv }
strategies:
  - name: sma
    type: sma-crossover
    params: { fast: 10, slow: 30 }
  - name: lstm
    type: forecast
    params:
      features: [{ name: log-return }, { name: rsi, period: 14 }]
      walkforward: { trainBars: 500, testBars: 100 }
      lookback: 20
      model: { type: lstm }
`;

/** The config with a sweep block (YAML lines, indented under sweep:). */
const withSweep = (sweep: string) => `${base}sweep:\n${sweep}`;

/** The UserError message planning this config gives. */
function problems(text: string): string {
  try {
    parseSweepConfig(text, 'x.yaml');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a config error');
}

/** Line number (1-based) of the first line of `text` containing `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;

describe('planning a sweep', () => {
  it('expands a grid in config order (first path slowest), drops what the constraints exclude, seeds each trial from the run seed and its index', () => {
    const { definition } = parseSweepConfig(
      withSweep(`  grid:
    sma.params.fast: [5, 10, 30]
    sma.params.slow: [20, 40]
  constraints: [sma.params.fast < sma.params.slow]
`),
      'x.yaml',
    );
    expect(definition.strategy).toEqual({ name: 'sma', type: 'sma-crossover' });
    expect(definition.trials.map((t) => t.values)).toEqual([
      { 'sma.params.fast': 5, 'sma.params.slow': 20 },
      { 'sma.params.fast': 5, 'sma.params.slow': 40 },
      { 'sma.params.fast': 10, 'sma.params.slow': 20 },
      { 'sma.params.fast': 10, 'sma.params.slow': 40 },
      { 'sma.params.fast': 30, 'sma.params.slow': 40 },
    ]);
    expect(definition.trials.map((t) => t.seed)).toEqual([0, 1, 2, 3, 4].map((i) => deriveSeed(7, i)));
    expect(definition.trials[4].entry).toEqual({ name: 'sma', type: 'sma-crossover', params: { fast: 30, slow: 40 }, mode: 'long-only' });
    expect(definition.trials.map((t) => t.warmupBars)).toEqual([20, 40, 20, 40, 40]);
    // The other strategy and buy-and-hold are measured beside the trials, not searched.
    expect(definition.references.map((r) => r.entry.name)).toEqual(['lstm', 'buy-and-hold']);
    expect(definition.objective).toEqual({ key: 'sharpe', direction: 'maximize' });
    expect(definition.heatmap).toEqual(['sma.params.fast', 'sma.params.slow']);
  });

  it('sweeps nested and list paths of a forecaster (layers, features[1].period), filling the defaults the config left out', () => {
    const { definition } = parseSweepConfig(
      withSweep(`  grid:
    lstm.params.model.layers: [[8], [16, 16]]
    lstm.params.features[1].period: [7, 21]
    lstm.params.signal.threshold: [0.001]
  objective: volatilityPct
`),
      'x.yaml',
    );
    expect(definition.trials).toHaveLength(4);
    expect(definition.trials[3].entry.params).toMatchObject({
      model: { type: 'lstm', layers: [16, 16] },
      features: [{ name: 'log-return' }, { name: 'rsi', period: 21 }],
      signal: { threshold: 0.001 },
    });
    // The trial's entry is a copy: the config's own entry keeps its values.
    expect(definition.references.find((r) => r.entry.name === 'sma')).toBeDefined();
    expect(definition.objective).toEqual({ key: 'volatilityPct', direction: 'minimize' });
    expect(definition.trials[0].warmupBars).toBe(501);
  });

  it('draws distinct random trials reproducibly from lists and ranges (whole numbers on an integer lattice, log ranges positive)', () => {
    const text = withSweep(`  random:
    trials: 12
    seed: 3
    space:
      sma.params.fast: { min: 2, max: 20, step: 2 }
      sma.params.slow: { min: 25, max: 200, log: true, integer: true }
      sma.mode: [long-only, long-short]
  constraints: ['2 * sma.params.fast <= sma.params.slow']
`);
    const first = parseSweepConfig(text, 'x.yaml').definition;
    const again = parseSweepConfig(text, 'x.yaml').definition;
    expect(first.trials).toHaveLength(12);
    expect(first.method).toBe('random');
    expect(again.trials.map((t) => t.values)).toEqual(first.trials.map((t) => t.values));
    for (const { values, entry } of first.trials) {
      const fast = values['sma.params.fast'] as number;
      const slow = values['sma.params.slow'] as number;
      expect(Number.isInteger(fast) && fast % 2 === 0 && fast >= 2 && fast <= 20).toBe(true);
      expect(Number.isInteger(slow) && slow >= 25 && slow <= 200).toBe(true);
      expect(2 * fast).toBeLessThanOrEqual(slow);
      expect(['long-only', 'long-short']).toContain(entry.mode);
    }
    expect(new Set(first.trials.map((t) => JSON.stringify(t.values))).size).toBe(12);
  });

  describe('bad paths and values are config errors at file:line:col', () => {
    it('a path into no strategy, at its key', () => {
      const text = withSweep(`  grid:
    smaa.params.fast: [5, 10]
`);
      expect(problems(text)).toBe(
        `x.yaml:${lineOf(text, 'smaa')}:5 sweep.grid.smaa.params.fast: "smaa.params.fast" does not start with a strategy name followed by a key (strategies: sma, lstm)`,
      );
    });

    it('a parameter the strategy does not have, at its key', () => {
      const text = withSweep(`  grid:
    sma.params.fats: [5, 10]
`);
      expect(problems(text)).toMatch(new RegExp(`^x\\.yaml:${lineOf(text, 'fats')}:5 sweep\\.grid\\.sma\\.params\\.fats: sma \\(sma-crossover\\) has no key "fats" at params$`));
    });

    it('a value the strategy rejects, at that value in the list', () => {
      const text = withSweep(`  grid:
    sma.params.fast:
      - 5
      - 0
      - ten
`);
      const message = problems(text);
      expect(message).toContain(`x.yaml:${lineOf(text, '- 0')}:9 sweep.grid.sma.params.fast[1]: 0: Too small: expected number to be >=1`);
      expect(message).toContain(`x.yaml:${lineOf(text, '- ten')}:9 sweep.grid.sma.params.fast[2]: "ten": expected number, received string`);
    });

    it('a nested value of a list-valued parameter, with the part that is wrong', () => {
      const text = withSweep(`  grid:
    lstm.params.model.layers: [[8], [8, 0]]
`);
      expect(problems(text)).toMatch(new RegExp(`^x\\.yaml:${lineOf(text, 'layers')}:\\d+ sweep\\.grid\\.lstm\\.params\\.model\\.layers\\[1\\]: \\[8,0\\]: \\[1\\]: Too small`));
    });

    it('combinations the strategy rejects, unless a constraint excludes them', () => {
      const text = withSweep(`  grid:
    sma.params.fast: [5, 30]
    sma.params.slow: [20, 40]
`);
      expect(problems(text)).toBe(
        `x.yaml:${lineOf(text, 'sma.params.fast: [5, 30]')}:5 sweep.grid: 1 of 4 combinations are invalid for sma-crossover; exclude them with a constraint:\n` +
          '  {"sma.params.fast":30,"sma.params.slow":20}: params.fast: fast must be shorter than slow',
      );
    });

    it('constraints that do not parse or do not compare numbers, at the constraint', () => {
      const text = withSweep(`  grid:
    sma.params.fast: [5, 10]
  constraints:
    - sma.params.fast <
    - sma.params.fast < sma.mode
    - sma.params.fast < nope.params.slow
`);
      const message = problems(text);
      expect(message).toContain(`x.yaml:${lineOf(text, '- sma.params.fast <\n') || lineOf(text, 'sma.params.fast <')}:7 sweep.constraints[0]: "sma.params.fast <": expected a number, a path or "(" but found the end`);
      expect(message).toContain('sweep.constraints[2]: "sma.params.fast < nope.params.slow": "nope.params.slow" does not start with a strategy name');
      const typed = withSweep(`  grid:
    sma.params.fast: [5, 10]
  constraints: [sma.params.fast < sma.mode]
`);
      expect(problems(typed)).toBe(`x.yaml:${lineOf(typed, 'constraints')}:17 sweep.constraints[0]: "sma.params.fast < sma.mode": sma.mode is "long-only", not a number`);
    });

    it('schema problems of the block itself: an unknown objective, both or neither search, one strategy per sweep', () => {
      expect(problems(withSweep('  grid: { sma.params.fast: [5] }\n  objective: profit\n'))).toMatch(/^x\.yaml:\d+:14 sweep\.objective: expected one of "finalEquity"\|/);
      expect(problems(withSweep('  grid: { sma.params.fast: [5] }\n  random: { trials: 2, space: { sma.params.fast: [5, 6] } }\n'))).toMatch(/sweep: give exactly one of grid or random/);
      expect(problems(withSweep('  grid: { sma.params.fast: [5], lstm.params.lookback: [10] }\n'))).toMatch(
        /sweep\.grid\.lstm\.params\.lookback: a sweep tunes one strategy: this path is into lstm, the first into sma/,
      );
      expect(problems(withSweep('  grid: { sma.params.fast: [5] }\n  cscv: { partitions: 7 }\n'))).toMatch(/sweep\.cscv\.partitions: must be even/);
      expect(problems(withSweep('  grid: { sma.name: [a] }\n'))).toMatch(/a sweep cannot change a strategy's name/);
      expect(problems(`${base.replace('name: plan', 'name: plan\nevaluation: { window: full }')}sweep:\n  grid: { sma.params.fast: [5] }\n`)).toMatch(
        /evaluation\.window: a sweep measures every trial over one common window/,
      );
    });

    it('no config sweep block at all', () => {
      expect(problems(base)).toMatch(/^x\.yaml: no sweep: block/);
    });
  });
});

describe('paths and constraints', () => {
  it('parse paths with dotted strategy names and list indices', () => {
    expect(parseParameterPath('sma.v2.params.fast', ['sma', 'sma.v2'])).toEqual({ ok: true, path: { text: 'sma.v2.params.fast', strategy: 'sma.v2', keys: ['params', 'fast'] } });
    expect(parseParameterPath('m.params.features[1].period', ['m'])).toEqual({ ok: true, path: { text: 'm.params.features[1].period', strategy: 'm', keys: ['params', 'features', 1, 'period'] } });
    expect(parseParameterPath('m.params.features.1.period', ['m'])).toMatchObject({ ok: true, path: { keys: ['params', 'features', 1, 'period'] } });
  });

  it('write into a copy, creating missing mappings, refusing to write into a number', () => {
    const entry = { params: { fast: 3 } };
    expect(withValueAt(entry, ['params', 'model', 'layers'], [8], 'p')).toEqual({ ok: true, value: { params: { fast: 3, model: { layers: [8] } } } });
    expect(entry).toEqual({ params: { fast: 3 } });
    expect(withValueAt(entry, ['params', 'fast', 'x'], 1, 'p')).toMatchObject({ ok: false });
  });

  it('evaluate arithmetic and comparisons over path values', () => {
    const values: Record<string, unknown> = { 'a.params.x': 4, 'a.params.y': 10, 'a.params.l': [8, 8] };
    const holds = (text: string) => meetsConstraint(parseConstraint(text), (path) => values[path]);
    expect(holds('a.params.x < a.params.y')).toBe(true);
    expect(holds('2 * a.params.x + 3 <= a.params.y')).toBe(false);
    expect(holds('-(a.params.x - a.params.y) / 2 == 3')).toBe(true);
    expect(holds('a.params.l == a.params.l')).toBe(true);
    expect(() => parseConstraint('a.params.x')).toThrow(/expected a comparison/);
    expect(() => parseConstraint('a.params.x < 3 4')).toThrow(/unexpected 4/);
  });
});
