/** Small HTML helpers for the report: escaping, embedding JSON, number formatting. */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * JSON safe to place inside a <script> element: every `<` becomes \u003c (so no `</script>` or
 * `<!--` can end or confuse the element), and U+2028/U+2029 are escaped for old parsers.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Inline script source: a literal `</script` inside it would end the element early. */
export function escapeInlineScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** Round to `digits` significant digits (keeps embedded JSON short). NaN/Infinity -> null. */
export function roundSignificant(value: number, digits: number): number | null {
  if (!Number.isFinite(value)) return null;
  if (value === 0) return 0;
  return Number(value.toPrecision(digits));
}

/** Round to a fixed number of decimals. NaN/Infinity -> null. */
export function roundDecimals(value: number, decimals: number): number | null {
  if (!Number.isFinite(value)) return null;
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** A number for a table cell: thousands separators, `decimals` places; n/a when not finite. */
export function formatNumber(value: unknown, decimals = 2): string {
  if (typeof value !== 'number') return value === null || value === undefined ? 'n/a' : escapeHtml(String(value));
  if (!Number.isFinite(value)) return value === Infinity ? '∞' : value === -Infinity ? '−∞' : 'n/a';
  // No "−0.0": a value that rounds to zero is zero.
  const shown = Math.abs(value) < 0.5 * 10 ** -decimals ? 0 : value;
  const text = shown.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  return text.startsWith('-') ? `−${text.slice(1)}` : text;
}

/** A probability or p-value with 3 decimals, `< 0.001` below that. */
export function formatProbability(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'n/a';
  if (value > 0 && value < 0.001) return '&lt; 0.001';
  if (value < 1 && value > 0.999) return '&gt; 0.999';
  return value.toFixed(3);
}

/** A fraction as a percent with up to 3 decimals, trailing zeros dropped: 0.001 -> 0.1%. */
export const percentText = (fraction: number) => `${Number((fraction * 100).toFixed(3))}%`;

/** A definition list of label -> HTML value pairs (labels escaped here, values already HTML). */
export function definitionList(items: Array<[string, string]>): string {
  return `<dl>${items.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${v}</dd></div>`).join('')}</dl>`;
}

/** `850 ms`, `12.5 s`, `3 min 4 s`; n/a when unknown. */
export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
