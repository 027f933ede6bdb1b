import type { z } from 'zod';
import type { LoadedConfig, ResolvedStrategy } from '../config/load-config.ts';
import { formatPath, type IssuePath } from '../config/format-issue.ts';
import { strategyEntrySchema, type StrategyEntry } from '../config/schema.ts';
import { UserError } from '../core/errors.ts';
import { deriveSeed } from '../core/seeded-random.ts';
import { buyAndHoldStrategy } from '../run/run-backtest.ts';
import { ConstraintValueError, meetsConstraint, parseConstraint, pathsOf, type Constraint } from './constraint.ts';
import { gridCombinations, gridSize, randomCombinations, type Combination, type Domain } from './expand-trials.ts';
import { defaultDirection, type Objective } from './objective.ts';
import { parseParameterPath, valueAt, withValueAt, type ParameterPath } from './parameter-path.ts';
import type { SweepConfig } from './sweep-schema.ts';

/** `file:line:col` of the config node at `path` (its key node when `key` is given). */
export type Locate = (path: IssuePath, key?: string) => string;

/** One trial: the swept strategy's entry with this trial's values. */
export interface TrialSpec {
  /** 0-based position among the sweep's trials (grid order, or draw order). */
  index: number;
  /** Swept path -> value, in the config's path order. */
  values: Record<string, unknown>;
  /** The run seed this trial's backtest uses: derived from the config's seed and the index. */
  seed: number;
  /** The swept strategy's entry with the values written in (params as in the YAML, defaults not filled). */
  entry: StrategyEntry;
  /** Bars before its first possible decision (the strategy type's warmupBars). */
  warmupBars: number;
  /** It trains a network (slow): trials like it run side by side on worker threads. */
  trainsNetwork: boolean;
}

/** A strategy measured once beside the trials (the config's other entries, buy-and-hold). */
export interface ReferenceStrategy extends ResolvedStrategy {
  isBenchmark: boolean;
  warmupBars: number;
}

export interface SweepDefinition {
  /** The one strategy entry the sweep tunes. */
  strategy: { name: string; type: string };
  paths: string[];
  method: 'grid' | 'random';
  constraints: string[];
  objective: Objective;
  wfo: SweepConfig['wfo'];
  cscv: SweepConfig['cscv'];
  /** The two paths the report's heatmap opens with (null with a single path). */
  heatmap: [string, string] | null;
  trials: TrialSpec[];
  references: ReferenceStrategy[];
}

/** More trials than this is a typo in a grid, not a sweep anyone can wait for. */
export const MAX_TRIALS = 100_000;

/** Issue text without zod's generic prefixes. */
const issueText = (issue: z.core.$ZodIssue) => issue.message.replace(/^Invalid input: /, '').replace(/^Invalid option: /, '');

const show = (value: unknown) => JSON.stringify(value) ?? String(value);

/**
 * Check a config's `sweep:` block against its strategies and expand it into trials. Every
 * problem (a path into no strategy, a value its schema rejects, a constraint that does not
 * parse or compare, a combination the strategy rejects) is reported as `file:line:col path:
 * message`, all at once, as a UserError.
 */
export function planSweep(loaded: LoadedConfig, locate: Locate): SweepDefinition {
  const { config } = loaded;
  const file = loaded.path;
  const sweep = config.sweep;
  if (!sweep) throw new UserError(`${file}: no sweep: block (a grid or random search over strategy params; see configs/sweep-sma.yaml)`);
  const messages: string[] = [];
  const report = (path: IssuePath, message: string, key?: string) => messages.push(`${locate(path, key)} ${formatPath(key ? [...path, key] : path)}: ${message}`);
  const fail = () => {
    if (messages.length > 0) throw new UserError(messages.join('\n'));
  };

  if (config.evaluation.window === 'full') report(['evaluation', 'window'], 'a sweep measures every trial over one common window; drop window: full');
  if (config.data.source === 'yahoo' && (config.data.symbols?.length ?? 0) > 1) report(['data', 'symbols'], 'a sweep runs on one series; give one symbol');

  const method = sweep.grid ? 'grid' : 'random';
  const block: IssuePath = sweep.grid ? ['sweep', 'grid'] : ['sweep', 'random', 'space'];
  const domainsByPath: Record<string, Domain> = sweep.grid
    ? Object.fromEntries(Object.entries(sweep.grid).map(([path, values]) => [path, { kind: 'list', values }]))
    : Object.fromEntries(
        Object.entries(sweep.random!.space).map(([path, domain]) => [path, Array.isArray(domain) ? { kind: 'list', values: domain } : { kind: 'range', range: domain }]),
      );
  const names = config.strategies.map((entry) => entry.name);

  // 1. Paths: each names a strategy entry and a key inside it; all the same strategy.
  const paths: ParameterPath[] = [];
  for (const text of Object.keys(domainsByPath)) {
    const parsed = parseParameterPath(text, names);
    if (!parsed.ok) report(block, parsed.message, text);
    else if (paths.length > 0 && parsed.path.strategy !== paths[0].strategy) {
      report(block, `a sweep tunes one strategy: this path is into ${parsed.path.strategy}, the first into ${paths[0].strategy}`, text);
    } else paths.push(parsed.path);
  }
  fail();
  const swept = loaded.strategies.find((s) => s.entry.name === paths[0].strategy);
  if (!swept) throw new UserError(`${locate(['strategies'])} strategies: ${paths[0].strategy} did not load`);
  if (config.benchmark === swept.entry.name) report(['benchmark'], `the benchmark cannot be the swept strategy ${swept.entry.name}`);

  /** The entry with `value` at `path`, checked by the entry schema and the strategy's params schema. */
  const check = (entry: StrategyEntry) => {
    const shape = strategyEntrySchema.safeParse(entry);
    if (!shape.success) return shape.error.issues;
    const params = swept.definition.params.safeParse(entry.params);
    return params.success ? [] : params.error.issues.map((issue) => ({ ...issue, path: ['params', ...issue.path] }));
  };
  const startsWith = (issuePath: readonly PropertyKey[], prefix: readonly PropertyKey[]) => prefix.every((key, i) => issuePath[i] === key);

  // 2. Values, one at a time on the config's entry: wrong types, ranges and unknown keys are the
  // value's fault. Rules between params (fast < slow) are checked per combination below.
  for (const path of paths) {
    const domain = domainsByPath[path.text];
    const samples: Array<{ value: unknown; at: IssuePath }> =
      domain.kind === 'list'
        ? domain.values.map((value, i) => ({ value, at: [...block, path.text, i] }))
        : [
            { value: domain.range.min, at: [...block, path.text, 'min'] },
            { value: domain.range.max, at: [...block, path.text, 'max'] },
          ];
    values: for (const { value, at } of samples) {
      const written = withValueAt(swept.entry, path.keys, value, path.text);
      if (!written.ok) {
        report(block, written.message, path.text);
        break;
      }
      for (const issue of check(written.value)) {
        if (issue.code === 'unrecognized_keys') {
          const unknown = issue.keys.find((key) => startsWith(path.keys, [...issue.path, key]));
          if (unknown !== undefined) {
            report(block, `${swept.entry.name} (${swept.entry.type}) has no key "${unknown}" at ${formatPath(issue.path) || 'its top level'}`, path.text);
            break values;
          }
        } else if (issue.code !== 'custom' && startsWith(issue.path, path.keys)) {
          const below = issue.path.slice(path.keys.length);
          report(at, `${show(value)}: ${below.length > 0 ? `${formatPath(below)}: ` : ''}${issueText(issue)}`);
        }
      }
    }
  }
  fail();

  // 3. Constraints: parse, and read only paths that exist.
  const constraints: Constraint[] = [];
  sweep.constraints.forEach((text, i) => {
    try {
      const constraint = parseConstraint(text);
      for (const pathText of pathsOf(constraint)) {
        const parsed = parseParameterPath(pathText, names);
        if (!parsed.ok) throw new SyntaxError(parsed.message);
      }
      constraints.push(constraint);
    } catch (error) {
      report(['sweep', 'constraints', i], `"${text}": ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  if (sweep.heatmap) {
    sweep.heatmap.forEach((text, i) => {
      if (!paths.some((p) => p.text === text)) report(['sweep', 'heatmap', i], `"${text}" is not a swept path (${paths.map((p) => p.text).join(', ')})`);
    });
  }
  fail();

  // 4. Combinations: the grid, or distinct random draws, that meet every constraint.
  const entryOf = (combination: Combination): StrategyEntry => {
    let entry = swept.entry;
    paths.forEach((path, i) => {
      const written = withValueAt(entry, path.keys, combination[i], path.text);
      if (written.ok) entry = written.value;
    });
    return entry;
  };
  /** A path's value in a trial: the trial's entry, else the strategy's defaults, else another strategy's config. */
  const valueIn = (entry: StrategyEntry) => (pathText: string) => {
    const parsed = parseParameterPath(pathText, names);
    if (!parsed.ok) return undefined;
    const { strategy, keys } = parsed.path;
    const resolved = loaded.strategies.find((s) => s.entry.name === strategy);
    const own = strategy === swept.entry.name ? valueAt(entry, keys) : undefined;
    return own ?? (resolved ? valueAt({ ...resolved.entry, params: resolved.params }, keys) : undefined);
  };
  const failedConstraints = new Set<number>();
  const accept = (combination: Combination) => {
    const valueOf = valueIn(entryOf(combination));
    return constraints.every((constraint, i) => {
      try {
        return meetsConstraint(constraint, valueOf);
      } catch (error) {
        if (!(error instanceof ConstraintValueError)) throw error;
        if (!failedConstraints.has(i)) report(['sweep', 'constraints', i], `"${constraint.text}": ${error.message}`);
        failedConstraints.add(i);
        return false;
      }
    });
  };
  let combinations: Combination[];
  const domains = paths.map((path) => domainsByPath[path.text]);
  if (sweep.grid) {
    const lists = domains.map((domain) => (domain.kind === 'list' ? domain.values : []));
    const size = gridSize(lists);
    if (size > MAX_TRIALS) report(['sweep', 'grid'], `${size} combinations; a sweep runs at most ${MAX_TRIALS}`);
    fail();
    combinations = gridCombinations(lists).filter(accept);
  } else {
    const random = sweep.random!;
    const drawn = randomCombinations(domains, random.trials, random.seed ?? config.seed, accept);
    combinations = drawn.combinations;
    if (failedConstraints.size === 0 && combinations.length < random.trials) {
      report(['sweep', 'random', 'trials'], `found only ${combinations.length} distinct trials that meet the constraints in ${drawn.draws} draws; ask for fewer or widen the space`);
    }
  }
  fail();
  if (combinations.length === 0) report(['sweep', 'constraints'], 'no combination meets the constraints');
  fail();

  // 5. Each trial as the strategy sees it: combinations the strategy's own rules reject.
  const trials: TrialSpec[] = [];
  const rejected: string[] = [];
  combinations.forEach((combination) => {
    const entry = entryOf(combination);
    const issues = check(entry);
    const values = Object.fromEntries(paths.map((path, i) => [path.text, combination[i]]));
    if (issues.length > 0) {
      rejected.push(`${show(values)}: ${formatPath(issues[0].path)}: ${issueText(issues[0])}`);
      return;
    }
    const params = swept.definition.params.parse(entry.params);
    const index = trials.length;
    trials.push({
      index,
      values,
      seed: deriveSeed(config.seed, index),
      entry,
      warmupBars: swept.definition.warmupBars(params),
      trainsNetwork: swept.definition.trainsNetwork?.(params) ?? false,
    });
  });
  if (rejected.length > 0) {
    const shown = rejected.slice(0, 3).map((line) => `\n  ${line}`).join('');
    report(
      sweep.grid ? ['sweep', 'grid'] : ['sweep', 'random'],
      `${rejected.length} of ${combinations.length} combinations are invalid for ${swept.entry.type}; exclude them with a constraint:${shown}${rejected.length > 3 ? '\n  ...' : ''}`,
    );
  }
  fail();

  const references: ReferenceStrategy[] = loaded.strategies
    .filter((s) => s !== swept)
    .map((s) => ({ ...s, isBenchmark: s.entry.name === config.benchmark, warmupBars: s.definition.warmupBars(s.params) }));
  // The WFO chart compares with buy-and-hold, whatever else the config lists.
  if (!references.some((s) => s.entry.type === 'buy-and-hold')) {
    const name = names.includes('buy-and-hold') ? 'buy-and-hold (reference)' : 'buy-and-hold';
    references.push({ ...buyAndHoldStrategy(name), isBenchmark: config.benchmark === 'buy-and-hold', warmupBars: 0 });
  }

  const pathTexts = paths.map((p) => p.text);
  return {
    strategy: { name: swept.entry.name, type: swept.entry.type },
    paths: pathTexts,
    method,
    constraints: sweep.constraints,
    objective: { key: sweep.objective, direction: sweep.direction ?? defaultDirection(sweep.objective) },
    wfo: sweep.wfo,
    cscv: sweep.cscv,
    heatmap: sweep.heatmap ?? (pathTexts.length >= 2 ? [pathTexts[0], pathTexts[1]] : null),
    trials,
    references,
  };
}
