/**
 * The C reference comparison as the CLIs run it: build the C programs, then `rounds` rounds in
 * which every (reference step, L) is measured on both sides back to back, ours and C
 * alternating which goes first. Each measurement is a fresh process (ours: ours-step.js on this
 * Node; C: the compiled program), so the machine's drift hits both sides alike and the
 * per-round ratios pair measurements taken seconds apart.
 */
import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Registry } from '@glassy/verify';
import type { ReferenceProfile } from './profiles.js';
import { buildReferences, runReference, type CBuild } from './reference-c.js';
import { OURS_RESULT_PREFIX, oursResultSchema, parseResultLine, type CResult, type OursResult } from './reference-protocol.js';
import { REFERENCE_SEED } from './reference-state.js';
import { PARITY_STEPS, referenceCase, resolveReferences, type ResolvedReference } from './reference-steps.js';
import {
  compareParity,
  roundRatio,
  sideOrder,
  summarizeRounds,
  type Parity,
  type ReferenceResults,
  type ReferenceRound,
  type ReferenceRow,
} from './reference-stats.js';

const run = promisify(execFile);
const OURS_SCRIPT = fileURLToPath(new URL('./ours-step.js', import.meta.url));

async function runOurs(c: ResolvedReference, minSeconds: number): Promise<OursResult> {
  const args = ['--reference', c.reference, '--L', String(c.L), '--seconds', String(minSeconds), '--parity-steps', String(PARITY_STEPS), '--seed', String(REFERENCE_SEED)];
  const where = `ours-step ${c.reference} L=${c.L}`;
  try {
    const { stdout } = await run(process.execPath, [OURS_SCRIPT, ...args], { timeout: 300_000, maxBuffer: 16 << 20 });
    return parseResultLine(oursResultSchema, stdout, where, OURS_RESULT_PREFIX);
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr;
    if (stderr) throw new Error(`${where} failed: ${stderr.trim().split('\n').slice(0, 3).join(' | ')}`);
    throw e;
  }
}

function requireFinite(where: string, checksum: number | null): void {
  // A NaN/Inf state is timed on a different path: the number would be meaningless.
  if (checksum === null) throw new Error(`${where}: the state became non-finite while benchmarking; the timing is meaningless`);
}

interface CaseLog {
  readonly rounds: ReferenceRound[];
  ours: OursResult | null;
  c: CResult | null;
}

export async function runReferenceSession(
  registry: Registry,
  profile: ReferenceProfile,
  log: (line: string) => void,
): Promise<ReferenceResults> {
  const cases = resolveReferences(registry);
  const outcome = await buildReferences();
  const build: CBuild | null = outcome.ok ? outcome.build : null;
  if (!outcome.ok) log(`C reference skipped: ${outcome.reason}; only our side is measured`);
  else log(`C reference: ${build!.compiler.version}, ${build!.compiler.flags.join(' ')} -lm`);
  for (const c of cases) if (c.unavailable !== null) log(`  ${c.step} @ L=${c.L}: ours ${c.unavailable}`);

  const logs: CaseLog[] = cases.map(() => ({ rounds: [], ours: null, c: null }));
  try {
    for (let round = 0; round < profile.rounds; round++) {
      const loadAverage1 = loadavg()[0]!;
      for (const [i, c] of cases.entries()) {
        const entry = logs[i]!;
        let ours: OursResult | null = null;
        let cResult: CResult | null = null;
        for (const side of sideOrder(round)) {
          if (side === 'ours' && c.build !== null) ours = await runOurs(c, profile.minSeconds);
          if (side === 'c' && build !== null) cResult = await runReference(build, c, profile.minSeconds, PARITY_STEPS, REFERENCE_SEED);
        }
        if (ours !== null) requireFinite(`ours ${c.step} @ L=${c.L}`, ours.checksum);
        if (cResult !== null) requireFinite(`C ${c.reference} @ L=${c.L}`, cResult.checksum);
        entry.ours ??= ours;
        entry.c ??= cResult;
        const r: ReferenceRound = {
          round,
          first: sideOrder(round)[0],
          oursNsPerSiteStep: ours?.nsPerSiteStep ?? null,
          cNsPerSiteStep: cResult?.nsPerSiteStep ?? null,
          ratio: roundRatio(ours?.nsPerSiteStep ?? null, cResult?.nsPerSiteStep ?? null),
          loadAverage1,
        };
        entry.rounds.push(r);
        const fmt = (x: number | null): string => (x === null ? '—' : x.toFixed(2));
        log(`  round ${round + 1}/${profile.rounds}  ${`${c.reference} @ L=${c.L}`.padEnd(22)} ours ${fmt(r.oursNsPerSiteStep)}  C ${fmt(r.cNsPerSiteStep)} ns/site-step  ratio ${fmt(r.ratio)}`);
      }
    }
  } finally {
    build?.dispose();
  }

  const rows: ReferenceRow[] = cases.map((c, i) => {
    const { rounds, ours, c: cResult } = logs[i]!;
    const parity: Parity | null =
      ours === null || cResult === null ? null : compareParity(ours.parityChecksum, cResult.parityChecksum, ours.parityScale);
    return { ...referenceCase(c), rounds, summary: summarizeRounds(rounds), parity };
  });
  return {
    compiler: build?.compiler ?? null,
    skipped: outcome.ok ? null : outcome.reason,
    rounds: profile.rounds,
    minSeconds: profile.minSeconds,
    seed: REFERENCE_SEED,
    paritySteps: PARITY_STEPS,
    rows,
  };
}
