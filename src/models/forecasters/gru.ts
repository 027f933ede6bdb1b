import { recurrentForecaster, recurrentSchema } from './recurrent.ts';

/** Stacked GRU layers, Dense head. */
export const gru = recurrentForecaster('gru', 'stacked GRU layers, Dense head', recurrentSchema('gru'), () => 'gru');
