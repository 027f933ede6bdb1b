import type { Config } from '../config/schema.ts';
import type { EvaluationWindow } from '../run/evaluation-window.ts';
import { sha256 } from './bars-payload.ts';
import type { SweepDefinition } from './plan-sweep.ts';

/** JSON with every object's keys sorted, so equal data gives equal text whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The hash of everything a trial's decisions and measurement depend on: the bars, the run
 * settings (seed, engine, costs, sizing), every trial's entry and seed, the references and the
 * window. Not the name, the objective, WFO or CSCV settings, nor `workers` (results are the same
 * serial or parallel): changing those keeps the recorded trials usable.
 */
export function planIdOf(config: Config, sweep: SweepDefinition, barsHash: string, window: EvaluationWindow): string {
  return sha256(
    canonicalJson({
      barsHash,
      run: { seed: config.seed, engine: config.engine, fused: config.fused, broker: config.broker, riskFreeRate: config.riskFreeRate },
      strategy: sweep.strategy,
      trials: sweep.trials.map((t) => ({ entry: t.entry, seed: t.seed })),
      references: sweep.references.map((r) => r.entry),
      window,
    }),
  );
}
