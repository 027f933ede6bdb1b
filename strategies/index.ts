import { buyAndHold } from './buy-and-hold.ts';
import { lstmForecast } from './lstm-forecast.ts';
import { rsiReversion } from './rsi-reversion.ts';
import { smaCrossover } from './sma-crossover.ts';
import type { StrategyDefinition } from '../src/strategy/types.ts';

/** Every strategy type a config may name. A new strategy is one file plus one line here. */
const definitions: StrategyDefinition[] = [buyAndHold, smaCrossover, rsiReversion, lstmForecast];

export const strategyRegistry: ReadonlyMap<string, StrategyDefinition> = new Map(
  definitions.map((definition) => [definition.type, definition]),
);
