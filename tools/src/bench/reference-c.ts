/**
 * The C side: find a compiler, build tools/bench/reference/*.c into a temporary directory
 * (`gcc -O3 -march=native … -lm`: gcc's default dialect, so FMA contraction is allowed as a C
 * user gets it by default; no -ffast-math, so glibc sin/cos and IEEE semantics otherwise), and
 * run one program. No compiler, or a failed build, is not an error: the
 * comparison is skipped with one message and the rest of the bench runs.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cResultSchema, parseResultLine, type CResult, type CompilerInfo } from './reference-protocol.js';
import type { ReferenceCase } from './reference-steps.js';
import { REFERENCE_SPECS } from './reference-steps.js';

const run = promisify(execFile);

/** tools/bench/reference/ (sources; the build goes to a temporary directory). */
export const REFERENCE_SOURCE_DIR = fileURLToPath(new URL('../../bench/reference/', import.meta.url));

export const C_FLAGS: readonly string[] = ['-O3', '-march=native', '-Wall'];


/** Compiled programs, by C source file name; `dispose` removes the temporary directory. */
export interface CBuild {
  readonly compiler: CompilerInfo;
  readonly binaries: ReadonlyMap<string, string>;
  dispose(): void;
}

export type CBuildOutcome = { readonly ok: true; readonly build: CBuild } | { readonly ok: false; readonly reason: string };

async function findCompiler(): Promise<CompilerInfo | undefined> {
  for (const command of ['gcc', 'cc']) {
    try {
      const { stdout } = await run(command, ['--version'], { timeout: 10_000 });
      return { command, version: stdout.split('\n')[0]!.trim(), flags: [...C_FLAGS] };
    } catch {
      // not on PATH (ENOENT) or unusable: try the next name
    }
  }
  return undefined;
}

/** Compile every reference source; on any failure return the reason instead of throwing. */
export async function buildReferences(sources: readonly string[] = Object.values(REFERENCE_SPECS).map((s) => s.source)): Promise<CBuildOutcome> {
  const compiler = await findCompiler();
  if (compiler === undefined) return { ok: false, reason: 'no C compiler found (neither gcc nor cc is on PATH)' };
  const dir = mkdtempSync(join(tmpdir(), 'glassy-c-reference-'));
  const dispose = (): void => rmSync(dir, { recursive: true, force: true });
  const binaries = new Map<string, string>();
  for (const source of sources) {
    const binary = join(dir, source.replace(/\.c$/, ''));
    try {
      await run(compiler.command, [...C_FLAGS, '-o', binary, join(REFERENCE_SOURCE_DIR, source), '-lm'], { timeout: 120_000 });
    } catch (e) {
      dispose();
      const stderr = (e as { stderr?: string }).stderr ?? '';
      const firstError = stderr.split('\n').find((l) => /error/i.test(l)) ?? (e as Error).message.split('\n')[0];
      return { ok: false, reason: `${compiler.command} could not compile ${source}: ${firstError}` };
    }
    binaries.set(source, binary);
  }
  return { ok: true, build: { compiler, binaries, dispose } };
}

/** Command-line arguments of a C reference program (common.h): L nSteps dt minSeconds paritySteps seed params… */
export function cArguments(c: ReferenceCase, minSeconds: number, paritySteps: number, seed: number): string[] {
  const spec = REFERENCE_SPECS[c.reference];
  return [c.L, c.nSteps, c.dt, minSeconds, paritySteps, seed, ...spec.cParams.map((n) => c.cParams[n]!)].map(String);
}

/** Run one C measurement; a crash or bad output is a bug in the program and throws. */
export async function runReference(build: CBuild, c: ReferenceCase, minSeconds: number, paritySteps: number, seed: number): Promise<CResult> {
  const source = REFERENCE_SPECS[c.reference].source;
  const binary = build.binaries.get(source);
  if (binary === undefined) throw new Error(`${source} was not built`);
  const { stdout } = await run(binary, cArguments(c, minSeconds, paritySteps, seed), { timeout: 120_000 });
  return parseResultLine(cResultSchema, stdout, `${source} (L=${c.L})`);
}
