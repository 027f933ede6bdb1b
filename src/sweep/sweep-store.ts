import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.ts';
import { writeFilesAtomically } from '../core/write-atomic.ts';
import type { InputWarning } from '../core/warnings.ts';
import type { Metrics } from '../metrics/types.ts';
import type { EvaluationWindow } from '../run/evaluation-window.ts';
import type { TrialDecision } from './trial-job.ts';

/**
 * A sweep's folder: `plan.json` (what the trials are, written before the first runs),
 * `trials.jsonl` (one record per finished trial or reference, appended as each finishes), and at
 * the end `sweep.json` and `report.html`. An interrupted sweep resumes from trials.jsonl and never
 * runs a recorded trial again.
 */
export interface SweepFolder {
  dir: string;
  planFile: string;
  recordsFile: string;
  resultsFile: string;
  reportFile: string;
}

export function sweepFolder(outDir: string, name: string): SweepFolder {
  const dir = path.join(outDir, name);
  return {
    dir,
    planFile: path.join(dir, 'plan.json'),
    recordsFile: path.join(dir, 'trials.jsonl'),
    resultsFile: path.join(dir, 'sweep.json'),
    reportFile: path.join(dir, 'report.html'),
  };
}

export const PLAN_FORMAT = 1;

/** plan.json: enough to tell whether recorded trials belong to the sweep a config plans now. */
export interface SweepManifest {
  kind: 'walkforward-sweep-plan';
  format: typeof PLAN_FORMAT;
  /** Hash of everything trial results depend on (src/sweep/plan-id.ts). */
  planId: string;
  name: string;
  configPath: string;
  createdAt: string;
  barsHash: string;
  window: EvaluationWindow;
  trials: Array<{ trial: number; values: Record<string, unknown>; seed: number }>;
  references: string[];
}

/** Metrics as JSON holds them: NaN is null. */
export type StoredMetrics = { [K in keyof Metrics]: Metrics[K] extends number ? number | null : Metrics[K] };

export interface TrialRecord {
  kind: 'trial';
  planId: string;
  trial: number;
  values: Record<string, unknown>;
  seed: number;
  /** The objective over the sweep's window (null when not a number). */
  objective: number | null;
  /** Every metric over the window, for a look at the file; the analysis recomputes them from the decision. */
  metrics: StoredMetrics;
  decision: TrialDecision;
}

/** A strategy measured beside the trials (buy-and-hold, the config's other entries). */
export interface ReferenceRecord {
  kind: 'reference';
  planId: string;
  name: string;
  decision: TrialDecision;
}

export type SweepRecord = TrialRecord | ReferenceRecord;

export interface OpenedSweep {
  records: SweepRecord[];
  warnings: InputWarning[];
}

function readManifest(file: string): SweepManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError(`${file}: cannot read the sweep's plan (${error instanceof Error ? error.message : String(error)}); remove the folder to start over`);
  }
  if (!parsed || typeof parsed !== 'object' || Reflect.get(parsed, 'kind') !== 'walkforward-sweep-plan' || typeof Reflect.get(parsed, 'planId') !== 'string') {
    throw new UserError(`${file}: not a walkforward sweep plan; remove the folder to start over`);
  }
  return parsed as SweepManifest;
}

function isRecord(value: unknown): value is SweepRecord {
  if (!value || typeof value !== 'object') return false;
  const kind = Reflect.get(value, 'kind');
  const decision = Reflect.get(value, 'decision');
  const hasDecision = typeof decision === 'object' && decision !== null && Array.isArray(Reflect.get(decision, 'targetPositions'));
  if (kind === 'trial') return Number.isInteger(Reflect.get(value, 'trial')) && hasDecision;
  if (kind === 'reference') return typeof Reflect.get(value, 'name') === 'string' && hasDecision;
  return false;
}

/**
 * The records of trials.jsonl. A line is appended whole by one write; a sweep killed during that
 * write leaves a last line without its newline, which is dropped (that trial runs again) and cut
 * from the file, with a warning. A damaged line anywhere else is an error naming it.
 */
export function readRecords(file: string, planId: string): OpenedSweep {
  const text = readFileSync(file, 'utf8');
  const warnings: InputWarning[] = [];
  const complete = text.endsWith('\n') || text === '' ? text : text.slice(0, text.lastIndexOf('\n') + 1);
  if (complete.length < text.length) {
    const descriptor = openSync(file, 'r+');
    try {
      ftruncateSync(descriptor, Buffer.byteLength(complete));
    } finally {
      closeSync(descriptor);
    }
    warnings.push({ code: 'torn-record', message: `${file}: the last record was cut short (the sweep was stopped while writing it); it is dropped and that trial runs again` });
  }
  const records: SweepRecord[] = [];
  complete.split('\n').forEach((line, i) => {
    if (line === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new UserError(`${file}:${i + 1}: not a JSON record; remove the line (its trial runs again) or the folder`);
    }
    if (!isRecord(parsed)) throw new UserError(`${file}:${i + 1}: not a trial record; remove the line (its trial runs again) or the folder`);
    if (parsed.planId !== planId) throw new UserError(`${file}:${i + 1}: a record of another sweep plan (${parsed.planId}); remove the folder to start over`);
    records.push(parsed);
  });
  return { records, warnings };
}

/**
 * Make the folder ready: a fresh sweep writes plan.json; `resume` reads the records of the same
 * plan. Refuses to mix: an earlier sweep's records without `resume`, or records of another plan
 * (config or data changed) with it.
 */
export function openSweepFolder(folder: SweepFolder, manifest: SweepManifest, options: { resume: boolean }): OpenedSweep {
  if (existsSync(folder.dir) && !statSync(folder.dir).isDirectory()) throw new UserError(`${folder.dir}: exists and is not a folder`);
  const earlier = existsSync(folder.planFile) || existsSync(folder.recordsFile);
  if (earlier && !options.resume) {
    const finished = existsSync(folder.recordsFile) ? readFileSync(folder.recordsFile, 'utf8').split('\n').filter((line) => line.includes('"kind":"trial"')).length : 0;
    throw new UserError(
      `${folder.dir} holds an earlier sweep (${finished} trial${finished === 1 ? '' : 's'} finished): --resume continues it; remove the folder to start over`,
    );
  }
  if (earlier) {
    const previous = readManifest(folder.planFile);
    if (previous.planId !== manifest.planId) {
      throw new UserError(
        `${folder.dir}: its trials were planned from another config or other data (plan ${previous.planId.slice(0, 12)}, now ${manifest.planId.slice(0, 12)}); ` +
          'restore them, or remove the folder to start over',
      );
    }
    return existsSync(folder.recordsFile) ? readRecords(folder.recordsFile, manifest.planId) : { records: [], warnings: [] };
  }
  try {
    mkdirSync(folder.dir, { recursive: true });
    writeFilesAtomically([{ path: folder.planFile, content: `${JSON.stringify(manifest, null, 1)}\n` }]);
  } catch (error) {
    throw new UserError(`${folder.dir}: cannot write the sweep folder (${error instanceof Error ? error.message : String(error)})`);
  }
  return { records: [], warnings: [] };
}

/** Append one record as one line, in one write: a reader sees it whole or not at all (see readRecords). */
export function appendRecord(file: string, record: SweepRecord): void {
  const descriptor = openSync(file, 'a');
  try {
    writeSync(descriptor, `${JSON.stringify(record)}\n`);
  } finally {
    closeSync(descriptor);
  }
}
