import { accessSync, constants, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.ts';

/** A place a command will write: a file (results.json, report.html) or a folder (saved models). */
export interface OutputLocation {
  path: string;
  kind: 'file' | 'folder';
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Refuse, before any work starts, output locations that cannot be written: the output folder or
 * one above it is a file, a target file is a folder, or the nearest existing folder is not
 * writable. Otherwise a run would find out only at the end, after all its training.
 */
export function checkOutputLocations(locations: readonly OutputLocation[]): void {
  for (const location of locations) {
    const target = location.path;
    const own = statOrUndefined(target);
    if (own) {
      if (location.kind === 'file' && own.isDirectory()) throw new UserError(`cannot write ${target}: it is a folder`);
      if (location.kind === 'folder' && !own.isDirectory()) throw new UserError(`cannot write into ${target}: it is a file, not a folder`);
    }
    // Every existing folder on the way must be a folder; the nearest one must be writable.
    let folder = location.kind === 'folder' && own ? target : path.dirname(target);
    for (;;) {
      const stats = statOrUndefined(folder);
      if (stats) {
        if (!stats.isDirectory()) throw new UserError(`cannot write ${target}: ${folder} is a file, not a folder`);
        try {
          accessSync(folder, constants.W_OK | constants.X_OK);
        } catch {
          throw new UserError(`cannot write ${target}: no permission to write in ${folder}`);
        }
        break;
      }
      const parent = path.dirname(folder);
      if (parent === folder) break;
      folder = parent;
    }
  }
}
