/** File output: every file is written to a temporary sibling and renamed into place. */
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { GlassyInputError } from '@glassy/contracts';

/**
 * Refuse an output path that cannot be a file (a directory, or a path below a file) before any
 * work is done. `label` names the flag in the message.
 */
export function checkOutputPath(path: string, label: string): void {
  const target = resolve(path);
  if (existsSync(target) && statSync(target).isDirectory()) throw new GlassyInputError(`${label}: ${path} is a directory`);
  let dir = dirname(target);
  while (!existsSync(dir)) dir = dirname(dir);
  if (!statSync(dir).isDirectory()) throw new GlassyInputError(`${label}: cannot create ${path}: ${dir} is not a directory`);
}

/** File-system errors the user can fix: reported as a GlassyInputError naming the flag. */
export const USER_ERRNO: ReadonlySet<string> = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EISDIR', 'ENOTDIR']);

/** A temporary sibling of `target` (same directory, so the final rename is atomic). */
export function temporarySibling(target: string): string {
  return `${target}.tmp-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Write text or bytes to `path` atomically: a temporary sibling, then a rename. */
export function writeFileAtomic(path: string, data: string | Uint8Array, label = path): void {
  const target = resolve(path);
  checkOutputPath(path, label);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = temporarySibling(target);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined && USER_ERRNO.has(code)) throw new GlassyInputError(`${label}: cannot write ${path} (${code})`);
    throw e;
  }
}
