/** What to do at the next open to go from the position held to the target. */
export type SignalAction = 'BUY' | 'SELL' | 'SHORT' | 'COVER' | 'HOLD';

/**
 * The action from `previous` (the position after the previous bar) to `target` (NaN = no decision
 * = flat): HOLD when unchanged; going up is BUY when it ends long, else COVER (a short bought
 * back, in part or whole); going down is SHORT when it ends short, else SELL.
 */
export function signalAction(previous: number, target: number): SignalAction {
  const from = Number.isFinite(previous) ? previous : 0;
  const to = Number.isFinite(target) ? target : 0;
  if (to === from) return 'HOLD';
  if (to > from) return to > 0 ? 'BUY' : 'COVER';
  return to < 0 ? 'SHORT' : 'SELL';
}
