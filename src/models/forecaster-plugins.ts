import path from 'node:path';
import type { ForecasterDefinition } from './define-forecaster.ts';

/**
 * Forecaster files of the user's loaded in this process, by absolute path: what a model block's
 * `type` resolves to (src/plugins/load-forecaster-plugin.ts fills it when a config loads).
 */
const loaded = new Map<string, ForecasterDefinition>();

export function registerForecasterPlugin(file: string, definition: ForecasterDefinition): void {
  loaded.set(path.resolve(file), definition);
}

/** The forecaster a file exported, once it has been loaded in this process. */
export function forecasterPlugin(file: string): ForecasterDefinition | undefined {
  return loaded.get(path.resolve(file));
}
