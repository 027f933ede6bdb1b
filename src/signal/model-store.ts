import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FoldOutput } from '../models/forecasters/forecaster.ts';
import type { FoldModelDescription, FoldModelStore } from '../walkforward/fold-model-store.ts';

/** The file beside a saved fold's weights that says what it is (written last, inside the temp folder). */
export const MODEL_META_FILE = 'signal-model.json';

/** What a saved fold model's signal-model.json holds. */
export interface SavedModelMeta extends FoldModelDescription {
  modelId: string;
  strategy: string;
  symbol: string;
  /** sha256 of what in the config shapes the model (configHash below). */
  configHash: string;
  /** The model block the fold was trained with. */
  model: unknown;
  /** ISO time the training finished. */
  trainedAt: string;
  engine: string;
  epochsRun: number;
  bestEpoch: number;
  trainSeconds: number;
}

/** How a signal run got the model of one fold. */
export interface FoldModelUse {
  modelId: string;
  folder: string;
  trainedAt: string;
  /** True when a saved model was loaded; false when it was trained in this run. */
  reused: boolean;
}

/**
 * Saved fold models of one strategy on one symbol, under
 * `<modelsDir>/<strategy>/<symbol>/fold-<index>-<key>/`, where the key hashes the config hash and
 * the fold's description (bars, seed, scaler, ...). A model is trained into a temp folder with its
 * meta file written last, then renamed into place, so a folder that exists is complete.
 */
export class FoldModelFolder implements FoldModelStore {
  /** Per fold index: the model this run used (the signal row reports the one of its bar). */
  readonly uses = new Map<number, FoldModelUse>();
  /** Folders being trained into, by final folder. */
  private readonly temps = new Map<string, string>();
  /** Models `find` returned, until `reused` confirms they were used. */
  private readonly found = new Map<number, FoldModelUse>();

  constructor(
    private readonly root: string,
    private readonly identity: { strategy: string; symbol: string; configHash: string; model: unknown },
    private readonly now: () => Date = () => new Date(),
  ) {}

  private folderName(fold: FoldModelDescription): string {
    const key = createHash('sha256').update(JSON.stringify({ configHash: this.identity.configHash, fold })).digest('hex').slice(0, 16);
    return `fold-${fold.foldIndex}-${key}`;
  }

  private modelId(fold: FoldModelDescription): string {
    return `${this.identity.strategy}/${this.identity.symbol}/${this.folderName(fold)}`;
  }

  private folder(fold: FoldModelDescription): string {
    return path.join(this.root, this.identity.strategy, this.identity.symbol, this.folderName(fold));
  }

  find(fold: FoldModelDescription): string | undefined {
    const folder = this.folder(fold);
    const metaPath = path.join(folder, MODEL_META_FILE);
    if (!existsSync(metaPath)) return undefined;
    let meta: SavedModelMeta;
    try {
      meta = JSON.parse(readFileSync(metaPath, 'utf8'));
    } catch {
      return undefined; // unreadable (not written by a finished save): train again and replace it
    }
    // The folder name is a hash; check the meta really describes this fold before trusting it.
    if (meta.configHash !== this.identity.configHash || JSON.stringify(describedPart(meta)) !== JSON.stringify(describedPart(fold))) return undefined;
    this.found.set(fold.foldIndex, { modelId: meta.modelId, folder, trainedAt: meta.trainedAt, reused: true });
    return folder;
  }

  prepare(fold: FoldModelDescription): string {
    const final = this.folder(fold);
    const temp = path.join(path.dirname(final), `.${path.basename(final)}.${process.pid}.${Date.now()}.tmp`);
    rmSync(temp, { recursive: true, force: true });
    mkdirSync(temp, { recursive: true });
    this.temps.set(final, temp);
    return temp;
  }

  commit(fold: FoldModelDescription, output: FoldOutput): void {
    const final = this.folder(fold);
    const temp = this.temps.get(final);
    if (temp === undefined) throw new Error(`commit without prepare: ${final}`);
    this.temps.delete(final);
    const trainedAt = this.now().toISOString();
    const meta: SavedModelMeta = {
      modelId: this.modelId(fold),
      strategy: this.identity.strategy,
      symbol: this.identity.symbol,
      configHash: this.identity.configHash,
      model: this.identity.model,
      ...fold,
      trainedAt,
      engine: output.engine,
      epochsRun: output.epochsRun,
      bestEpoch: output.bestEpoch,
      trainSeconds: output.trainSeconds,
    };
    mkdirSync(temp, { recursive: true }); // a forecaster that saves nothing still gets its meta
    writeFileSync(path.join(temp, MODEL_META_FILE), JSON.stringify(meta, null, 1));
    // A folder already there was not found usable (or another run saved the same fold meanwhile:
    // the same inputs give the same model): the new one replaces it.
    if (existsSync(final)) rmSync(final, { recursive: true, force: true });
    renameSync(temp, final);
    this.uses.set(fold.foldIndex, { modelId: meta.modelId, folder: final, trainedAt, reused: false });
  }

  reused(fold: FoldModelDescription): void {
    const use = this.found.get(fold.foldIndex);
    if (use) this.uses.set(fold.foldIndex, use);
  }

  /** Remove temp folders of trainings that did not finish (a failed run leaves nothing half-written). */
  discardUnfinished(): void {
    for (const temp of this.temps.values()) rmSync(temp, { recursive: true, force: true });
    this.temps.clear();
  }
}

/** The fold description inside a meta file (the keys FoldModelDescription has), for comparison. */
function describedPart(fold: FoldModelDescription): FoldModelDescription {
  const { foldIndex, seed, trainStart, trainEnd, trainStartDate, lastTrainBarDate, trainingDataHash, features, lookback, horizon, scaler, targetMean, targetScale } = fold;
  return { foldIndex, seed, trainStart, trainEnd, trainStartDate, lastTrainBarDate, trainingDataHash, features, lookback, horizon, scaler, targetMean, targetScale };
}

/**
 * sha256 of what in a config shapes a strategy's models: its type and params (the signal rule
 * aside: it acts on forecasts, it does not make them), the run seed, engine, fused layers and the
 * walkforward version. Data is not in it: each fold's training-data hash covers the bars.
 */
export function configHash(parts: { type: string; params: unknown; seed: number; engine: string; fused: boolean; version: string }): string {
  const params = isRecord(parts.params) ? Object.fromEntries(Object.entries(parts.params).filter(([key]) => key !== 'signal')) : parts.params;
  return createHash('sha256').update(JSON.stringify({ ...parts, params })).digest('hex');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
