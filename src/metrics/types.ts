/** Risk and trade metrics of one equity curve, backtesting.py's conventions (see README). */
export interface Metrics {
  start: string;
  end: string;
  /** Calendar days from the first to the last bar measured (fractional between intraday stamps). */
  durationDays: number;
  exposurePct: number;
  finalEquity: number;
  peakEquity: number;
  totalReturnPct: number;
  buyHoldReturnPct: number;
  annualReturnPct: number;
  cagrPct: number;
  volatilityPct: number;
  sharpe: number;
  sortino: number;
  calmar: number;
  maxDrawdownPct: number;
  avgDrawdownPct: number;
  maxDrawdownDurationBars: number;
  avgDrawdownDurationBars: number;
  /** Closed trades only. */
  trades: number;
  winRatePct: number;
  bestTradePct: number;
  worstTradePct: number;
  avgTradePct: number;
  maxTradeDurationBars: number;
  avgTradeDurationBars: number;
  profitFactor: number;
  expectancyPct: number;
  sqn: number;
  commissionsPaid: number;
}
