import { mulberry32 } from '../core/seeded-random.ts';
import type { ParameterRange } from './sweep-schema.ts';

/** One swept path's values: a list, or (random search) a numeric range. */
export type Domain = { kind: 'list'; values: readonly unknown[] } | { kind: 'range'; range: ParameterRange };

/** Values of one trial, one per swept path, in path order. */
export type Combination = unknown[];

/** Every combination of the lists, the first path varying slowest (nested loops in config order). */
export function gridCombinations(lists: ReadonlyArray<readonly unknown[]>): Combination[] {
  let combinations: Combination[] = [[]];
  for (const values of lists) combinations = combinations.flatMap((prefix) => values.map((value) => [...prefix, value]));
  return combinations;
}

/** The number of grid combinations, without building them (a guard against huge grids). */
export function gridSize(lists: ReadonlyArray<readonly unknown[]>): number {
  return lists.reduce((size, values) => size * values.length, 1);
}

/** One draw from a domain. Ranges on a lattice keep whole numbers whole (min and step integral). */
export function drawValue(domain: Domain, random: () => number): unknown {
  if (domain.kind === 'list') return domain.values[Math.floor(random() * domain.values.length)];
  const value = drawFromRange(domain.range, random);
  return domain.range.integer ? Math.min(Math.floor(domain.range.max), Math.max(Math.ceil(domain.range.min), Math.round(value))) : value;
}

function drawFromRange(range: ParameterRange, random: () => number): number {
  const { min, max, step, log } = range;
  if (log) return Math.exp(Math.log(min) + random() * (Math.log(max) - Math.log(min)));
  if (step !== undefined) {
    const steps = Math.floor((max - min) / step + 1e-9);
    const k = Math.floor(random() * (steps + 1));
    // Rounded to the step's decimals: 0.1 + 3 * 0.1 is 0.4, not 0.4000000000000001.
    const decimals = Math.min(15, (String(step).split('.')[1] ?? '').length + (String(min).split('.')[1] ?? '').length);
    return Number((min + k * step).toFixed(decimals));
  }
  return min + random() * (max - min);
}

export interface RandomDrawResult {
  combinations: Combination[];
  /** Draws made (accepted, rejected by `accept`, and repeats). */
  draws: number;
}

/**
 * `count` distinct combinations drawn from the domains with a seeded generator, each accepted by
 * `accept` (the constraints). Stops after `maxDraws` draws with what it has.
 */
export function randomCombinations(
  domains: readonly Domain[],
  count: number,
  seed: number,
  accept: (combination: Combination) => boolean,
  maxDraws = Math.max(1000, 200 * count),
): RandomDrawResult {
  const random = mulberry32(seed);
  const seen = new Set<string>();
  const combinations: Combination[] = [];
  let draws = 0;
  while (combinations.length < count && draws < maxDraws) {
    draws++;
    const combination = domains.map((domain) => drawValue(domain, random));
    const key = JSON.stringify(combination);
    if (seen.has(key)) continue;
    seen.add(key);
    if (accept(combination)) combinations.push(combination);
  }
  return { combinations, draws };
}
