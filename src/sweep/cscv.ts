import { mean, returnSums, type ReturnSums } from '../metrics/returns.ts';

/**
 * The probability of backtest overfitting by combinatorially symmetric cross-validation (Bailey,
 * Borwein, Lopez de Prado & Zhu 2015, "The Probability of Backtest Overfitting"). The T x N matrix
 * of the trials' period returns is cut into S row blocks; for every choice of S/2 blocks as the
 * in-sample set (the rest out of sample) the trial with the best in-sample statistic is found and
 * its out-of-sample rank among all N trials taken as a relative rank w in (0, 1) and its logit
 * ln(w / (1 - w)). PBO is the share of splits whose in-sample best ranks at or below the
 * out-of-sample median (logit <= 0): near 0.5 when the trials differ only by luck, near 0 when one
 * is truly better.
 */
export interface CscvResult {
  pbo: number;
  /** S: blocks the returns are cut into. */
  partitions: number;
  /** C(S, S/2): every split into in-sample and out-of-sample halves. */
  splits: number;
  trials: number;
  /** Period returns per trial (T). */
  observations: number;
  /** Distinct logits of the in-sample best's out-of-sample relative rank, ascending, with how many splits gave each. */
  logits: Array<{ logit: number; splits: number }>;
  /** Share of splits where the in-sample best lost money out of sample (its returns there compound below 1). */
  probabilityOfLoss: number;
  /** Mean statistic of the in-sample best, in sample and out of sample (the gap is the selection's optimism). */
  meanInSample: number;
  meanOutOfSample: number;
}

/** Sums of two parts with the same center: the sums of both together. */
function addInto(target: ReturnSums, part: ReturnSums): void {
  target.count += part.count;
  target.sumDeviations += part.sumDeviations;
  target.sumSquaredDeviations += part.sumSquaredDeviations;
  target.sumLog1p += part.sumLog1p;
  target.wipeouts += part.wipeouts;
}

function subtract(whole: ReturnSums, part: ReturnSums, out: ReturnSums): void {
  out.center = whole.center;
  out.count = whole.count - part.count;
  out.sumDeviations = whole.sumDeviations - part.sumDeviations;
  out.sumSquaredDeviations = whole.sumSquaredDeviations - part.sumSquaredDeviations;
  out.sumLog1p = whole.sumLog1p - part.sumLog1p;
  out.wipeouts = whole.wipeouts - part.wipeouts;
}

/** The part's returns compound to less than they started with (or wipe the account out). */
const lostMoney = (sums: ReturnSums) => sums.wipeouts > 0 || sums.sumLog1p < 0;

/** Every subset of `size` of 0..n-1, as bit masks, in increasing order. */
export function combinationMasks(n: number, size: number): number[] {
  const masks: number[] = [];
  for (let mask = 0; mask < 1 << n; mask++) {
    let bits = 0;
    for (let m = mask; m; m &= m - 1) bits++;
    if (bits === size) masks.push(mask);
  }
  return masks;
}

/**
 * CSCV over the trials' return series (all of equal length T, aligned by date). `statistic` is
 * the performance measure, larger is better, computed from a part's additive return sums (a
 * Sharpe ratio, an annualized return): the in-sample half's sums are added up from its blocks and
 * the out-of-sample half's are the rest, so a split costs N x S/2 additions. A NaN statistic (a
 * trial that never moved in that half) ranks below every number.
 */
export function cscv(returnsByTrial: readonly Float64Array[], partitions: number, statistic: (sums: ReturnSums) => number): CscvResult {
  const trials = returnsByTrial.length;
  const observations = trials > 0 ? returnsByTrial[0].length : 0;
  if (trials < 2) throw new RangeError(`cscv: needs at least 2 trials, got ${trials}`);
  if (partitions < 2 || partitions % 2 !== 0 || partitions > 24) throw new RangeError(`cscv: partitions must be even, 2..24, got ${partitions}`);
  if (observations < partitions) throw new RangeError(`cscv: ${observations} returns cannot be cut into ${partitions} blocks`);
  if (returnsByTrial.some((returns) => returns.length !== observations)) throw new RangeError('cscv: every trial needs the same number of returns');

  const bounds = Array.from({ length: partitions + 1 }, (_, b) => Math.floor((b * observations) / partitions));
  const blocks: ReturnSums[][] = [];
  const totals: ReturnSums[] = [];
  for (const returns of returnsByTrial) {
    // One center per trial (its mean), so the blocks' sums add up exactly to any union of blocks.
    const center = mean(returns);
    const own = bounds.slice(0, -1).map((from, b) => returnSums(returns.subarray(from, bounds[b + 1]), center));
    blocks.push(own);
    const total: ReturnSums = { count: 0, center: own[0].center, sumDeviations: 0, sumSquaredDeviations: 0, sumLog1p: 0, wipeouts: 0 };
    for (const block of own) addInto(total, block);
    totals.push(total);
  }

  // Splits come in pairs, a half and its complement, whose statistics are the same two numbers
  // with in and out of sample swapped: compute them once, for the halves holding block 0.
  const masks = combinationMasks(partitions, partitions / 2).filter((mask) => mask & 1);
  const first = new Float64Array(trials);
  const second = new Float64Array(trials);
  const firstLoss = new Uint8Array(trials);
  const secondLoss = new Uint8Array(trials);
  const half: ReturnSums = { count: 0, center: 0, sumDeviations: 0, sumSquaredDeviations: 0, sumLog1p: 0, wipeouts: 0 };
  const rest: ReturnSums = { count: 0, center: 0, sumDeviations: 0, sumSquaredDeviations: 0, sumLog1p: 0, wipeouts: 0 };
  const logitCounts = new Map<number, number>();
  let overfit = 0;
  let losses = 0;
  const inSampleOfBest: number[] = [];
  const outOfSampleOfBest: number[] = [];
  const orderable = (value: number) => (Number.isNaN(value) ? -Infinity : value);
  /** One split: the in-sample best, its out-of-sample rank among all trials. */
  const split = (inSample: Float64Array, outOfSample: Float64Array, outOfSampleLoss: Uint8Array) => {
    let best = 0;
    for (let n = 1; n < trials; n++) if (inSample[n] > inSample[best]) best = n;
    let below = 0;
    let ties = 0;
    for (let n = 0; n < trials; n++) {
      if (n === best) continue;
      if (outOfSample[n] < outOfSample[best]) below++;
      else if (outOfSample[n] === outOfSample[best]) ties++;
    }
    // Relative rank in (0, 1): rank 1 (worst) .. N (best), ties at their average rank.
    const relativeRank = (below + 1 + ties / 2) / (trials + 1);
    const logit = Math.log(relativeRank / (1 - relativeRank));
    logitCounts.set(logit, (logitCounts.get(logit) ?? 0) + 1);
    if (logit <= 0) overfit++;
    if (outOfSampleLoss[best]) losses++;
    if (Number.isFinite(inSample[best])) inSampleOfBest.push(inSample[best]);
    if (Number.isFinite(outOfSample[best])) outOfSampleOfBest.push(outOfSample[best]);
  };
  for (const mask of masks) {
    for (let n = 0; n < trials; n++) {
      half.center = totals[n].center;
      half.count = 0;
      half.sumDeviations = 0;
      half.sumSquaredDeviations = 0;
      half.sumLog1p = 0;
      half.wipeouts = 0;
      for (let b = 0; b < partitions; b++) if (mask & (1 << b)) addInto(half, blocks[n][b]);
      subtract(totals[n], half, rest);
      first[n] = orderable(statistic(half));
      second[n] = orderable(statistic(rest));
      firstLoss[n] = lostMoney(half) ? 1 : 0;
      secondLoss[n] = lostMoney(rest) ? 1 : 0;
    }
    split(first, second, secondLoss);
    split(second, first, firstLoss);
  }
  const splits = 2 * masks.length;
  return {
    pbo: overfit / splits,
    partitions,
    splits,
    trials,
    observations,
    logits: [...logitCounts].sort(([a], [b]) => a - b).map(([logit, count]) => ({ logit, splits: count })),
    probabilityOfLoss: losses / splits,
    meanInSample: mean(inSampleOfBest),
    meanOutOfSample: mean(outOfSampleOfBest),
  };
}
