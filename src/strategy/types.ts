import type { z } from 'zod';
import type { Bar } from '../data/bar.ts';
import type { EngineRequest } from '../core/engine-request.ts';
import type { PositionMode } from '../core/position-mode.ts';
import type { ProgressSink } from '../core/progress.ts';
import type { InputWarning } from '../core/warnings.ts';
import type { FoldModelStore } from '../walkforward/fold-model-store.ts';
import type { WalkForwardReport } from '../walkforward/report-types.ts';

/** Run-wide settings a strategy may need (models read the engine and seed from here). */
export interface StrategyContext {
  /** Seed of the whole run; a strategy derives its own randomness from it. */
  seed: number;
  mode: PositionMode;
  /** `auto | tfjs-node | wasm | cpu`, from the config's top level. */
  engine: EngineRequest;
  /** Use the fused WebAssembly recurrent layers where the engine allows. */
  fused: boolean;
  /** Parallel fold workers: a count, or `auto` (one per core). */
  workers: number | 'auto';
  /** Write per-fold models next to results.json (directory), or undefined. */
  saveModelsDir?: string;
  /** Progress reporting on stderr; a no-op when `--quiet`. */
  progress: ProgressSink;
  /** Set by `walkforward signal`: only the last bars' decisions are wanted (see SignalRequest). */
  signal?: SignalRequest;
}

/**
 * A signal run's request: decisions are needed from `fromBar` on only (earlier ones may be NaN),
 * and must equal, there, what a run over all bars decides. A model strategy then trains only the
 * folds those bars fall in, reusing saved models from `foldStore`.
 */
export interface SignalRequest {
  fromBar: number;
  foldStore?: FoldModelStore;
}

/**
 * What a strategy returns: `targetPositions[t]` is the position it wants to hold after seeing
 * bars[0..t] (decided at the close of bar t, filled by the broker at bar t+1's open).
 * +1 = fully long, -1 = fully short, 0 = flat; fractions scale the size. NaN means "no decision
 * yet" (warm-up) and is treated as flat.
 */
export interface StrategyOutput {
  targetPositions: Float64Array;
  /** Doubtful input the strategy met (the run goes on). */
  warnings?: InputWarning[];
  /** Extra, strategy-specific results (forecasts, folds, engine) merged into results.json. */
  model?: WalkForwardReport;
}

export interface Strategy {
  /** Must be causal: the output for bar t may depend only on bars[0..t]. */
  run(bars: readonly Bar[]): Promise<StrategyOutput>;
}

/** A strategy's verdict on a series before it runs: `errors` stop the run; `warnings` let it go on. */
export interface BarsCheck {
  errors: string[];
  warnings: InputWarning[];
}

/** A strategy type: a name, a params schema, and a factory. One file each under strategies/. */
export interface StrategyDefinition<P = any> {
  type: string;
  /** Other names a config may use for this type (older names kept working). */
  aliases?: string[];
  description: string;
  /** Validates `params` from the YAML; defaults are filled in here. */
  params: z.ZodType<P>;
  /**
   * Index of the first bar a decision can be made at (indicator warm-up, first training window):
   * bars before it only warm up. A strategy given data that starts this many bars before a date
   * decides the same from that date on as one given all earlier bars.
   */
  warmupBars(params: P): number;
  /**
   * Optional: what can be told about these params on these bars without running (e.g. no
   * walk-forward fold fits). `errors` stop a run before any training, and `validate` reports both.
   */
  checkBars?(params: P, bars: readonly Bar[]): BarsCheck;
  /**
   * True when a run with these params trains a network (seconds to minutes, where a rule takes
   * microseconds): a sweep then runs such trials side by side on worker threads. Absent: false.
   */
  trainsNetwork?(params: P): boolean;
  create(params: P, context: StrategyContext): Strategy;
}
