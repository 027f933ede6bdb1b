import type { RunResults } from '../run/results.ts';

// A plain first report: conventions, one metrics table, trades. The rich report replaces it.
const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const fmt = (value: unknown) =>
  typeof value === 'number' ? (Number.isFinite(value) ? value.toFixed(Math.abs(value) >= 1000 ? 0 : 2) : '—') : escapeHtml(String(value));

export function renderReport(results: RunResults): string {
  const metricKeys = Object.keys(results.strategies[0]?.metrics ?? {});
  const header = results.strategies.map((s) => `<th>${escapeHtml(s.name)}</th>`).join('');
  const rows = metricKeys
    .map((key) => `<tr><th>${key}</th>${results.strategies.map((s) => `<td>${fmt((s.metrics as any)[key])}</td>`).join('')}</tr>`)
    .join('\n');
  const trades = results.strategies
    .map(
      (s) => `<h3>${escapeHtml(s.name)}: ${s.trades.length} closed trades${s.openTrade ? ' + 1 open' : ''}</h3>
<table><tr><th>dir</th><th>entry</th><th>price</th><th>exit</th><th>price</th><th>size</th><th>PnL</th><th>return %</th></tr>
${[...s.trades, ...(s.openTrade ? [s.openTrade] : [])]
  .map(
    (t) =>
      `<tr><td>${t.direction > 0 ? 'long' : 'short'}</td><td>${t.entryDate}</td><td>${fmt(t.entryPrice)}</td><td>${t.exitDate ?? 'open'}</td><td>${fmt(t.exitPrice ?? NaN)}</td><td>${fmt(t.size)}</td><td>${fmt(t.pnl)}</td><td>${fmt(t.returnPct)}</td></tr>`,
  )
  .join('\n')}</table>`,
    )
    .join('\n');
  const c = results.conventions;
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(results.name)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}</style></head>
<body><h1>${escapeHtml(results.name)}</h1>
<p>${escapeHtml(results.data.symbol)} ${results.data.start} .. ${results.data.end} (${results.data.bars} bars), seed ${results.seed}, engine ${escapeHtml(results.engine)}</p>
<p>Conventions: ${c.periodsPerYear} periods a year, risk-free rate ${c.riskFreeRate}, ${escapeHtml(c.fillRule)}, commission ${c.commission}, slippage ${c.slippage}, sizing ${escapeHtml(c.sizing)}.</p>
<table><tr><th>metric</th>${header}</tr>
${rows}</table>
${trades}
</body></html>`;
}
