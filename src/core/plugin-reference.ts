/** File extensions a plug-in module may have; TypeScript ones run through tsx, without a build step. */
export const PLUGIN_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'] as const;

/**
 * A `type` (of a strategy, or of a model block) that names a file rather than a registered type:
 * it has a path separator or a module extension (`./my-strategy.ts`, `../shared/momentum.mjs`,
 * `my-model.ts`). Registered type names are kebab-case words, so the two never collide.
 */
export function isPluginReference(type: string): boolean {
  return type.includes('/') || type.includes('\\') || PLUGIN_EXTENSIONS.some((extension) => type.toLowerCase().endsWith(extension));
}
