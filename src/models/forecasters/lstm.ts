import { recurrentForecaster, recurrentSchema } from './recurrent.ts';

/** Stacked LSTM layers (the seeds' LSTM(50) -> Dropout(0.2) -> LSTM(50) -> Dense(1) is `layers: [50, 50], dropout: 0.2`). */
export const lstm = recurrentForecaster('lstm', 'stacked LSTM layers, Dense head', recurrentSchema('lstm'), () => 'lstm');
