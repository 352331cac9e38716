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

export function writeFileAtomic(path: string, data: string, label = path): void {
  const target = resolve(path);
  checkOutputPath(path, label);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}-${Date.now()}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EROFS' || code === 'ENOSPC' || code === 'EISDIR' || code === 'ENOTDIR') {
      throw new GlassyInputError(`${label}: cannot write ${path} (${code})`);
    }
    throw e;
  }
}
