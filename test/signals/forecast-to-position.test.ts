import { describe, expect, it } from 'vitest';
import { forecastsToPositions } from '../../src/signals/forecast-to-position.ts';
import { signalConfigSchema } from '../../src/signals/signal-config.ts';

const signal = (input: Record<string, unknown>) => signalConfigSchema.parse(input);
const forecasts = [NaN, 0.002, 0.0005, -0.0005, -0.002, 0.0005, NaN, 0.002];

describe('forecastsToPositions', () => {
  it('threshold, long-short: long above +t, short below -t, flat between; NaN stays NaN', () => {
    const positions = forecastsToPositions(forecasts, signal({ threshold: 0.001 }), 'long-short');
    expect(Array.from(positions)).toEqual([NaN, 1, 0, 0, -1, 0, NaN, 1]);
  });
  it('threshold, long-only: never short', () => {
    const positions = forecastsToPositions(forecasts, signal({ threshold: 0.001 }), 'long-only');
    expect(Array.from(positions)).toEqual([NaN, 1, 0, 0, 0, 0, NaN, 1]);
  });
  it('threshold 0 follows the sign of the forecast', () => {
    expect(Array.from(forecastsToPositions([0.1, -0.1, 0], signal({}), 'long-short'))).toEqual([1, -1, 0]);
  });
  it('hysteresis holds a position until the forecast crosses the exit level', () => {
    const positions = forecastsToPositions(
      [0.002, 0.0005, -0.0002, -0.002, -0.0005, 0.0002, 0.0015],
      signal({ type: 'hysteresis', threshold: 0.001, exit: 0 }),
      'long-short',
    );
    expect(Array.from(positions)).toEqual([1, 1, 0, -1, -1, 0, 1]);
  });
  it('hysteresis flips directly when the forecast jumps past the opposite entry', () => {
    const positions = forecastsToPositions([0.002, -0.002], signal({ type: 'hysteresis', threshold: 0.001 }), 'long-short');
    expect(Array.from(positions)).toEqual([1, -1]);
  });
  it('minConfidence: flat unless |forecast| / scale reaches it', () => {
    const positions = forecastsToPositions([0.002, 0.02, -0.02], signal({ minConfidence: 0.5 }), 'long-short', [0.01, 0.01, 0.01]);
    expect(Array.from(positions)).toEqual([0, 1, -1]);
  });
});
