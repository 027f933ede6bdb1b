import { buyAndHold } from './buy-and-hold.ts';
import { forecast } from './forecast.ts';
import { rsiReversion } from './rsi-reversion.ts';
import { smaCrossover } from './sma-crossover.ts';
import type { StrategyDefinition } from '../src/strategy/types.ts';

/** Every strategy type a config may name (and its aliases). A new strategy is one file plus one line here. */
const definitions: StrategyDefinition[] = [buyAndHold, smaCrossover, rsiReversion, forecast];

export const strategyRegistry: ReadonlyMap<string, StrategyDefinition> = new Map(
  definitions.flatMap((definition) => [definition.type, ...(definition.aliases ?? [])].map((name) => [name, definition] as const)),
);
