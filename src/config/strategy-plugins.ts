import path from 'node:path';
import { UserError } from '../core/errors.ts';
import { PLUGIN_EXTENSIONS } from '../plugins/import-user-module.ts';
import { loadStrategyPlugin } from '../plugins/load-strategy-plugin.ts';
import type { StrategyDefinition } from '../strategy/types.ts';

/**
 * A strategy `type` that names a file rather than a registered type: it has a path separator or a
 * module extension (`./my-strategy.ts`, `../shared/momentum.mjs`, `my-strategy.ts`). Registered
 * type names are kebab-case words, so the two never collide.
 */
export function isPluginReference(type: string): boolean {
  return type.includes('/') || type.includes('\\') || PLUGIN_EXTENSIONS.some((extension) => type.toLowerCase().endsWith(extension));
}

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
  const problems: string[] = [];
  const tried = new Set<string>();
  for (const { type, where } of references) {
    const file = pluginPath(type, baseDir);
    if (tried.has(file)) continue;
    tried.add(file);
    try {
      loaded.set(file, await loadStrategyPlugin(file, shown(file)));
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
