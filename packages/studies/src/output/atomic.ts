/**
 * The "write through a callback" variant of `writeFileAtomic` (../io.ts), for libraries that
 * write files themselves (h5wasm): the file appears under its final name complete or not at all,
 * and no temporary sibling is left behind on failure.
 */
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { GlassyInputError } from '@glassy/contracts';
import { checkOutputPath, temporarySibling, USER_ERRNO } from '../io.js';

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
