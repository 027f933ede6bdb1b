import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
