import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { UserError } from '../core/errors.ts';
import { readRegularFile } from '../core/read-regular-file.ts';
import { strategyRegistry } from '../../strategies/index.ts';
import type { StrategyDefinition } from '../strategy/types.ts';
import { formatIssue, locate } from './format-issue.ts';
import { configSchema, type Config, type StrategyEntry } from './schema.ts';

/** A strategy entry of the config with its type resolved and its params validated. */
export interface ResolvedStrategy {
  entry: StrategyEntry;
  definition: StrategyDefinition;
  params: unknown;
}

export interface LoadedConfig {
  path: string;
  /** Absolute folder that relative paths in the config (data.path, data.cacheDir) are relative to: the config file's. */
  baseDir: string;
  config: Config;
  strategies: ResolvedStrategy[];
}

/** Largest config read; a real one is a few KB, and a bigger file is a wrong path, not a config. */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/** Read, parse and validate a YAML config; every problem is reported as `file:line:col path: message`. */
export function loadConfig(file: string): LoadedConfig {
  return parseConfig(readRegularFile(file, { maxBytes: MAX_CONFIG_BYTES, what: 'config file' }), file);
}

/**
 * Validate config text; `file` is used in messages and, unless `baseDir` is given, its folder is
 * the one relative paths in the config are relative to.
 */
export function parseConfig(text: string, file: string, baseDir = path.dirname(path.resolve(file))): LoadedConfig {
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
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UserError(`${file}: expected a YAML mapping with keys name, data, broker, strategies`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const messages = parsed.error.issues.flatMap((issue) => formatIssue(file, document, lineCounter, issue));
    throw new UserError(messages.join('\n'));
  }
  const config = parsed.data;

  const messages: string[] = [];
  const strategies: ResolvedStrategy[] = [];
  config.strategies.forEach((entry, index) => {
    const definition = strategyRegistry.get(entry.type);
    if (!definition) {
      const where = locate(file, document, lineCounter, ['strategies', index, 'type']);
      const known = [...strategyRegistry.keys()].join(', ');
      messages.push(`${where} strategies[${index}].type: unknown strategy type "${entry.type}" (known: ${known})`);
      return;
    }
    const params = definition.params.safeParse(entry.params ?? {});
    if (!params.success) {
      for (const issue of params.error.issues) {
        messages.push(...formatIssue(file, document, lineCounter, issue, ['strategies', index, 'params']));
      }
      return;
    }
    strategies.push({ entry, definition, params: params.data });
  });
  if (config.benchmark && config.benchmark !== 'buy-and-hold' && !config.strategies.some((s) => s.name === config.benchmark)) {
    const where = locate(file, document, lineCounter, ['benchmark']);
    messages.push(`${where} benchmark: "${config.benchmark}" is neither a strategy name nor buy-and-hold`);
  }
  if (messages.length > 0) throw new UserError(messages.join('\n'));
  return { path: file, baseDir: path.resolve(baseDir), config, strategies };
}
