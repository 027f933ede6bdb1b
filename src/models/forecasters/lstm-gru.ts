import { recurrentForecaster, recurrentSchema } from './recurrent.ts';

/** An LSTM layer first, GRU layers after it (at least one of each). */
export const lstmGru = recurrentForecaster(
  'lstm-gru',
  'an LSTM layer, then GRU layers, Dense head',
  recurrentSchema('lstm-gru').superRefine((p, ctx) => {
    if (p.layers.length < 2) ctx.addIssue({ code: 'custom', path: ['layers'], message: 'lstm-gru needs at least 2 layers (LSTM first, then GRU)' });
  }),
  (layerIndex) => (layerIndex === 0 ? 'lstm' : 'gru'),
);
