/** File output: every file is written to a temporary sibling and renamed into place. */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { GlassyInputError } from '@glassy/contracts';
import { flagOf } from './flags.js';

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
/** Parse a JSON file; a missing file or bad JSON is a GlassyInputError naming `label`. */
export function readJsonFile(file: string, label = file): unknown {
  if (!existsSync(file)) throw new GlassyInputError(`${label}: file not found`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (e) {
    throw new GlassyInputError(`${label}: not valid JSON (${(e as Error).message})`);
  }
}

/** A folder that may be created (or exists as a folder): else a GlassyInputError naming the flag. */
export function checkOutputDir(path: string, label: string): void {
  const target = resolve(path);
  if (existsSync(target) && !statSync(target).isDirectory()) throw new GlassyInputError(`${label}: ${path} exists and is not a directory`);
  let dir = dirname(target);
  while (!existsSync(dir)) dir = dirname(dir);
  if (!statSync(dir).isDirectory()) throw new GlassyInputError(`${label}: cannot create ${path}: ${dir} is not a directory`);
}

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

/** The file in a run's output folder that records which run it holds. */
export const RUN_RECORD = '.glassy-run.json';

/**
 * One rule for every output folder of `glassy run`: a folder holds one run. A new or empty
 * folder is claimed (its run recorded in RUN_RECORD); the same run again (same command and
 * flags) resumes from its checkpoints; a folder that holds another run, or files glassy did not
 * write, is refused unless `force`, which empties it first. `flags` are the validated flags;
 * those that do not change the results (quiet, workers, force) are left out of the comparison.
 */
export function claimRunDir(out: string, command: string, flags: Record<string, unknown>, force: boolean): void {
  const ignored = new Set(['quiet', 'workers', 'force', 'out']);
  const run = { command, flags: Object.fromEntries(Object.entries(flags).filter(([k]) => !ignored.has(k)).sort(([a], [b]) => a.localeCompare(b))) };
  if (existsSync(out) && !statSync(out).isDirectory()) throw new GlassyInputError(`--out: ${out} exists and is not a directory`);
  const entries = existsSync(out) ? readdirSync(out) : [];
  if (entries.length > 0) {
    const recordPath = resolve(out, RUN_RECORD);
    let held: { command?: string; flags?: Record<string, unknown> } | undefined;
    try {
      held = existsSync(recordPath) ? (JSON.parse(readFileSync(recordPath, 'utf8')) as typeof held) : undefined;
    } catch {
      held = undefined;
    }
    const same = held !== undefined && JSON.stringify(held) === JSON.stringify(run);
    if (!same) {
      if (!force) {
        let what = 'files glassy did not write';
        if (held?.command !== undefined && held.command !== command) what = `the output of glassy ${held.command}`;
        else if (held?.flags !== undefined) {
          const keys = [...new Set([...Object.keys(held.flags), ...Object.keys(run.flags)])].filter((k) => JSON.stringify(held!.flags![k]) !== JSON.stringify(run.flags[k]));
          what = `another run (${keys.map((k) => `${flagOf(k)} ${JSON.stringify(held!.flags![k]) ?? 'unset'} there, ${JSON.stringify(run.flags[k]) ?? 'unset'} now`).join('; ')})`;
        }
        throw new GlassyInputError(`--out: ${out} holds ${what}; choose another --out, or add --force to replace it`);
      }
      for (const name of entries) rmSync(resolve(out, name), { recursive: true, force: true });
    }
  }
  mkdirSync(out, { recursive: true });
  writeFileAtomic(resolve(out, RUN_RECORD), `${JSON.stringify(run, null, 2)}\n`, '--out');
}
