import type { InputWarning } from '../core/warnings.ts';
import type { Bar } from '../data/bar.ts';
import { sharpeSignificance } from '../metrics/statistics.ts';
import { perPeriodRate, returnMoments, sampleVariance, type ReturnSums } from '../metrics/returns.ts';
import { annualizedReturnOf, annualizedVolatilityOf, perPeriodSharpe, perPeriodSharpeOf } from '../metrics/risk-ratios.ts';
import { firstDecisionBar, windowOf, type EvaluationWindow } from '../run/evaluation-window.ts';
import { measureOverWindow } from '../run/measure.ts';
import type { Conventions } from '../run/results.ts';
import { cscv } from './cscv.ts';
import { measureTrial, trackRecordMetrics, type MeasuredTrial } from './measure-trial.ts';
import { rankOrder, score, type Objective } from './objective.ts';
import { coordinatesOf, heatmapOf, neighboursOf, parameterAxes, parameterProfiles, summarizeNeighbours } from './parameter-stability.ts';
import type { ReferenceStrategy, SweepDefinition, TrialSpec } from './plan-sweep.ts';
import type { EquityLine, PboResult, ReferenceResult, SelectionStatistics, SweepResults, SweepTrialResult, WfoResult } from './sweep-results.ts';
import { fromJsonNumbers, type TrialDecision } from './trial-job.ts';
import { chooseTrials, planRefits, stitchTargets } from './walk-forward-selection.ts';

export interface SweepAnalysisInput {
  bars: readonly Bar[];
  window: EvaluationWindow;
  conventions: Conventions;
  definition: SweepDefinition;
  /** Every trial with its decisions, in trial order (and its measurement, when already made). */
  trials: ReadonlyArray<{ spec: TrialSpec; decision: TrialDecision; measured?: MeasuredTrial }>;
  references: ReadonlyArray<{ reference: ReferenceStrategy; decision: TrialDecision }>;
}

export type SweepAnalysis = Pick<SweepResults, 'trials' | 'ranking' | 'selection' | 'pbo' | 'wfo' | 'references' | 'stability' | 'warnings'>;

/** Returns per block of the window cut this many ways, at least, for a PBO worth reporting. */
const MIN_RETURNS_PER_BLOCK = 4;

/**
 * The statistic CSCV ranks each half by: the paper's Sharpe ratio (mean / sd of the half's
 * period returns) for a Sharpe-type objective, the annual return for a return objective (over
 * halves of equal length every one of them orders trials as the geometric mean does), the
 * volatility for volatility; any other objective depends on the order of returns, which CSCV's
 * recombined halves do not keep, so those are ranked by the Sharpe ratio too, and the report says so.
 */
function cscvStatistic(objective: Objective, conventions: Conventions): { name: string; note: string | null; statistic: (sums: ReturnSums) => number } {
  const { periodsPerYear } = conventions;
  const riskFreePerPeriod = perPeriodRate(conventions.riskFreeRate, periodsPerYear);
  const sign = objective.direction === 'maximize' ? 1 : -1;
  const sharpe = (sums: ReturnSums) => perPeriodSharpeOf(sums, riskFreePerPeriod);
  switch (objective.key) {
    case 'sharpe':
    case 'sortino':
      return { name: 'Sharpe ratio (per period)', note: null, statistic: (sums) => sign * sharpe(sums) };
    case 'annualReturnPct':
    case 'cagrPct':
    case 'totalReturnPct':
    case 'finalEquity':
      return { name: 'annual return', note: null, statistic: (sums) => sign * annualizedReturnOf(sums, periodsPerYear) };
    case 'volatilityPct':
      return { name: 'volatility', note: null, statistic: (sums) => sign * annualizedVolatilityOf(sums, periodsPerYear) };
    default:
      return {
        name: 'Sharpe ratio (per period)',
        note: `${objective.key} depends on the order of returns, which CSCV's recombined halves do not keep, so CSCV ranks trials by the Sharpe ratio`,
        statistic: sharpe,
      };
  }
}

function equityLine(measured: { equity: ReadonlyArray<{ date: string; equity: number }> }): EquityLine {
  return { date: measured.equity.map((p) => p.date), equity: measured.equity.map((p) => p.equity) };
}

/**
 * Everything a sweep reports, from its trials' decisions: each trial measured over the common
 * window and ranked; the deflated Sharpe ratio of the best; the PBO by CSCV; walk-forward
 * optimization beside the best-in-hindsight trial and buy-and-hold; neighbours, profiles and
 * heatmaps. Pure: the same decisions give the same analysis, however and wherever they ran.
 */
export function analyzeSweep(input: SweepAnalysisInput): SweepAnalysis {
  const { bars, window, conventions, definition } = input;
  const { objective } = definition;
  const measured: MeasuredTrial[] = input.trials.map((trial) => trial.measured ?? measureTrial(bars, trial.decision, conventions, trial.spec.entry, window));
  const objectiveValues = measured.map((m) => m.metrics[objective.key]);
  const ranking = rankOrder(objective, objectiveValues);
  const rankOf = new Array<number>(ranking.length);
  ranking.forEach((trial, position) => (rankOf[trial] = position + 1));

  // Deflated Sharpe ratio of the best trial, deflated by the number of trials and the spread of their Sharpe ratios.
  const riskFreePerPeriod = perPeriodRate(conventions.riskFreeRate, conventions.periodsPerYear);
  const sharpes = measured.map((m) => perPeriodSharpe(m.returns, riskFreePerPeriod));
  const best = ranking[0];
  const moments = returnMoments(measured[best].returns);
  const sharpeVarianceAcrossTrials = sampleVariance(sharpes.filter(Number.isFinite));
  const selection: SelectionStatistics = {
    trial: best,
    ...sharpeSignificance({ sharpePerPeriod: sharpes[best], moments, trials: input.trials.length, sharpeVarianceAcrossTrials, periodsPerYear: conventions.periodsPerYear }),
  };

  // Probability of backtest overfitting.
  const returnCount = measured[0].returns.length;
  const partitions = definition.cscv.partitions;
  let pbo: PboResult;
  if (input.trials.length < 2) pbo = { available: false, reason: 'one trial: nothing was selected' };
  else if (returnCount < partitions * MIN_RETURNS_PER_BLOCK) {
    pbo = { available: false, reason: `${returnCount} returns in the window: too few for ${partitions} blocks of at least ${MIN_RETURNS_PER_BLOCK}` };
  } else {
    const { name, note, statistic } = cscvStatistic(objective, conventions);
    pbo = { available: true, statistic: name, note, ...cscv(measured.map((m) => m.returns), partitions, statistic) };
  }

  // Walk-forward optimization.
  const wfo = walkForwardOptimization(input, measured, best);

  const trialValues = input.trials.map(({ spec }) => spec.values);
  const axes = parameterAxes(definition.paths, trialValues);
  const coordinates = coordinatesOf(axes, trialValues);
  const neighbours = summarizeNeighbours(neighboursOf(coordinates, axes, definition.method), objectiveValues, objective);
  const pairs: Array<[string, string]> = [];
  for (let a = 0; a < axes.length; a++) for (let b = a + 1; b < axes.length; b++) pairs.push([axes[a].path, axes[b].path]);
  const heatmaps = pairs.map(([x, y]) => heatmapOf(axes, coordinates, objectiveValues, objective, x, y));

  const warnings: InputWarning[] = [];
  const trials = input.trials.map(({ spec, decision }, i): SweepTrialResult => {
    const first = firstDecisionBar(fromJsonNumbers(decision.targetPositions));
    const trialWarnings = [...decision.warnings];
    if (first > window.startBar || first < 0) {
      trialWarnings.push({
        code: 'trial-late-start',
        message: `trial ${spec.index}: its first decision is ${first < 0 ? 'never' : `at ${bars[first].date}, after the window starts (${window.start})`}: it holds nothing until then`,
      });
    }
    warnings.push(...trialWarnings);
    const forecast = decision.forecast;
    return {
      trial: spec.index,
      values: spec.values,
      seed: spec.seed,
      rank: rankOf[i],
      objective: objectiveValues[i],
      metrics: measured[i].metrics,
      sharpePerPeriod: sharpes[i],
      firstDecisionBar: first,
      neighbours: neighbours[i],
      ...(forecast && measured[i].forecastMetrics
        ? { forecast: { engine: forecast.engine, folds: forecast.folds, epochs: forecast.epochs, metrics: measured[i].forecastMetrics } }
        : {}),
      seconds: decision.seconds,
      warnings: trialWarnings,
    };
  });
  const references: ReferenceResult[] = input.references.map(({ reference, decision }) => ({
    name: reference.entry.name,
    type: reference.entry.type,
    isBenchmark: reference.isBenchmark,
    metrics: measureTrial(bars, decision, conventions, reference.entry, window).metrics,
  }));
  for (const { decision } of input.references) warnings.push(...decision.warnings);
  const engines = new Set(input.trials.flatMap(({ decision }) => (decision.forecast ? [decision.forecast.engine] : [])));
  if (engines.size > 1) {
    warnings.push({ code: 'mixed-engines', message: `trials trained on different engines (${[...engines].join(', ')}): their numbers are not exactly comparable; set engine: wasm for identical results everywhere` });
  }

  return {
    trials,
    ranking,
    selection,
    pbo,
    wfo,
    references,
    stability: { axes, profiles: parameterProfiles(axes, coordinates, objectiveValues, objective), heatmaps },
    warnings,
  };
}

/**
 * WFO over the sweep window: at each refit point every trial's track record over the selection
 * span up to that bar (src/sweep/measure-trial.ts), scored by the objective; the best chosen. The
 * chosen trials' decisions, stitched, run through the broker once more, so switching between
 * trials costs what it costs.
 */
function walkForwardOptimization(input: SweepAnalysisInput, measured: readonly MeasuredTrial[], best: number): WfoResult {
  const { bars, window, conventions, definition } = input;
  const { objective } = definition;
  const refits = planRefits(window, definition.wfo);
  if (refits.length === 0) {
    return { available: false, reason: `the window holds ${window.endBar - window.startBar + 1} bars: too few for wfo.trainBars (${definition.wfo.trainBars}) and one traded bar` };
  }
  // The stitched decisions run under one set of exits: the trials' own, when they share them.
  const exitsTexts = new Set(input.trials.map(({ spec }) => JSON.stringify(spec.entry.exits ?? null)));
  if (exitsTexts.size > 1) {
    return { available: false, reason: 'the trials differ in their exits, and stitched decisions run under one set of exits' };
  }
  const exits = input.trials[0].spec.entry.exits ?? null;
  const targets = input.trials.map(({ decision }) => fromJsonNumbers(decision.targetPositions));
  const modeOf = (trial: number) => input.trials[trial].spec.entry.mode;
  const inSample = (trial: number, fromBar: number, toBar: number) =>
    score(objective, trackRecordMetrics(bars, measured[trial], fromBar, toBar, conventions)[objective.key]);
  const choices = chooseTrials(refits, input.trials.length, inSample);
  const stitched = stitchTargets(refits, choices, (trial) => targets[trial], modeOf, bars.length);
  const wfoWindow = windowOf(bars, refits[0].refitBar, window.endBar);
  const wfo = measureOverWindow(bars, stitched, undefined, conventions, 'long-short', wfoWindow, exits);
  const hindsight = measureOverWindow(bars, targets[best], undefined, conventions, modeOf(best), wfoWindow, exits);
  const buyAndHoldReference = input.references.find(({ reference }) => reference.entry.type === 'buy-and-hold');
  const buyAndHold = buyAndHoldReference
    ? measureOverWindow(
        bars,
        fromJsonNumbers(buyAndHoldReference.decision.targetPositions),
        undefined,
        conventions,
        buyAndHoldReference.reference.entry.mode,
        wfoWindow,
        buyAndHoldReference.reference.entry.exits ?? null,
      )
    : null;
  return {
    available: true,
    settings: definition.wfo,
    window: wfoWindow,
    refits: refits.map((refit, k) => ({ ...refit, date: bars[refit.refitBar].date, trial: choices[k], values: input.trials[choices[k]].spec.values })),
    distinctChoices: new Set(choices).size,
    metrics: wfo.metrics,
    bestInHindsight: { trial: best, metrics: hindsight.metrics },
    buyAndHold: buyAndHold && buyAndHoldReference ? { name: buyAndHoldReference.reference.entry.name, metrics: buyAndHold.metrics } : null,
    equity: { wfo: equityLine(wfo), bestInHindsight: equityLine(hindsight), buyAndHold: buyAndHold ? equityLine(buyAndHold) : null },
  };
}
