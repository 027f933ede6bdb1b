import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { UserError } from '../core/errors.ts';
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
  config: Config;
  strategies: ResolvedStrategy[];
}

/** Read, parse and validate a YAML config; every problem is reported as `file:line:col path: message`. */
export function loadConfig(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `${file}: config file not found` : `${file}: cannot read (${code})`);
  }
  return parseConfig(text, file);
}

/** Validate config text; `file` is only used in messages. */
export function parseConfig(text: string, file: string): LoadedConfig {
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
  const raw = document.toJS({ maxAliasCount: 1000 });
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
  return { path: file, config, strategies };
}
