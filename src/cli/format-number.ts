/**
 * A number for the terminal, with `digits` decimals and an optional unit suffix; `n/a` when there
 * is no number (null in a results.json, NaN such as the Sharpe ratio of a strategy that never
 * trades, or an infinity). Every command prints its figures through this.
 */
export function formatNumber(value: number | null | undefined, digits: number, suffix = ''): string {
  return typeof value === 'number' && Number.isFinite(value) ? `${value.toFixed(digits)}${suffix}` : 'n/a';
}
