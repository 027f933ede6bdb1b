import type { StrategyDefinition } from './types.ts';

/**
 * Declare a strategy type, typed end to end: `params` is a zod schema, and `warmupBars`,
 * `checkBars` and `create` receive what it parses to. It returns the definition itself (checked
 * for shape, so a mistake shows where it is made, not at the first run): the same object a
 * built-in strategy in strategies/ is, and what a user's strategy file exports as its default.
 */
export function defineStrategy<P>(definition: StrategyDefinition<P>): StrategyDefinition<P> {
  const problems = strategyDefinitionProblems(definition);
  if (problems.length > 0) throw new TypeError(`defineStrategy: ${problems.join('; ')}`);
  return definition;
}

/** True when `value` has the shape of a strategy definition (strategyDefinitionProblems finds nothing). */
export function isStrategyDefinition(value: unknown): value is StrategyDefinition {
  return strategyDefinitionProblems(value).length === 0;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * What is wrong with `value` as a strategy definition, one phrase each (empty when nothing).
 * Structural on purpose: a user's file may import `defineStrategy` (and zod) from another copy of
 * walkforward than the one running it, so no identity (instanceof, a private symbol) is relied on.
 */
export function strategyDefinitionProblems(value: unknown): string[] {
  if (!isRecord(value)) return [`expected an object made with defineStrategy, got ${value === null ? 'null' : typeof value}`];
  const problems: string[] = [];
  if (typeof value.type !== 'string' || value.type.trim() === '') problems.push('type: expected a non-empty string');
  if (typeof value.description !== 'string') problems.push('description: expected a string');
  if (!isRecord(value.params) || typeof value.params.safeParse !== 'function') problems.push('params: expected a zod schema (z.object({...}))');
  if (typeof value.warmupBars !== 'function') problems.push('warmupBars: expected a function (params) => number of bars before the first decision');
  if (value.checkBars !== undefined && typeof value.checkBars !== 'function') problems.push('checkBars: expected a function or nothing');
  if (typeof value.create !== 'function') problems.push('create: expected a function (params, context) => ({ run(bars) })');
  return problems;
}
