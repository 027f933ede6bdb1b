import path from 'node:path';
import { UserError } from '../core/errors.ts';
import type { Bar } from '../data/bar.ts';
import { isForecasterDefinition } from '../models/define-forecaster.ts';
import { isStrategyDefinition, strategyDefinitionProblems } from '../strategy/define-strategy.ts';
import type { StrategyDefinition, StrategyOutput } from '../strategy/types.ts';
import { importUserModule } from './import-user-module.ts';

/**
 * A user's strategy file: its default export, checked to be a strategy definition (made with
 * defineStrategy). Every problem is a UserError naming the file (`shownAs`), including a throw
 * from the user's code later, while it runs (see guardStrategy).
 */
export async function loadStrategyPlugin(file: string, shownAs = file): Promise<StrategyDefinition> {
  const namespace = await importUserModule(file, shownAs);
  const definition = namespace.default;
  if (definition === undefined) {
    const named = Object.keys(namespace).filter((key) => key !== 'default');
    const hint = named.length > 0 ? ` (it exports ${named.join(', ')}; write \`export default defineStrategy({...})\`)` : ' (write `export default defineStrategy({...})`)';
    throw new UserError(`${shownAs}: no default export${hint}`);
  }
  if (isForecasterDefinition(definition)) {
    throw new UserError(`${shownAs}: exports a forecaster (defineForecaster), not a strategy: name it as a forecasting strategy's model, \`type: forecast\` with \`model: { type: ${shownAs} }\``);
  }
  if (!isStrategyDefinition(definition)) {
    throw new UserError(`${shownAs}: default export is not a strategy definition: ${strategyDefinitionProblems(definition).join('; ')}`);
  }
  return guardStrategy(definition, path.resolve(file), shownAs);
}

/**
 * The definition with every call into the user's code guarded: a throw becomes a UserError naming
 * the file, the function and the line in it, and `run` must give one target per bar (a plain
 * array of numbers is taken as well). The user sees their mistake, not our stack.
 */
export function guardStrategy<P>(definition: StrategyDefinition<P>, file: string, shownAs: string): StrategyDefinition<P> {
  const fail = (what: string, error: unknown): UserError => {
    const message = error instanceof Error ? error.message : String(error);
    const line = error instanceof Error ? userFrame(error, file) : undefined;
    return new UserError(`${shownAs}: ${what} threw: ${message}${line ? ` (at ${shownAs}:${line})` : ''}`, { cause: error });
  };
  const guard =
    <A extends unknown[], R>(what: string, fn: (...args: A) => R) =>
    (...args: A): R => {
      try {
        return fn(...args);
      } catch (error) {
        throw fail(what, error);
      }
    };
  const { checkBars } = definition;
  return {
    ...definition,
    warmupBars: guard('warmupBars', definition.warmupBars),
    ...(checkBars ? { checkBars: guard('checkBars', checkBars) } : {}),
    create: (params, context) => {
      const strategy = guard('create', definition.create)(params, context);
      if (typeof strategy?.run !== 'function') throw new UserError(`${shownAs}: create must return an object with a run(bars) method`);
      return {
        async run(bars: readonly Bar[]): Promise<StrategyOutput> {
          let output: StrategyOutput;
          try {
            output = await strategy.run(bars);
          } catch (error) {
            throw fail('run', error);
          }
          return checkedOutput(output, bars.length, shownAs);
        },
      };
    },
  };
}

/**
 * The output with targetPositions a Float64Array of one entry per bar, or a UserError saying what
 * is wrong: the type promises it, but a JavaScript plug-in can return anything.
 */
function checkedOutput(output: StrategyOutput, barCount: number, shownAs: string): StrategyOutput {
  const targets: unknown = output?.targetPositions;
  const isNumbers = targets instanceof Float64Array || (Array.isArray(targets) && targets.every((value) => typeof value === 'number'));
  if (!isNumbers) throw new UserError(`${shownAs}: run must return { targetPositions } with one number per bar (a Float64Array)`);
  const positions = targets instanceof Float64Array ? targets : Float64Array.from(targets);
  if (positions.length !== barCount) {
    throw new UserError(`${shownAs}: run returned ${positions.length} target positions for ${barCount} bars (one per bar; NaN before the first decision)`);
  }
  return { ...output, targetPositions: positions };
}

/** `line:col` of the innermost stack frame in the user's file (tsx maps it back to the TypeScript source). */
function userFrame(error: Error, file: string): string | undefined {
  const fileUrl = new URL(`file://${file}`).href;
  for (const line of (error.stack ?? '').split('\n')) {
    const match = /\(?((?:file:\/\/)?[^()\s]+?)(?:\?[^:()\s]*)?:(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (match && (match[1] === file || match[1] === fileUrl)) return `${match[2]}:${match[3]}`;
  }
  return undefined;
}
