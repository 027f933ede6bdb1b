import { z } from 'zod';

/**
 * How a return forecast becomes a target position. Thresholds are in log-return units of the
 * target (0.001 = 0.1% over the horizon).
 */
export const signalConfigSchema = z.strictObject({
  type: z.enum(['threshold', 'hysteresis']).default('threshold'),
  /** Enter long above +threshold; short (long-short) or flat (long-only) below -threshold. */
  threshold: z.number().min(0).default(0),
  /** Hysteresis only: leave a long when the forecast falls below +exit (a short above -exit). Default 0. */
  exit: z.number().optional(),
  /**
   * Trade only when |forecast| / confidenceScale is at least this; below it the position is flat.
   */
  minConfidence: z.number().min(0).optional(),
  /**
   * What minConfidence divides the forecast by: `training-sd`, the standard deviation of the fold's
   * training targets; `member-spread` (ensembles only), the standard deviation of the members'
   * forecasts at that bar, so the gate asks the members to agree.
   */
  confidenceScale: z.enum(['training-sd', 'member-spread']).default('training-sd'),
});

export type SignalConfig = z.infer<typeof signalConfigSchema>;
