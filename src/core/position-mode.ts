/** Whether a strategy may hold short positions. */
export type PositionMode = 'long-only' | 'long-short';

/** The target a strategy output means under a mode: NaN -> flat, clamped to [-1, 1], shorts -> flat if long-only. */
export function effectiveTarget(target: number, mode: PositionMode): number {
  if (!Number.isFinite(target)) return 0;
  const clamped = Math.max(-1, Math.min(1, target));
  return mode === 'long-only' ? Math.max(0, clamped) : clamped;
}
