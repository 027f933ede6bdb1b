import { z } from 'zod';

/**
 * A run's or comparison's name becomes a folder inside the output folder, so it may hold only
 * letters, digits, `_ . -`, and may not start with a dot: `.` and `..` would write into the output
 * folder itself or its parent, and a leading dot hides the folder. The config's `name` and
 * `compare --name` both use this one rule.
 */
export const outputNameSchema = z
  .string()
  .regex(/^[\w-][\w.-]*$/, 'may hold letters, digits, _ . - only, and may not start with a dot (it names the output folder)');

/** Why `name` cannot name an output folder, or undefined when it can. */
export function outputNameProblem(name: string): string | undefined {
  const parsed = outputNameSchema.safeParse(name);
  return parsed.success ? undefined : parsed.error.issues[0].message;
}
