/**
 * Shared helpers of the tests that spawn the built `glassy` CLI (packages/verify/dist/cli/main.js).
 *
 * Not a test file itself (vitest runs only files named *.test.ts). Typical use in a test file:
 *
 *   beforeAll(assertBuiltCli);
 *   afterAll(removeTempDirs);
 *
 * Build first: `npx nx run @glassy/verify:build` (the Nx `test` target depends on it).
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The built CLI entry point. */
export const MAIN = resolve(HERE, '../../dist/cli/main.js');

/** Exit status and complete output of one CLI run. */
export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Throw unless the CLI has been built (use as `beforeAll(assertBuiltCli)`). */
export function assertBuiltCli(): void {
  if (!existsSync(MAIN)) {
    throw new Error(`built CLI not found at ${MAIN}: run \`npx nx run @glassy/verify:build\` before these tests`);
  }
}

const tempDirs: string[] = [];

/** A fresh temporary directory named `<tmpdir>/<prefix>XXXXXX`, removed by {@link removeTempDirs}. */
export function tempCwd(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Remove every directory made by {@link tempCwd} so far (use as `afterAll(removeTempDirs)`). */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Start the built CLI in `cwd`, stdin ignored, stdout and stderr piped; killed after `timeoutMs`. */
export function startGlassy(cwd: string, args: readonly string[], timeoutMs: number): ChildProcessByStdio<null, Readable, Readable> {
  return spawn(process.execPath, [MAIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
}

/**
 * Run the built CLI in `cwd` and collect its output. Asynchronous (not spawnSync) so that
 * concurrent tests overlap their ~0.5 s Node start-ups; each test should use its own temp cwd.
 * Rejects if the process cannot be spawned or is killed by a signal (e.g. on the timeout).
 */
export function glassy(cwd: string, args: readonly string[], timeoutMs = 60_000): Promise<Run> {
  return new Promise((done, fail) => {
    const child = startGlassy(cwd, args, timeoutMs);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (status, signal) => {
      if (signal !== null) fail(new Error(`glassy ${args.join(' ')} killed by ${signal}\n${stderr}`));
      else done({ status, stdout, stderr });
    });
  });
}

/** Every file and directory under `dir`, relative and sorted. */
export function tree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).map(String).sort();
}
