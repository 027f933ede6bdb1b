import { z } from 'zod';

/** ISO date `YYYY-MM-DD`; YAML may also hand us a Date for an unquoted date. */
export const isoDate = z.preprocess(
  (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD'),
);
