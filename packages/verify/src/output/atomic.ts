/**
 * Binary and "write through a callback" variants of `writeFileAtomic` (../io.ts): the file appears
 * under its final name complete or not at all, and no temporary sibling is left behind on failure.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { GlassyInputError } from '@glassy/contracts';
import { checkOutputPath } from '../io.js';

const USER_ERRNO = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EISDIR', 'ENOTDIR']);

/** A temporary sibling of `target` (same directory, so the final rename is atomic). */
export function temporarySibling(target: string): string {
  return `${target}.tmp-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Create `path` atomically: `write(tmp)` fills a temporary sibling, which is then renamed into place.
 * Errors from the file system that the user can fix (permissions, read-only, full disk, a
 * directory in the way) become a GlassyInputError naming `label`.
 */
export async function replaceFileAtomic(path: string, write: (tmp: string) => void | Promise<void>, label = path): Promise<void> {
  const target = resolve(path);
  checkOutputPath(path, label);
  const tmp = temporarySibling(target);
  try {
    mkdirSync(dirname(target), { recursive: true });
    await write(tmp);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined && USER_ERRNO.has(code)) throw new GlassyInputError(`${label}: cannot write ${path} (${code})`);
    throw e;
  }
}

/** `writeFileAtomic` for bytes (PNG, HDF5 images...). */
export function writeBinaryFileAtomic(path: string, data: Uint8Array, label = path): void {
  const target = resolve(path);
  checkOutputPath(path, label);
  const tmp = temporarySibling(target);
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined && USER_ERRNO.has(code)) throw new GlassyInputError(`${label}: cannot write ${path} (${code})`);
    throw e;
  }
}
