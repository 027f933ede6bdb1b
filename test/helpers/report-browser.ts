import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium, never a downloaded browser build (see .ci/run). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
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
