import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { loadConfig, parseConfig, type LoadedConfig } from '../config/load-config.ts';
import { locate } from '../config/format-issue.ts';
import { planSweep, type SweepDefinition } from './plan-sweep.ts';

export interface LoadedSweep {
  loaded: LoadedConfig;
  definition: SweepDefinition;
}

/** A config with a `sweep:` block, checked and expanded into trials (problems name file:line:col). */
export async function loadSweepConfig(file: string): Promise<LoadedSweep> {
  const loaded = await loadConfig(file);
  return { loaded, definition: planSweep(loaded, locator(readFileSync(file, 'utf8'), file)) };
}

/** The same from config text; `file` is only used in messages (tests). */
export function parseSweepConfig(text: string, file: string): LoadedSweep {
  const loaded = parseConfig(text, file);
  return { loaded, definition: planSweep(loaded, locator(text, file)) };
}

/** Where a node of the YAML text is, for sweep problems found after the schema passed. */
function locator(text: string, file: string) {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, merge: true, prettyErrors: false });
  return (path: ReadonlyArray<PropertyKey>, key?: string) => locate(file, document, lineCounter, path, key);
}
