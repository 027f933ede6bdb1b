import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeStatistics } from '../../src/metrics/statistics.ts';
import { metricRows } from '../../src/report/metrics-table.ts';
import { renderReport } from '../../src/report/render-report.ts';
import { TRADE_COLUMNS } from '../../src/report/trades-table.ts';
import { exitsSchema } from '../../src/backtest/exits.ts';
import type { RunResults } from '../../src/run/results.ts';
import { chooseBrowser, inspectCharts, launchChromium, SYSTEM_CHROMIUM, type LaunchedBrowser } from '../helpers/report-browser.ts';
import { makeFixtureResults } from '../helpers/report-fixture.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCREENSHOT = path.join(ROOT, 'reports', 'screenshot-default.png');

interface OpenedReport {
  page: Page;
  pageErrors: string[];
  consoleErrors: string[];
  /** Every request the page made, allowed or not. */
  requests: string[];
  fileUrl: string;
}

/** Open a report over file:// with every other request recorded and refused. */
async function openReport(browser: Browser, file: string, colorScheme: 'light' | 'dark'): Promise<OpenedReport> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
  const fileUrl = pathToFileURL(file).href;
  const opened: OpenedReport = { page: await context.newPage(), pageErrors: [], consoleErrors: [], requests: [], fileUrl };
  await context.route('**/*', (route) => (route.request().url() === fileUrl ? route.continue() : route.abort()));
  opened.page.on('request', (request) => opened.requests.push(request.url()));
  opened.page.on('pageerror', (error) => opened.pageErrors.push(error.message));
  opened.page.on('console', (message) => {
    if (message.type() === 'error') opened.consoleErrors.push(message.text());
  });
  await opened.page.goto(fileUrl, { waitUntil: 'load' });
  // Charts draw on the next animation frames.
  await opened.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return opened;
}

function expectCleanAndDrawn(opened: OpenedReport, checks: Awaited<ReturnType<typeof inspectCharts>>): void {
  expect(opened.pageErrors).toEqual([]);
  expect(opened.consoleErrors).toEqual([]);
  expect(opened.requests).toEqual([opened.fileUrl]);
  expect(checks.length).toBeGreaterThan(0);
  for (const check of checks) {
    expect(check.canvases, `${check.chart} has a canvas`).toBeGreaterThan(0);
    // A blank canvas has 1 color; axes, grid and lines give dozens.
    expect(check.colors, `${check.chart} is drawn`).toBeGreaterThan(5);
  }
}

// Debian's chromium when installed, else the one inside @sparticuz/chromium (WALKFORWARD_BROWSER
// forces either); the suite's name says which ran.
const SOURCE = chooseBrowser(process.env.WALKFORWARD_BROWSER, existsSync(SYSTEM_CHROMIUM));

describe(`report.html in Chromium (${SOURCE} browser)`, () => {
  let launched: LaunchedBrowser;
  let browser: Browser;
  let workDir: string;
  let results: RunResults;
  let reportFile: string;

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'walkforward-report-'));
    // The default config through the real CLI, as `npm start` runs it, except that model
    // strategies train 1 epoch per fold instead of their configured count: the report gets every
    // section the default run has (folds, forecasts) in seconds instead of a minute or two.
    const config = parseDocument(readFileSync(path.join(ROOT, 'configs/default.yaml'), 'utf8'), { merge: true }).toJS({ maxAliasCount: -1 }) as {
      data: { path: string };
      strategies: Array<{ params?: { model?: { type?: string; epochs?: number } } }>;
    };
    // data.path is relative to the config's folder: the copy in workDir points at the same file.
    config.data.path = path.resolve(ROOT, 'configs', config.data.path);
    for (const strategy of config.strategies) {
      const model = strategy.params?.model;
      // Trained networks only: naive and linear have no epochs to cut.
      if (model && !['naive', 'linear'].includes(model.type ?? '')) model.epochs = 1;
    }
    const configFile = path.join(workDir, 'default.yaml');
    writeFileSync(configFile, JSON.stringify(config, null, 1)); // JSON is YAML
    await promisify(execFile)(process.execPath, [path.join(ROOT, 'bin/walkforward.mjs'), 'backtest', configFile, '--out', workDir, '--quiet'], {
      cwd: ROOT,
      timeout: 120_000,
    });
    const outDir = path.join(workDir, 'default');
    results = JSON.parse(readFileSync(path.join(outDir, 'results.json'), 'utf8')) as RunResults;
    reportFile = path.join(outDir, 'report.html');
    launched = await launchChromium();
    expect(launched.source).toBe(SOURCE);
    browser = launched.browser;
    console.info(`report browser: ${launched.source} Chromium ${browser.version()} (${launched.executablePath})`);
  }, 150_000);

  afterAll(async () => {
    await launched?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('opens the default report offline: no errors, no requests, every chart drawn', async () => {
    const opened = await openReport(browser, reportFile, 'light');
    const checks = await opened.page.evaluate(inspectCharts);
    expectCleanAndDrawn(opened, checks);
    expect(checks.map((c) => c.chart)).toEqual(expect.arrayContaining(['price', 'equity', 'drawdown']));
    // Each forecaster (bar the naive one, whose forecasts are all zero) gets its two charts.
    results.strategies.forEach((strategy, i) => {
      if (strategy.model) expect(checks.map((c) => c.chart)).toEqual(expect.arrayContaining([`forecast${i}`, `scatter${i}`]));
    });
    // The statistics reached results.json and the page says in words whether each edge is real.
    for (const strategy of results.strategies) expect(strategy.statistics).toBeDefined();
    const verdicts = await opened.page.locator('ul.verdicts li').count();
    expect(verdicts).toBe(results.strategies.length);
    // The equity legend starts on the final equities.
    expect(await opened.page.locator('#equity-legend .legend-date').textContent()).toBe('final');
    expect((await opened.page.locator('#equity-legend [data-legend="0"]').textContent())!.length).toBeGreaterThan(0);
    const tradeCount = results.strategies.reduce((n, s) => n + s.trades.length + (s.openTrade ? 1 : 0), 0);
    expect(await opened.page.locator('#trades-table tbody tr').count()).toBe(tradeCount);

    // The metrics table: a row per metric, a column per strategy (plus the label column).
    const table = await opened.page.evaluate(() => {
      const element = document.getElementById('metrics-table') as HTMLTableElement;
      return {
        headers: Array.from(element.tHead!.rows[0].cells).map((c) => c.textContent!.trim()),
        rows: Array.from(element.tBodies[0].rows).map((r) => r.cells.length),
      };
    });
    expect(table.rows).toHaveLength(metricRows(results).length);
    expect(new Set(table.rows)).toEqual(new Set([results.strategies.length + 1]));
    expect(table.headers.slice(1).map((h) => h.replace(/\s*benchmark$/, ''))).toEqual(results.strategies.map((s) => s.name));

    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await opened.page.screenshot({ path: SCREENSHOT, fullPage: true });
    await opened.page.context().close();
  });

  it('sorts trades, filters them, toggles log scale and markers without errors (dark mode)', async () => {
    const opened = await openReport(browser, reportFile, 'dark');
    const page = opened.page;
    const pnlColumn = TRADE_COLUMNS.findIndex((c) => c.label === 'PnL');
    await page.click(`#trades-table th[data-col="${pnlColumn}"]`);
    const pnl = await page.$$eval(`#trades-table tbody tr td:nth-child(${pnlColumn + 1})`, (cells) =>
      cells.map((c) => parseFloat(c.textContent!.replace(/,/g, '').replace('\u2212', '-'))),
    );
    expect(pnl.length).toBeGreaterThan(1);
    expect(pnl).toEqual([...pnl].sort((a, b) => a - b));
    await page.selectOption('#trades-filter', '0');
    const visible = await page.$$eval('#trades-table tbody tr', (rows) => rows.filter((r) => !(r as HTMLElement).hidden).map((r) => r.getAttribute('data-s')));
    expect(new Set(visible)).toEqual(new Set(visible.length ? ['0'] : []));
    await page.check('#log-scale');
    await page.locator('input[data-markers]').first().click();
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(21, 23, 28)');
    expectCleanAndDrawn(opened, await page.evaluate(inspectCharts));
    await page.context().close();
  });

  it('draws exit markers per reason and lists exit reasons', async () => {
    const exits = exitsSchema.parse({ stopLoss: { fraction: 0.015 }, takeProfit: { atrMultiple: 3 }, trailingStop: { fraction: 0.03 }, maxBars: 12 });
    const fixture = makeFixtureResults({ bars: 400, ruleStrategies: 1, withModel: false, exits });
    computeStatistics(fixture);
    const file = path.join(workDir, 'exits-report.html');
    writeFileSync(file, renderReport(fixture));
    const opened = await openReport(browser, file, 'light');
    const reasonColumn = TRADE_COLUMNS.findIndex((c) => c.label === 'Exit reason');
    const reasons = await opened.page.$$eval(`#trades-table tbody tr td:nth-child(${reasonColumn + 1})`, (cells) => cells.map((c) => c.textContent));
    expect(new Set(reasons)).toEqual(new Set(['signal', 'stop', 'take-profit', 'trailing', 'time', '']));
    // The PnL column, and only it, is coloured by the trade's sign (the stylesheet counts columns).
    const colours = await opened.page.$eval('#trades-table tbody tr.up', (row, columns) => columns.map((k) => getComputedStyle((row as HTMLTableRowElement).cells[k]).color), [
      TRADE_COLUMNS.findIndex((c) => c.label === 'PnL'),
      TRADE_COLUMNS.findIndex((c) => c.label === 'Size'),
      0,
    ]);
    expect(colours[0]).not.toBe(colours[2]);
    expect(colours[1]).toBe(colours[2]);
    expectCleanAndDrawn(opened, await opened.page.evaluate(inspectCharts));
    await opened.page.context().close();
  });

  it('draws the forecasting sections of a model strategy', async () => {
    const fixture = makeFixtureResults({ bars: 600, ruleStrategies: 1, withModel: true });
    computeStatistics(fixture);
    const file = path.join(workDir, 'fixture-report.html');
    writeFileSync(file, renderReport(fixture));
    const opened = await openReport(browser, file, 'light');
    const checks = await opened.page.evaluate(inspectCharts);
    expectCleanAndDrawn(opened, checks);
    expect(checks.map((c) => c.chart)).toEqual(expect.arrayContaining(['forecast2', 'scatter2', 'attention2']));
    await opened.page.context().close();
  });
});
