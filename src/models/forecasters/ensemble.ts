import { z } from 'zod';
import { deriveSeed } from '../../core/seeded-random.ts';
import { windowCount, type FoldJob, type FoldOutput, type Forecaster } from './forecaster.ts';
import { seedShape } from './network-params.ts';

type MemberBase = { type: string; seed?: number };

/**
 * An ensemble of member forecasters of any type (baselines included; not another ensemble),
 * each trained on the same fold with its own seed, derived from the fold's seed and the member's
 * index (or from the member's own `seed` and the fold index). The forecast is the members' mean; the
 * standard deviation of their forecasts (ddof 1) is reported per bar as `memberSpread`, which
 * `signal.confidenceScale: member-spread` gates on. Built from the member union by the registry.
 */
export function ensembleForecaster<Member extends MemberBase>(
  memberSchema: z.ZodType<Member, unknown>,
  forecasterOf: (member: Member) => Forecaster<Member>,
) {
  const params = z.strictObject({
    type: z.literal('ensemble'),
    /** Model blocks of any type but ensemble, e.g. [{type: lstm, layers: [32]}, {type: cnn}, {type: linear}]. */
    members: z.array(memberSchema).min(2),
    ...seedShape,
  });
  type EnsembleParams = z.output<typeof params>;

  function memberJob(job: FoldJob<EnsembleParams>, index: number): FoldJob<Member> {
    const member = job.model.members[index];
    return {
      ...job,
      model: member,
      seed: member.seed !== undefined ? deriveSeed(member.seed, job.foldIndex) : deriveSeed(job.seed, index),
      saveModelDir: job.saveModelDir ? `${job.saveModelDir}/member-${index}` : undefined,
    };
  }

  const ensemble: Forecaster<EnsembleParams> = {
    type: 'ensemble',
    description: 'mean of member forecasters trained on the same fold; their spread per bar',
    params,
    needsTfjs: (p) => p.members.some((member) => forecasterOf(member).needsTfjs(member)),
    epochsPerFold: (p) => p.members.reduce((sum, member) => sum + forecasterOf(member).epochsPerFold(member), 0),
    checkShape: (p, lookback) =>
      p.members.flatMap((member, index) =>
        (forecasterOf(member).checkShape?.(member, lookback) ?? []).map((issue) => ({ ...issue, path: ['members', index, ...issue.path] })),
      ),
    async trainFold(job, onProgress) {
      const outputs: FoldOutput[] = [];
      // Members train one after another; progress counts their epochs end to end.
      let epochsBefore = 0;
      for (let index = 0; index < job.model.members.length; index++) {
        const member = job.model.members[index];
        const forecaster = forecasterOf(member);
        const offset = epochsBefore;
        outputs.push(await forecaster.trainFold(memberJob(job, index), (progress) => onProgress?.({ ...progress, epoch: progress.epoch + offset })));
        epochsBefore += forecaster.epochsPerFold(member);
      }
      const { mean, spread } = meanAndSpread(outputs.map((output) => output.forecasts), windowCount(job.xTest, job));
      const trained = outputs.find((output) => output.engine !== 'none');
      return {
        foldIndex: job.foldIndex,
        forecasts: mean,
        memberSpread: spread,
        engine: trained?.engine ?? 'none',
        ...(trained?.engineFallbackReason ? { engineFallbackReason: trained.engineFallbackReason } : {}),
        epochsRun: outputs.reduce((sum, output) => sum + output.epochsRun, 0),
        // Each member keeps its own best epoch; the ensemble has no single one, nor one loss curve.
        bestEpoch: 0,
        trainLoss: [],
        validationLoss: [],
        trainSeconds: outputs.reduce((sum, output) => sum + output.trainSeconds, 0),
      };
    },
    async forecastSaved(job) {
      const forecasts: Float64Array[] = [];
      for (let index = 0; index < job.model.members.length; index++) {
        forecasts.push((await forecasterOf(job.model.members[index]).forecastSaved(memberJob(job, index))).forecasts);
      }
      const { mean, spread } = meanAndSpread(forecasts, windowCount(job.xTest, job));
      return { forecasts: mean, memberSpread: spread };
    },
  };
  return ensemble;
}

/** Per window: the members' mean forecast and their sample standard deviation. */
export function meanAndSpread(memberForecasts: readonly Float64Array[], count: number): { mean: Float64Array; spread: Float64Array } {
  const n = memberForecasts.length;
  const mean = new Float64Array(count);
  const spread = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (const forecasts of memberForecasts) sum += forecasts[i];
    mean[i] = sum / n;
    let squares = 0;
    for (const forecasts of memberForecasts) squares += (forecasts[i] - mean[i]) ** 2;
    spread[i] = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
  }
  return { mean, spread };
}
