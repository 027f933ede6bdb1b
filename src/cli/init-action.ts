import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { outputNameProblem } from '../config/output-name.ts';
import { UserError } from '../core/errors.ts';
import { checkOutputLocations } from './check-output-locations.ts';
import { packageRoot } from '../core/package-version.ts';

export interface InitOptions {
  yahoo?: string;
}

/** The template files, kept as real files beside this module (copied into dist/ by the build). */
function template(name: string): string {
  return readFileSync(fileURLToPath(new URL(`./init-template/${name}`, import.meta.url)), 'utf8');
}

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole);
}

const CSV_DATA = `  source: csv
  path: data/GOOG.csv             # relative to this file's folder: GOOG daily bars 2004-2013, shipped with walkforward
  # Yahoo Finance instead (fetched once, then cached; a run with --offline uses the cache only):
  # source: yahoo
  # symbol: AAPL
  # start: 2015-01-01`;

const yahooData = (symbol: string) => `  source: yahoo
  symbol: ${symbol}
  start: 2015-01-01               # daily bars from Yahoo Finance, fetched once, then cached
  # A CSV file of your own instead (a Date, Open, High, Low, Close, Volume header):
  # source: csv
  # path: data/prices.csv         # relative to this file's folder`;

/** The study's name (its output folder) from the folder's name: the characters a name allows. */
function studyName(folder: string): string {
  const name = path.basename(folder).replace(/[^\w.-]+/g, '-').replace(/^[.-]+/, '');
  return outputNameProblem(name) === undefined ? name : 'study';
}

/**
 * How to run this walkforward from `folder`: `walkforward` when an installed copy is on the
 * folder's node_modules/.bin path (npm scripts and npx find it), else this copy's bin by its path.
 */
function commandFrom(folder: string): { script: string; shell: string } {
  for (let dir = folder; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules', '.bin', 'walkforward'))) return { script: 'walkforward', shell: 'npx walkforward' };
    if (path.dirname(dir) === dir) break;
  }
  const bin = `node ${JSON.stringify(path.join(packageRoot(), 'bin', 'walkforward.mjs'))}`;
  return { script: bin, shell: bin };
}

/** `walkforward init <folder>`: a study folder that runs as it is (config, strategy template, data, README, npm scripts). */
export async function init(target: string, options: InitOptions): Promise<void> {
  const folder = path.resolve(target);
  if (existsSync(folder)) {
    if (!statSync(folder).isDirectory()) throw new UserError(`${target}: exists and is not a folder`);
    if (readdirSync(folder).length > 0) throw new UserError(`${target}: not empty; give a new folder (init never overwrites files)`);
  }
  const symbol = options.yahoo;
  if (symbol !== undefined && !/^[A-Za-z0-9.^=-]{1,20}$/.test(symbol)) throw new UserError(`--yahoo: "${symbol}" is not a ticker symbol`);
  checkOutputLocations([{ path: folder, kind: 'folder' }]);

  const name = studyName(folder);
  const command = commandFrom(folder);
  const written: string[] = [];
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    writeFileSync(path.join(folder, file), text);
    written.push(file);
  };
  write('config.yaml', fill(template('config.yaml'), { name, data: symbol === undefined ? CSV_DATA : yahooData(symbol.toUpperCase()) }));
  write('strategies/my-strategy.ts', template('my-strategy.ts.txt'));
  if (symbol === undefined) {
    mkdirSync(path.join(folder, 'data'), { recursive: true });
    copyFileSync(path.join(packageRoot(), 'data', 'GOOG.csv'), path.join(folder, 'data', 'GOOG.csv'));
    written.push('data/GOOG.csv');
  }
  const dataRow = symbol === undefined ? '| `data/GOOG.csv` | GOOG daily bars, 2004-2013 (a copy of the file walkforward ships) |' : '';
  write('README.md', fill(template('README.md'), { name, run: command.shell, dataRow }));
  const scripts = { start: `${command.script} backtest config.yaml`, check: `${command.script} check config.yaml` };
  write('package.json', `${JSON.stringify({ name, private: true, type: 'module', scripts }, null, 2)}\n`);
  write('.gitignore', template('gitignore'));

  const relative = path.relative(process.cwd(), folder);
  const shown = relative === '' ? '.' : relative.startsWith('..') ? folder : relative;
  process.stdout.write(
    `created ${shown}/: ${written.join(', ')}\n` +
      `run it:\n` +
      `  cd ${shown}\n` +
      `  npm start        # ${command.shell} backtest config.yaml -> reports/${name}/report.html\n` +
      `  npm run check    # ${command.shell} check config.yaml: look-ahead and determinism of every strategy in it\n`,
  );
}
