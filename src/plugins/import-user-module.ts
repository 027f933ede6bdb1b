import { statSync } from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../core/errors.ts';
import { PLUGIN_EXTENSIONS } from '../core/plugin-reference.ts';


let fallbacksRegistered = false;

/**
 * Once per process: let a user's file import `walkforward` and `zod` even where its own folder
 * has no node_modules holding them (see fallback-resolve-hooks.mjs). They resolve to the running
 * walkforward's public API (src/api/index, in .ts or .js as this module runs) and its zod.
 */
function registerFallbackResolution(): void {
  if (fallbacksRegistered) return;
  fallbacksRegistered = true;
  const extension = path.extname(new URL(import.meta.url).pathname);
  const fallbacks = {
    walkforward: new URL(`../api/index${extension}`, import.meta.url).href,
    zod: import.meta.resolve('zod'),
  };
  register(new URL('./fallback-resolve-hooks.mjs', import.meta.url), { data: { fallbacks } });
}

/** Loaded modules by absolute path: a config naming one file twice (or compare's runs) loads it once. */
const loaded = new Map<string, Promise<Record<string, unknown>>>();

/**
 * Import a user's module (`.ts`, `.mts`, `.js`, `.mjs`) and return its namespace. `shownAs` names
 * it in messages. A missing file, a syntax error or a throw while it loads is a UserError naming
 * the file, never a stack trace.
 */
export function importUserModule(file: string, shownAs = file): Promise<Record<string, unknown>> {
  const absolute = path.resolve(file);
  let pending = loaded.get(absolute);
  if (!pending) {
    pending = importOnce(absolute, shownAs);
    loaded.set(absolute, pending);
    // A failed load is not cached: the user fixes the file and the same process (a test) tries again.
    pending.catch(() => loaded.delete(absolute));
  }
  return pending;
}

async function importOnce(absolute: string, shownAs: string): Promise<Record<string, unknown>> {
  const extension = path.extname(absolute).toLowerCase();
  if (!(PLUGIN_EXTENSIONS as readonly string[]).includes(extension)) {
    throw new UserError(`${shownAs}: a plug-in module must end in ${PLUGIN_EXTENSIONS.join(', ')}`);
  }
  let isFile = false;
  try {
    isFile = statSync(absolute).isFile();
  } catch {
    throw new UserError(`${shownAs}: file not found (${absolute})`);
  }
  if (!isFile) throw new UserError(`${shownAs}: not a regular file (${absolute})`);
  registerFallbackResolution();
  // Stack traces through the user's TypeScript then name their lines, not the transpiled ones'.
  process.setSourceMapsEnabled(true);
  const url = pathToFileURL(absolute).href;
  try {
    // tsx's scoped import for every extension: TypeScript runs without a build step, no loader is
    // registered for the rest of the process, and JavaScript goes through Node's own loader the
    // same way (also where the host is not plain Node, e.g. a test runner's module graph).
    const { tsImport } = await import('tsx/esm/api');
    const namespace: unknown = await tsImport(url, import.meta.url);
    return isModuleNamespace(namespace) ? namespace : {};
  } catch (error) {
    throw new UserError(`${shownAs}: failed to load: ${describeLoadError(error)}`, { cause: error });
  }
}

function isModuleNamespace(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * The first lines of what went wrong while loading (a syntax error's place, a throw's message),
 * without tsx's per-import query on file names.
 */
function describeLoadError(error: unknown): string {
  const text = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  const lines = text.replace(/\?namespace=[\w-]+/g, '').split('\n').filter((line) => line.trim() !== '').slice(0, 4);
  // The fallback to the running walkforward (fallback-resolve-hooks.mjs) covers ES modules only;
  // Node 20 gives hooks no say in require(), which is how a .ts file outside a "type": "module" package runs.
  if (/Cannot find (module|package) '(walkforward|zod)'/.test(text) && /Require stack/.test(text)) {
    lines.splice(1, lines.length, '(this file ran as CommonJS: put a package.json with "type": "module" in its folder, name it .mts, or npm install walkforward there)');
  }
  return lines.join('\n  ');
}
