import { isMap, isSeq, LineCounter, type Document, type Node } from 'yaml';
import type { z } from 'zod';

export type IssuePath = ReadonlyArray<PropertyKey>;

/** `strategies[0].params.fast` from `['strategies', 0, 'params', 'fast']`. */
export function formatPath(path: IssuePath): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

/** The deepest YAML node along `path` (the key node itself when `pointAtKey` is set). */
function findNode(document: Document, path: IssuePath, pointAtKey?: string): Node | undefined {
  let node: unknown = document.contents;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown })?.value === key);
      if (!pair) return node as Node;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof key === 'number' && node.items[key]) {
      node = node.items[key];
    } else break;
  }
  if (pointAtKey && isMap(node)) {
    const pair = node.items.find((item) => (item.key as { value?: unknown })?.value === pointAtKey);
    if (pair?.key) return pair.key as Node;
  }
  return node as Node | undefined;
}

/** `file:line:col` of the node at `path`, or just `file` when the YAML has no such node. */
export function locate(file: string, document: Document, lineCounter: LineCounter, path: IssuePath, key?: string): string {
  const node = findNode(document, path, key);
  if (!node?.range) return file;
  const { line, col } = lineCounter.linePos(node.range[0]);
  return `${file}:${line}:${col}`;
}

/** `file:line:col` of the node at `path` (the key node itself with `key`), or just the source's name. */
export type Locator = (path: IssuePath, key?: string) => string;

/** One zod issue as `file:line:col path: message` (unknown keys point at the key itself). */
export function formatIssue(where: Locator, issue: z.core.$ZodIssue, pathPrefix: IssuePath = []): string[] {
  const path = [...pathPrefix, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${where(path, key)} ${formatPath([...path, key])}: unknown key "${key}"`);
  }
  const message = issue.message.replace(/^Invalid input: /, '').replace(/^Invalid option: /, '');
  return [`${where(path)} ${formatPath(path) || '(top level)'}: ${message}`];
}
