// Annualized risk and reward figures. Each Sharpe ratio is named for its formula.
// Each takes the returns' additive sums (returns.ts), so the bootstrap can score resamples from
// block sums with the very same formulas; the array versions below are for everyone else.
import { geometricMeanOf, meanOf, returnSums, varianceOf, type ReturnSums } from './returns.ts';

/** Return (Ann.) = (1 + geometric mean period return)^periodsPerYear - 1. */
export function annualizedReturnOf(sums: ReturnSums, periodsPerYear: number): number {
  return (1 + geometricMeanOf(sums)) ** periodsPerYear - 1;
}

/**
 * Volatility (Ann.) as backtesting.py computes it: the standard deviation of the compounded
 * annual return, sqrt((var + (1 + g)^2)^P - (1 + g)^(2P)), g the geometric mean.
 */
export function annualizedVolatilityOf(sums: ReturnSums, periodsPerYear: number): number {
  const g = geometricMeanOf(sums);
  const variance = varianceOf(sums);
  if (!Number.isFinite(variance)) return NaN;
  const value = (variance + (1 + g) ** 2) ** periodsPerYear - (1 + g) ** (2 * periodsPerYear);
  return Math.sqrt(Math.max(0, value));
}

/**
 * backtesting.py's Sharpe ratio: (Return (Ann.) - rf) / Volatility (Ann.), both from the
 * geometric mean. The metrics table shows this one.
 */
export function annualizedGeometricSharpeOf(sums: ReturnSums, periodsPerYear: number, riskFreeRate = 0): number {
  return (annualizedReturnOf(sums, periodsPerYear) - riskFreeRate) / annualizedVolatilityOf(sums, periodsPerYear);
}

/**
 * mean(r - rf) / sd(r), per period, not annualized (sd with ddof 1): the ratio the probabilistic
 * and deflated Sharpe ratios test. NaN when the returns do not vary.
 */
export function perPeriodSharpeOf(sums: ReturnSums, riskFreePerPeriod = 0): number {
  const sd = Math.sqrt(varianceOf(sums));
  return sd > 0 ? (meanOf(sums) - riskFreePerPeriod) / sd : NaN;
}

/** perPeriodSharpe x sqrt(periodsPerYear): the arithmetic annualization most papers use. */
export function annualizedArithmeticSharpeOf(sums: ReturnSums, periodsPerYear: number, riskFreePerPeriod = 0): number {
  return perPeriodSharpeOf(sums, riskFreePerPeriod) * Math.sqrt(periodsPerYear);
}

export const annualizedReturn = (returns: ArrayLike<number>, periodsPerYear: number) => annualizedReturnOf(returnSums(returns), periodsPerYear);
export const annualizedVolatility = (returns: ArrayLike<number>, periodsPerYear: number) => annualizedVolatilityOf(returnSums(returns), periodsPerYear);
export const annualizedGeometricSharpe = (returns: ArrayLike<number>, periodsPerYear: number, riskFreeRate = 0) =>
  annualizedGeometricSharpeOf(returnSums(returns), periodsPerYear, riskFreeRate);
export const perPeriodSharpe = (returns: ArrayLike<number>, riskFreePerPeriod = 0) => perPeriodSharpeOf(returnSums(returns), riskFreePerPeriod);
export const annualizedArithmeticSharpe = (returns: ArrayLike<number>, periodsPerYear: number, riskFreePerPeriod = 0) =>
  annualizedArithmeticSharpeOf(returnSums(returns), periodsPerYear, riskFreePerPeriod);

/** Sortino = (Return (Ann.) - rf) / (sqrt(mean(min(r, 0)^2)) x sqrt(periodsPerYear)). */
export function sortinoRatio(returns: ArrayLike<number>, periodsPerYear: number, riskFreeRate = 0): number {
  if (returns.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < returns.length; i++) sum += Math.min(returns[i], 0) ** 2;
  const downside = Math.sqrt(sum / returns.length) * Math.sqrt(periodsPerYear);
  return (annualizedReturn(returns, periodsPerYear) - riskFreeRate) / downside;
}

/** Calmar = Return (Ann.) / |max drawdown| (drawdown as a fraction, either sign). */
export function calmarRatio(annualReturn: number, maxDrawdown: number): number {
  return maxDrawdown === 0 ? NaN : annualReturn / Math.abs(maxDrawdown);
}

/** CAGR from calendar time: (final / initial)^(365.25 / days) - 1. */
export function compoundAnnualGrowthRate(initial: number, final: number, calendarDays: number): number {
  if (calendarDays <= 0 || initial <= 0) return NaN;
  if (final <= 0) return -1;
  return (final / initial) ** (365.25 / calendarDays) - 1;
}
