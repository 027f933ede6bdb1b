/**
 * Parameter paths of a sweep: `<strategy name>.<key>...` into a strategy entry of the config,
 * e.g. `sma.params.fast`, `lstm.params.model.layers`, `lstm.params.features[1].period` (or
 * `features.1.period`), `sma.mode`. Paths are plain data; reading and writing them never
 * mutates the entry it starts from.
 */

export type PathKey = string | number;

export interface ParameterPath {
  /** The path as written in the config. */
  text: string;
  /** Name of the strategy entry it points into. */
  strategy: string;
  /** Keys inside the entry: strings for mapping keys, numbers for list positions. */
  keys: PathKey[];
}

export type ParsedPath = { ok: true; path: ParameterPath } | { ok: false; message: string };

/** Keys a sweep may not change: they say which strategy an entry is. */
const FIXED_KEYS = new Set(['name', 'type']);

/**
 * Split a path into the strategy it names (the longest entry name it starts with, since names
 * may hold dots) and the keys inside that entry.
 */
export function parseParameterPath(text: string, strategyNames: readonly string[]): ParsedPath {
  const name = strategyNames
    .filter((candidate) => text.startsWith(`${candidate}.`) || text.startsWith(`${candidate}[`))
    .reduce<string | undefined>((longest, candidate) => (longest === undefined || candidate.length > longest.length ? candidate : longest), undefined);
  if (name === undefined) {
    return { ok: false, message: `"${text}" does not start with a strategy name followed by a key (strategies: ${strategyNames.join(', ')})` };
  }
  const keys: PathKey[] = [];
  const rest = text.slice(name.length);
  const pattern = /\.([^.[\]]+)|\[(\d+)\]/y;
  let at = 0;
  while (at < rest.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(rest);
    if (!match) return { ok: false, message: `"${text}": cannot read the key at "${rest.slice(at)}" (write keys as .key or [index])` };
    const key = match[1] ?? match[2];
    keys.push(/^\d+$/.test(key) ? Number(key) : key);
    at = pattern.lastIndex;
  }
  if (typeof keys[0] === 'string' && FIXED_KEYS.has(keys[0])) {
    return { ok: false, message: `"${text}": a sweep cannot change a strategy's ${keys[0]}` };
  }
  return { ok: true, path: { text, strategy: name, keys } };
}

const isMapping = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The value at `keys` inside `root`, or undefined where the path leads nowhere. */
export function valueAt(root: unknown, keys: readonly PathKey[]): unknown {
  let node = root;
  for (const key of keys) {
    if (Array.isArray(node) && typeof key === 'number') node = node[key];
    else if (isMapping(node) && typeof key === 'string') node = node[key];
    else return undefined;
  }
  return node;
}

export type WriteResult<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * A copy of `root` with `value` at `keys`. Missing mappings on the way are created (a default
 * the config left out); writing into a number, a string or past the end of a list is an error.
 */
export function withValueAt<T>(root: T, keys: readonly PathKey[], value: unknown, pathText: string): WriteResult<T> {
  const copy = structuredClone(root) as unknown;
  let node = copy;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const last = i === keys.length - 1;
    const where = `"${pathText}"`;
    if (Array.isArray(node)) {
      if (typeof key !== 'number') return { ok: false, message: `${where}: "${key}" is a key, but this part of the entry is a list (use [index])` };
      if (key >= node.length) return { ok: false, message: `${where}: index ${key} is past the end of a list of ${node.length}` };
      if (last) node[key] = structuredClone(value);
      else node = node[key];
    } else if (isMapping(node)) {
      const name = String(key);
      if (last) node[name] = structuredClone(value);
      else {
        if (node[name] === undefined) node[name] = typeof keys[i + 1] === 'number' ? [] : {};
        node = node[name];
      }
    } else {
      return { ok: false, message: `${where}: ${keys.slice(0, i).join('.') || 'the entry'} is ${JSON.stringify(node)}, not a mapping or list` };
    }
  }
  return { ok: true, value: copy as T };
}
