import path from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { UserError } from '../core/errors.ts';
import { readRegularFile } from '../core/read-regular-file.ts';
import { strategyRegistry } from '../../strategies/index.ts';
import type { StrategyDefinition } from '../strategy/types.ts';
import { formatIssue, locate, type IssuePath, type Locator } from './format-issue.ts';
import { isPluginReference } from '../core/plugin-reference.ts';
import { loadedStrategyPlugin, loadForecasterPlugins, loadStrategyPlugins, pluginPath, type PluginReference } from './plugin-files.ts';
import { configSchema, type Config, type StrategyEntry } from './schema.ts';

/** A strategy entry of the config with its type resolved and its params validated. */
export interface ResolvedStrategy {
  entry: StrategyEntry;
  definition: StrategyDefinition;
  params: unknown;
}

export interface LoadedConfig {
  path: string;
  /** Absolute folder that relative paths in the config (data.path, data.cacheDir, plug-in files) are relative to: the config file's. */
  baseDir: string;
  config: Config;
  strategies: ResolvedStrategy[];
}

export interface ConfigOptions {
  /**
   * Folder relative paths are relative to; default the config file's folder (the working folder
   * for a config object).
   */
  baseDir?: string;
  /** Strategy types besides the built-in ones, by their `type` (the library API's defineStrategy results). */
  strategies?: readonly StrategyDefinition[];
}

/** Largest config read; a real one is a few KB, and a bigger file is a wrong path, not a config. */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/**
 * Read, parse and validate a YAML config, loading the plug-in files its strategies name
 * (`type: ./my-strategy.ts`); every problem is reported as `file:line:col path: message`.
 */
export async function loadConfig(file: string, options: ConfigOptions = {}): Promise<LoadedConfig> {
  return resolveConfigText(readRegularFile(file, { maxBytes: MAX_CONFIG_BYTES, what: 'config file' }), file, options);
}

/** Config text as loadConfig reads it: plug-in files are loaded, then everything is validated. */
export async function resolveConfigText(text: string, file: string, options: ConfigOptions = {}): Promise<LoadedConfig> {
  return resolveDraft(await withPlugins(readYaml(text, file, options.baseDir)), options);
}

/**
 * A config given as a JavaScript object (the library's runBacktest): the same checks as a YAML
 * file, with messages naming `source` and the field. Relative paths are relative to
 * `options.baseDir`, default the working folder.
 */
export async function resolveConfigObject(raw: unknown, source: string, options: ConfigOptions = {}): Promise<LoadedConfig> {
  const baseDir = path.resolve(options.baseDir ?? process.cwd());
  return resolveDraft(await withPlugins(validate(raw, { file: source, baseDir, where: () => source })), options);
}

/**
 * Validate config text synchronously; `file` is used in messages and, unless `baseDir` is given,
 * its folder is the one relative paths in the config are relative to. A plug-in file a strategy
 * names must have been loaded in this process already (by loadConfig or resolveConfigText, which
 * load them first); built-in and `options.strategies` types need nothing.
 */
export function parseConfig(text: string, file: string, baseDir?: string, options: Omit<ConfigOptions, 'baseDir'> = {}): LoadedConfig {
  return resolveDraft(readYaml(text, file, baseDir), options);
}

/** Where an issue is in the config, and how its messages name places. */
interface ConfigPlace {
  file: string;
  baseDir: string;
  where: Locator;
}

/** A config that passed the schema; its strategy types and params are not checked yet. */
interface ConfigDraft extends ConfigPlace {
  config: Config;
}

function readYaml(text: string, file: string, baseDir = path.dirname(path.resolve(file))): ConfigDraft {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, merge: true, prettyErrors: false });
  if (document.errors.length > 0) {
    const messages = document.errors.map((error) => {
      const position = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
      const where = position ? `${file}:${position.line}:${position.col}` : file;
      return `${where} YAML syntax: ${error.message.split('\n')[0]}`;
    });
    throw new UserError(messages.join('\n'));
  }
  let raw: unknown;
  try {
    // An alias bomb (aliases of aliases, expanding exponentially) stops here, as bad input.
    raw = document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    throw new UserError(`${file}: YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  return validate(raw, { file, baseDir: path.resolve(baseDir), where: yamlLocator(file, document, lineCounter) });
}

function yamlLocator(file: string, document: Document, lineCounter: LineCounter): Locator {
  return (issuePath, key) => locate(file, document, lineCounter, issuePath, key);
}

/** The config schema over parsed YAML or an object: every issue in one UserError. */
function validate(raw: unknown, place: ConfigPlace): ConfigDraft {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UserError(`${place.file}: expected a YAML mapping with keys name, data, broker, strategies`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw new UserError(parsed.error.issues.flatMap((issue) => issueMessages(place, issue)).join('\n'));
  return { ...place, config: parsed.data };
}

function issueMessages(place: ConfigPlace, issue: z.core.$ZodIssue, prefix: IssuePath = []): string[] {
  return formatIssue(place.where, issue, prefix);
}

/**
 * Load the plug-in files the draft names (strategy types, and forecasting strategies' model
 * types), before its strategies are validated. A model block's type becomes the file's absolute
 * path (in a copy: a config object given to the library is not changed), so the model schema and
 * the fold that trains it find the file wherever the config was.
 */
async function withPlugins(draft: ConfigDraft): Promise<ConfigDraft> {
  await loadStrategyPlugins(pluginFilesOf(draft), draft.baseDir);
  const models = modelFilesOf(draft);
  if (models.length === 0) return draft;
  await loadForecasterPlugins(models, draft.baseDir);
  const strategies = draft.config.strategies.map((entry) => {
    const model = modelBlockOf(entry);
    if (!model || !isPluginReference(model.type)) return entry;
    return { ...entry, params: { ...entry.params, model: { ...model.block, type: pluginPath(model.type, draft.baseDir) } } };
  });
  return { ...draft, config: { ...draft.config, strategies } };
}

/** A strategy entry's `params.model` block and its `type`, when it has one with a string type. */
function modelBlockOf(entry: StrategyEntry): { block: Record<string, unknown>; type: string } | undefined {
  const block = entry.params.model;
  if (typeof block !== 'object' || block === null || Array.isArray(block)) return undefined;
  const fields: Record<string, unknown> = { ...block };
  return typeof fields.type === 'string' ? { block: fields, type: fields.type } : undefined;
}

/** The forecaster files the draft's model blocks name (`model: { type: ./my-model.ts }`), with where. */
function modelFilesOf(draft: ConfigDraft): PluginReference[] {
  return draft.config.strategies.flatMap((entry, index) => {
    const type = modelBlockOf(entry)?.type;
    return type !== undefined && isPluginReference(type)
      ? [{ type, where: `${draft.where(['strategies', index, 'params', 'model', 'type'])} strategies[${index}].params.model.type` }]
      : [];
  });
}

/** The plug-in files the draft's strategies name (`type: ./x.ts`), as written, with where. */
function pluginFilesOf(draft: ConfigDraft): PluginReference[] {
  return draft.config.strategies.flatMap((entry, index) =>
    isPluginReference(entry.type) ? [{ type: entry.type, where: `${draft.where(['strategies', index, 'type'])} strategies[${index}].type` }] : [],
  );
}

/**
 * The definition a strategy `type` names: a built-in type, or a plug-in file (relative to
 * `baseDir`) already loaded in this process. Every caller resolves types here, so a user's
 * strategy file works wherever a built-in one does.
 */
export function strategyDefinitionOf(type: string, baseDir: string): StrategyDefinition | undefined {
  return isPluginReference(type) ? loadedStrategyPlugin(pluginPath(type, baseDir)) : strategyRegistry.get(type);
}

/** Resolve every strategy's type (built-in, given, or a loaded plug-in file) and validate its params. */
function resolveDraft(draft: ConfigDraft, options: Pick<ConfigOptions, 'strategies'>): LoadedConfig {
  const { config } = draft;
  const extraTypes = new Map<string, StrategyDefinition>();
  for (const definition of options.strategies ?? []) {
    if (strategyRegistry.has(definition.type)) {
      throw new UserError(`strategy type "${definition.type}" is built in; give your strategy another type name`);
    }
    extraTypes.set(definition.type, definition);
  }
  const messages: string[] = [];
  const strategies: ResolvedStrategy[] = [];
  config.strategies.forEach((entry, index) => {
    const definition = strategyDefinitionOf(entry.type, draft.baseDir) ?? extraTypes.get(entry.type);
    if (!definition && isPluginReference(entry.type)) {
      throw new Error(`${entry.type}: plug-in file not loaded; load the config with loadConfig/resolveConfigText, which load plug-ins first`);
    }
    if (!definition) {
      const where = draft.where(['strategies', index, 'type']);
      const known = [...strategyRegistry.keys(), ...extraTypes.keys()].join(', ');
      messages.push(`${where} strategies[${index}].type: unknown strategy type "${entry.type}" (known: ${known}; or a file: ./my-strategy.ts)`);
      return;
    }
    const params = definition.params.safeParse(entry.params ?? {});
    if (!params.success) {
      for (const issue of params.error.issues) messages.push(...issueMessages(draft, issue, ['strategies', index, 'params']));
      return;
    }
    strategies.push({ entry, definition, params: params.data });
  });
  if (config.benchmark && config.benchmark !== 'buy-and-hold' && !config.strategies.some((s) => s.name === config.benchmark)) {
    messages.push(`${draft.where(['benchmark'])} benchmark: "${config.benchmark}" is neither a strategy name nor buy-and-hold`);
  }
  if (messages.length > 0) throw new UserError(messages.join('\n'));
  return { path: draft.file, baseDir: draft.baseDir, config, strategies };
}
