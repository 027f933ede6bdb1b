import { closeSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { UserError } from './errors.ts';

/**
 * Read a user-named file as UTF-8 text, refusing before any read what is not a regular file (a
 * folder, a FIFO that would block forever, /dev/zero that never ends) and anything larger than
 * `maxBytes`. `what` names the file in messages (`config file`, `file`).
 */
export function readRegularFile(file: string, options: { maxBytes: number; what: string }): string {
  let size: number;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) throw new UserError(`${file}: not a regular file (${describeKind(stats)}); expected a ${options.what}`);
    size = stats.size;
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `${file}: ${options.what} not found` : `${file}: cannot read (${code ?? error})`);
  }
  if (size > options.maxBytes) throw new UserError(`${file}: ${formatSize(size)}; a ${options.what} may be at most ${formatSize(options.maxBytes)}`);
  // Read one byte more than the stat said: a file that grew since is caught, never read unbounded.
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buffer = Buffer.allocUnsafe(size + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) read = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > size) throw new UserError(`${file}: changed while being read; try again`);
    return buffer.toString('utf8', 0, length);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? error})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function describeKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

function formatSize(bytes: number): string {
  return bytes >= 1024 ** 2 ? `${+(bytes / 1024 ** 2).toFixed(1)} MB` : `${bytes} bytes`;
}
