import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../core/errors.ts';
import { writeFilesAtomically } from '../core/write-atomic.ts';

/** The journal's file name inside the models folder. */
export const JOURNAL_FILE = 'journal.jsonl';

export function journalPath(modelsDir: string): string {
  return path.join(modelsDir, JOURNAL_FILE);
}

/** One emitted signal, as a line of the journal. */
export const journalEntrySchema = z.object({
  /** ISO time the signal was computed. */
  emittedAt: z.string(),
  /** The bar whose close the decision was made at, and the trading day it is for. */
  barDate: z.string(),
  signalFor: z.string(),
  strategy: z.string(),
  symbol: z.string(),
  /** Expected log return over the horizon (null for rule strategies). */
  forecast: z.number().nullable(),
  /** Position wanted after barDate's close (null: no decision yet, flat). */
  targetPosition: z.number().nullable(),
  action: z.enum(['BUY', 'SELL', 'SHORT', 'COVER', 'HOLD']),
  /** The saved model that made the forecast (null for rules). */
  modelId: z.string().nullable(),
  /** Computed with --as-of (a replay), not on the latest data. */
  replay: z.boolean(),
});
export type JournalEntry = z.infer<typeof journalEntrySchema>;

/**
 * Append entries to the journal: the new file is the old one's bytes unchanged followed by one
 * JSON line per entry, written to a temp file and renamed, so history is never rewritten and a
 * killed run leaves the journal as it was.
 */
export function appendJournal(file: string, entries: readonly JournalEntry[]): void {
  if (entries.length === 0) return;
  const before = existsSync(file) ? readFileSync(file) : Buffer.alloc(0);
  const separator = before.length > 0 && before[before.length - 1] !== 0x0a ? '\n' : '';
  const lines = entries.map((entry) => JSON.stringify(journalEntrySchema.parse(entry))).join('\n') + '\n';
  writeFilesAtomically([{ path: file, content: Buffer.concat([before, Buffer.from(separator + lines)]) }]);
}

/** Every entry of a journal file, oldest first; a line that is not an entry is bad input (file:line). */
export function readJournal(file: string): JournalEntry[] {
  if (!existsSync(file)) throw new UserError(`${file}: no journal yet (walkforward signal writes it beside the models)`);
  const entries: JournalEntry[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new UserError(`${file}:${i + 1}: not a JSON line`);
      }
      const entry = journalEntrySchema.safeParse(parsed);
      if (!entry.success) {
        const issue = entry.error.issues[0];
        throw new UserError(`${file}:${i + 1}: ${issue.path.join('.') || 'entry'}: ${issue.message}`);
      }
      entries.push(entry.data);
    });
  return entries;
}
