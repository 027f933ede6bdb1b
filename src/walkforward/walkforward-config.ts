import { z } from 'zod';

/**
 * Fold layout, in bars counted from the data's first bar. `purgeBars` is optional: absent, it is
 * the target horizon (the smallest gap that keeps every training target inside the past).
 */
export const walkForwardConfigSchema = z.strictObject({
  trainBars: z.number().int().min(2),
  testBars: z.number().int().min(1),
  /** Distance between consecutive folds' train ends; defaults to testBars (test windows tile). */
  stepBars: z.number().int().min(1).optional(),
  scheme: z.enum(['expanding', 'rolling']).default('expanding'),
  purgeBars: z.number().int().min(0).optional(),
  /** Tail share of each training window held out for early stopping (0 = none). */
  validationFraction: z.number().min(0).max(0.5).default(0.1),
});

export type WalkForwardConfigInput = z.infer<typeof walkForwardConfigSchema>;

export interface WalkForwardConfig {
  trainBars: number;
  testBars: number;
  stepBars: number;
  scheme: 'expanding' | 'rolling';
  purgeBars: number;
  validationFraction: number;
}

export function resolveWalkForwardConfig(input: WalkForwardConfigInput, horizon: number): WalkForwardConfig {
  return {
    trainBars: input.trainBars,
    testBars: input.testBars,
    stepBars: input.stepBars ?? input.testBars,
    scheme: input.scheme,
    purgeBars: input.purgeBars ?? horizon,
    validationFraction: input.validationFraction,
  };
}
