import { createHash } from 'node:crypto';
import { UserError } from '../core/errors.ts';
import type { Bar } from '../data/bar.ts';
import { barsFromColumns, barsToColumns, type BarColumns } from '../data/bar-columns.ts';

/**
 * Bars as the queue carries them: one JSON text of columns (what strategies read: date, OHLC,
 * volume), named by the SHA-256 of that text. A worker fetches a hash's bars once and checks the
 * text against the hash, so every trial of a sweep runs on exactly the bars the sweep loaded.
 */
export interface BarsPayload {
  hash: string;
  text: string;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function encodeBars(bars: readonly Bar[]): BarsPayload {
  const text = JSON.stringify(barsToColumns(bars));
  return { hash: sha256(text), text };
}

/** The bars of a payload, after checking its text against the hash it was fetched by. */
export function decodeBars(text: string, expectedHash: string): Bar[] {
  if (sha256(text) !== expectedHash) throw new UserError(`bars ${expectedHash.slice(0, 12)}: the stored text does not match its hash`);
  const columns: unknown = JSON.parse(text);
  const isColumns = (value: unknown): value is BarColumns =>
    typeof value === 'object' && value !== null && ['date', 'open', 'high', 'low', 'close', 'volume'].every((key) => Array.isArray(Reflect.get(value, key)));
  if (!isColumns(columns)) throw new UserError(`bars ${expectedHash.slice(0, 12)}: not a bars payload`);
  return barsFromColumns(columns);
}
