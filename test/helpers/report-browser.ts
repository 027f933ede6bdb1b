import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium (`apt-get install chromium`), used when it is installed. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * Flags for this sandbox: headless as root, and no background traffic (the machine has no
 * network, and Chromium would otherwise keep trying to reach Google's hosts).
 */
export const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Which browser runs the report tests. `WALKFORWARD_BROWSER` = `system` (Debian's, required),
 * `bundled` (the Chromium inside the `@sparticuz/chromium` dev dependency, which `npm ci`
 * installs) or `auto` (the default: Debian's when present, else the bundled one). Never a
 * browser downloaded at run time.
 */
export type BrowserSource = 'system' | 'bundled';

export function chooseBrowser(setting: string | undefined, systemPresent: boolean): BrowserSource {
  switch (setting ?? '') {
    case '':
    case 'auto':
      return systemPresent ? 'system' : 'bundled';
    case 'system':
      if (!systemPresent) throw new Error(`WALKFORWARD_BROWSER=system but ${SYSTEM_CHROMIUM} is missing (apt-get install -y chromium)`);
      return 'system';
    case 'bundled':
      return 'bundled';
    default:
      throw new Error(`WALKFORWARD_BROWSER=${setting}: expected auto, system or bundled`);
  }
}

export interface LaunchedBrowser {
  browser: Browser;
  source: BrowserSource;
  executablePath: string;
  /** Closes the browser and removes its profile (and the unpacked bundled browser). */
  close(): Promise<void>;
}

/**
 * Unpack the Chromium shipped brotli-compressed inside `@sparticuz/chromium` into `dir` (its
 * `executablePath()` unpacks into os.tmpdir(), so TMPDIR points at `dir` while it runs: nothing
 * lands in the shared temp folder and everything goes when `dir` is removed).
 */
async function unpackBundledChromium(dir: string): Promise<string> {
  mkdirSync(dir);
  const { default: bundled } = await import('@sparticuz/chromium');
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    const executable = await bundled.executablePath();
    if (path.dirname(executable) !== dir) throw new Error(`@sparticuz/chromium unpacked to ${executable}, not into ${dir}`);
    return executable;
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

/** Launch headless Chromium (see chooseBrowser) with a fresh profile folder. */
export async function launchChromium(setting = process.env.WALKFORWARD_BROWSER): Promise<LaunchedBrowser> {
  const source = chooseBrowser(setting, existsSync(SYSTEM_CHROMIUM));
  const workDir = mkdtempSync(path.join(tmpdir(), 'walkforward-browser-'));
  const remove = () => rmSync(workDir, { recursive: true, force: true });
  try {
    const executablePath = source === 'system' ? SYSTEM_CHROMIUM : await unpackBundledChromium(path.join(workDir, 'bundled'));
    const context = await chromium.launchPersistentContext(path.join(workDir, 'profile'), {
      executablePath,
      headless: true,
      args: LAUNCH_ARGS,
      // Under LANG=C (or C.UTF-8, as here) the bundled headless shell reports navigator.language
      // as 'en-US@posix', an invalid tag that Intl rejects (the charts format with it); a person's
      // browser has a real language, so give the browser one.
      env: { ...process.env, LANG: 'en_US.UTF-8' },
    });
    const browser = context.browser();
    if (!browser) {
      await context.close();
      throw new Error('Playwright gave no Browser for the persistent context');
    }
    return {
      browser,
      source,
      executablePath,
      close: async () => {
        try {
          await context.close();
        } finally {
          remove();
        }
      },
    };
  } catch (error) {
    remove();
    throw error;
  }
}

export interface ChartCheck {
  chart: string;
  canvases: number;
  /** Distinct colors sampled from the container's largest canvas (1 = blank). */
  colors: number;
}

/** In the page: for every chart container, count canvases and distinct sampled pixel colors. */
export const inspectCharts = (): ChartCheck[] =>
  Array.from(document.querySelectorAll<HTMLElement>('.chart')).map((container) => {
    const canvases = Array.from(container.querySelectorAll('canvas'));
    let colors = 0;
    for (const canvas of canvases) {
      if (!canvas.width || !canvas.height) continue;
      const context = canvas.getContext('2d');
      if (!context) continue;
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      const seen = new Set<number>();
      const step = Math.max(4, Math.floor(pixels.length / 4 / 20000) * 4);
      for (let i = 0; i < pixels.length; i += step) seen.add((pixels[i] << 24) | (pixels[i + 1] << 16) | (pixels[i + 2] << 8) | pixels[i + 3]);
      colors = Math.max(colors, seen.size);
    }
    return { chart: `${container.dataset.chart}${container.dataset.strategy ?? ''}`, canvases: canvases.length, colors };
  });
