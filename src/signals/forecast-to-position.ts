import type { PositionMode } from '../core/position-mode.ts';
import type { SignalConfig } from './signal-config.ts';

/**
 * Target positions from forecasts: position[t] is decided from forecast[t] (made at bar t's close)
 * and filled by the broker at bar t+1's open. NaN forecasts (no fold covered the bar) give NaN
 * (flat) and reset hysteresis. `confidenceScale[t]`, when given, is the standard deviation the
 * minConfidence gate divides by. Pure.
 */
export function forecastsToPositions(
  forecasts: ArrayLike<number>,
  signal: SignalConfig,
  mode: PositionMode,
  confidenceScale?: ArrayLike<number>,
): Float64Array {
  const n = forecasts.length;
  const positions = new Float64Array(n).fill(Number.NaN);
  const short = mode === 'long-short' ? -1 : 0;
  const enter = signal.threshold;
  const exit = signal.exit ?? 0;
  let held = 0;
  for (let t = 0; t < n; t++) {
    const f = forecasts[t];
    if (!Number.isFinite(f)) {
      held = 0;
      continue;
    }
    if (signal.minConfidence !== undefined) {
      const scale = confidenceScale?.[t] ?? Number.NaN;
      const confidence = Number.isFinite(scale) && scale > 0 ? Math.abs(f) / scale : 0;
      if (confidence < signal.minConfidence) {
        held = 0;
        positions[t] = 0;
        continue;
      }
    }
    if (signal.type === 'threshold') {
      held = f > enter ? 1 : f < -enter ? short : 0;
    } else if (held === 1) {
      if (f < exit) held = f < -enter ? short : 0;
    } else if (held === -1) {
      if (f > -exit) held = f > enter ? 1 : 0;
    } else {
      held = f > enter ? 1 : f < -enter ? short : 0;
    }
    positions[t] = held;
  }
  return positions;
}
