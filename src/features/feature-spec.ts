import { z } from 'zod';

const period = (fallback: number) => z.number().int().min(1).max(1000).default(fallback);

/**
 * Feature declarations as written in YAML: `{name: rsi, period: 14}`. Each entry is one column of
 * the model's input. Ratios and differences are used instead of raw price levels where a level
 * would not be stationary; the raw OHLCV columns exist because the seeds' models use them.
 */
export const featureSchemas = {
  'log-return': z.strictObject({ name: z.literal('log-return'), period: period(1) }),
  'sma-ratio': z.strictObject({ name: z.literal('sma-ratio'), period: period(20) }),
  'ema-ratio': z.strictObject({ name: z.literal('ema-ratio'), period: period(20) }),
  rsi: z.strictObject({ name: z.literal('rsi'), period: period(14) }),
  'macd-line': z.strictObject({ name: z.literal('macd-line'), fast: period(12), slow: period(26), signal: period(9) }),
  'macd-signal': z.strictObject({ name: z.literal('macd-signal'), fast: period(12), slow: period(26), signal: period(9) }),
  'macd-histogram': z.strictObject({ name: z.literal('macd-histogram'), fast: period(12), slow: period(26), signal: period(9) }),
  'bollinger-percent-b': z.strictObject({ name: z.literal('bollinger-percent-b'), period: period(20), stdDev: z.number().positive().default(2) }),
  'bollinger-width': z.strictObject({ name: z.literal('bollinger-width'), period: period(20), stdDev: z.number().positive().default(2) }),
  'atr-ratio': z.strictObject({ name: z.literal('atr-ratio'), period: period(14) }),
  'obv-change': z.strictObject({ name: z.literal('obv-change'), period: period(1) }),
  'volume-zscore': z.strictObject({ name: z.literal('volume-zscore'), period: period(20) }),
  open: z.strictObject({ name: z.literal('open') }),
  high: z.strictObject({ name: z.literal('high') }),
  low: z.strictObject({ name: z.literal('low') }),
  close: z.strictObject({ name: z.literal('close') }),
  volume: z.strictObject({ name: z.literal('volume') }),
} as const;

export type FeatureName = keyof typeof featureSchemas;
export const featureNames = Object.keys(featureSchemas) as FeatureName[];

const featureNameSchema = z.enum(featureNames as [FeatureName, ...FeatureName[]], {
  error: (issue) => `unknown feature "${String(issue.input)}"; known: ${featureNames.join(', ')}`,
});

/** One feature declaration; an unknown `name` is reported with the list of known names. */
export const featureSpecSchema = z
  .object({ name: featureNameSchema })
  .passthrough()
  .pipe(z.discriminatedUnion('name', Object.values(featureSchemas) as unknown as [typeof featureSchemas.rsi, typeof featureSchemas.rsi]))
  .transform((spec) => spec as FeatureSpec);

export type FeatureSpec = { [K in FeatureName]: z.infer<(typeof featureSchemas)[K]> }[FeatureName];

/** A short, stable column label such as `rsi(14)` or `macd-line(12,26,9)`. */
export function featureLabel(spec: FeatureSpec): string {
  const args = Object.entries(spec)
    .filter(([key]) => key !== 'name')
    .map(([, value]) => String(value));
  return args.length > 0 ? `${spec.name}(${args.join(',')})` : spec.name;
}
