import path from 'node:path';
import type { z } from 'zod';
import { dataSchema } from '../config/schema.ts';
import { UserError } from '../core/errors.ts';
import type { Bar } from '../data/bar.ts';
import { loadSeries } from '../data/load-series.ts';

/** A config's `data:` block as written (defaults may be left out). */
export type DataInput = z.input<typeof dataSchema>;

export interface LoadBarsOptions {
  /** Folder a relative path is relative to; default the working folder. */
  baseDir?: string;
  offline?: boolean;
  refresh?: boolean;
}

/** loadBars of the library (src/api/index.ts, where it is documented), loaded on its first call. */
export async function loadBars(data: string | DataInput, options: LoadBarsOptions = {}): Promise<Bar[]> {
  const parsed = dataSchema.safeParse(typeof data === 'string' ? { source: 'csv', path: data } : data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(data)'}: ${issue.message}`);
    throw new UserError(`loadBars: ${issues.join('; ')}`);
  }
  const seriesList = await loadSeries(parsed.data, { baseDir: path.resolve(options.baseDir ?? process.cwd()), offline: options.offline, refresh: options.refresh });
  if (seriesList.length !== 1) throw new UserError(`loadBars: loads one instrument; data names ${seriesList.length} (give symbol, not symbols)`);
  return seriesList[0].bars;
}
