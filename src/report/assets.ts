import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { embedJson, escapeHtml, escapeInlineScript } from './html.ts';

/** NOTICE of TradingView Lightweight Charts (Apache-2.0 asks us to keep it with the code). */
export const LIGHTWEIGHT_CHARTS_NOTICE = 'TradingView Lightweight Charts™\nCopyright (с) 2023 TradingView, Inc. https://www.tradingview.com/';

const require = createRequire(import.meta.url);
const cache = new Map<string, string>();

function readOnce(file: string): string {
  let text = cache.get(file);
  if (text === undefined) {
    text = readFileSync(file, 'utf8');
    cache.set(file, text);
  }
  return text;
}

/** The standalone production build (defines window.LightweightCharts), read from node_modules. */
export function lightweightChartsSource(): string {
  const packageJson = require.resolve('lightweight-charts/package.json');
  return readOnce(path.join(path.dirname(packageJson), 'dist', 'lightweight-charts.standalone.production.js'));
}

export function lightweightChartsVersion(): string {
  return (JSON.parse(readOnce(require.resolve('lightweight-charts/package.json'))) as { version: string }).version;
}

/** The page's own script and styles, kept as real files next to this one. */
export function clientScript(): string {
  return readOnce(fileURLToPath(new URL('./client/report.js', import.meta.url)));
}

export function clientStyles(): string {
  return readOnce(fileURLToPath(new URL('./client/report.css', import.meta.url)));
}

/**
 * The end of a report page: the credits and licence notice of the inlined chart library, the
 * page's data as JSON under `dataId`, the chart library and the page's own script.
 */
export function pageFooter(dataId: string, payload: unknown, pageScript: string): string {
  return `<footer>
<p>Made by walkforward. Charts: TradingView Lightweight Charts™ v${escapeHtml(lightweightChartsVersion())}, inlined under the
<a href="https://www.apache.org/licenses/LICENSE-2.0">Apache License 2.0</a>.</p>
<pre class="notice">${escapeHtml(LIGHTWEIGHT_CHARTS_NOTICE)}</pre>
</footer>
<script id="${dataId}" type="application/json">${embedJson(payload)}</script>
<script>${escapeInlineScript(lightweightChartsSource())}</script>
<script>${escapeInlineScript(pageScript)}</script>`;
}
