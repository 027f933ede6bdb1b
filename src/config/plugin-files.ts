import path from 'node:path';
import { UserError } from '../core/errors.ts';
import { loadForecasterPlugin } from '../plugins/load-forecaster-plugin.ts';
import { loadStrategyPlugin } from '../plugins/load-strategy-plugin.ts';
import type { StrategyDefinition } from '../strategy/types.ts';

/** The plug-in file a `type` names: relative to the config file's folder (like data.path), or absolute. */
export function pluginPath(type: string, baseDir: string): string {
  return path.resolve(baseDir, type);
}

/** How messages show a plug-in file: relative to the working folder when inside it, else absolute. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** Plug-in definitions loaded in this process, by absolute path (what parseConfig looks them up in). */
const loaded = new Map<string, StrategyDefinition>();

/** A strategy type naming a file, and where the config says so (for messages). */
export interface PluginReference {
  type: string;
  /** `config.yaml:13:11 strategies[0].type`. */
  where: string;
}

/**
 * Load the plug-in files `references` name (relative to `baseDir`) before a config is validated.
 * All are tried; their problems are reported together, each naming its file and the config entry.
 */
export async function loadStrategyPlugins(references: readonly PluginReference[], baseDir: string): Promise<void> {
  await loadEach(references, baseDir, async (file) => {
    loaded.set(file, await loadStrategyPlugin(file, shown(file)));
  });
}

/**
 * Load the forecaster files model blocks name (`model: { type: ./my-model.ts }`), relative to
 * `baseDir`; the model schema then finds them by absolute path (src/models/forecasters/plugin-forecaster.ts).
 */
export async function loadForecasterPlugins(references: readonly PluginReference[], baseDir: string): Promise<void> {
  await loadEach(references, baseDir, async (file) => {
    await loadForecasterPlugin(file, shown(file));
  });
}

/** Load every referenced file once; all problems together, each naming its file and config entry. */
async function loadEach(references: readonly PluginReference[], baseDir: string, load: (file: string) => Promise<void>): Promise<void> {
  const problems: string[] = [];
  const tried = new Set<string>();
  for (const { type, where } of references) {
    const file = pluginPath(type, baseDir);
    if (tried.has(file)) continue;
    tried.add(file);
    try {
      await load(file);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      problems.push(`${where}: ${error.message}`);
    }
  }
  if (problems.length > 0) throw new UserError(problems.join('\n'));
}

/** The definition a plug-in file exported, once loadStrategyPlugins has loaded it. */
export function loadedStrategyPlugin(file: string): StrategyDefinition | undefined {
  return loaded.get(file);
}
