// Module resolution hooks (node:module register) for the user's plug-in files: a bare import that
// the user's folder cannot resolve (no node_modules with walkforward or zod in it, e.g. a study
// folder made by `walkforward init`) falls back to the copy running the user's file. Whatever the
// user's folder does resolve is left alone. Plain JavaScript: hooks run on Node's loader thread.

/** Bare specifier -> URL of the running walkforward's module for it. */
let fallbacks = {};

export function initialize(data) {
  fallbacks = data.fallbacks;
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const fallback = Object.hasOwn(fallbacks, specifier) ? fallbacks[specifier] : undefined;
    if (fallback === undefined || error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    return nextResolve(fallback, context);
  }
}
