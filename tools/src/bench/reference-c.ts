/**
 * The C side: find a compiler, build tools/bench/reference/*.c into a temporary directory twice,
 * and run one program.
 * - plain: `gcc -O3 -march=native … -lm`: gcc's default dialect, so FMA contraction is allowed as
 *   a C user gets it by default; no -ffast-math, so glibc sin/cos and IEEE semantics otherwise;
 * - fast: the same plus `-ffast-math`, "the vectorised limit": gcc then vectorises the sine loops
 *   with glibc's libmvec (4 or 8 lanes with AVX2 / AVX-512) and may reassociate sums.
 * No compiler, or a failed plain build, is not an error: the comparison is skipped with one
 * message and the rest of the bench runs. A failed fast build only empties that column.
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
/** The second build: plain flags plus these. */
export const C_FAST_EXTRA_FLAGS: readonly string[] = ['-ffast-math'];
export type CVariant = 'plain' | 'fast';


/** Compiled programs, by C source file name and variant; `dispose` removes the temporary directory. */
export interface CBuild {
  readonly compiler: CompilerInfo;
  readonly binaries: ReadonlyMap<string, string>;
  /** The -ffast-math builds (empty if that build failed: `fastSkipped` says why). */
  readonly fastBinaries: ReadonlyMap<string, string>;
  readonly fastSkipped: string | null;
  dispose(): void;
}

export type CBuildOutcome = { readonly ok: true; readonly build: CBuild } | { readonly ok: false; readonly reason: string };

async function findCompiler(): Promise<CompilerInfo | undefined> {
  for (const command of ['gcc', 'cc']) {
    try {
      const { stdout } = await run(command, ['--version'], { timeout: 10_000 });
      return { command, version: stdout.split('\n')[0]!.trim(), flags: [...C_FLAGS], fastFlags: [] };
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
  const compile = async (source: string, flags: readonly string[], binary: string): Promise<string | null> => {
    try {
      await run(compiler.command, [...flags, '-o', binary, join(REFERENCE_SOURCE_DIR, source), '-lm'], { timeout: 120_000 });
      return null;
    } catch (e) {
      const stderr = (e as { stderr?: string }).stderr ?? '';
      const firstError = stderr.split('\n').find((l) => /error/i.test(l)) ?? (e as Error).message.split('\n')[0];
      return `${compiler.command} could not compile ${source}: ${firstError}`;
    }
  };
  /** Every source with these flags (binaries named source + suffix), or the first compile error. */
  const compileAll = async (flags: readonly string[], suffix: string): Promise<Map<string, string> | string> => {
    const built = new Map<string, string>();
    for (const source of sources) {
      const binary = join(dir, source.replace(/\.c$/, suffix));
      const error = await compile(source, flags, binary);
      if (error !== null) return error;
      built.set(source, binary);
    }
    return built;
  };
  const binaries = await compileAll(C_FLAGS, '');
  if (typeof binaries === 'string') {
    dispose();
    return { ok: false, reason: binaries };
  }
  const fastFlags = [...C_FLAGS, ...C_FAST_EXTRA_FLAGS];
  const fast = await compileAll(fastFlags, '-fast');
  const fastSkipped = typeof fast === 'string' ? `${fast} (with ${C_FAST_EXTRA_FLAGS.join(' ')})` : null;
  const info = { ...compiler, fastFlags: fastSkipped === null ? fastFlags : [] };
  return { ok: true, build: { compiler: info, binaries, fastBinaries: typeof fast === 'string' ? new Map() : fast, fastSkipped, dispose } };
}

/** Command-line arguments of a C reference program (common.h): L nSteps dt minSeconds paritySteps seed params… */
export function cArguments(c: ReferenceCase, minSeconds: number, paritySteps: number, seed: number): string[] {
  const spec = REFERENCE_SPECS[c.reference];
  return [c.L, c.nSteps, c.dt, minSeconds, paritySteps, seed, ...spec.cParams.map((n) => c.cParams[n]!)].map(String);
}

/** Run one C measurement; a crash or bad output is a bug in the program and throws. */
export async function runReference(
  build: CBuild,
  c: ReferenceCase,
  minSeconds: number,
  paritySteps: number,
  seed: number,
  variant: CVariant = 'plain',
): Promise<CResult> {
  const source = REFERENCE_SPECS[c.reference].source;
  const binary = (variant === 'fast' ? build.fastBinaries : build.binaries).get(source);
  if (binary === undefined) throw new Error(`${source} (${variant}) was not built`);
  const { stdout } = await run(binary, cArguments(c, minSeconds, paritySteps, seed), { timeout: 120_000 });
  return parseResultLine(cResultSchema, stdout, `${source}${variant === 'fast' ? ' -ffast-math' : ''} (L=${c.L})`);
}
