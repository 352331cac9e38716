/**
 * The C reference comparison as the CLIs run it: build the C programs, then `rounds` rounds in
 * which every (reference step, L) is measured on both sides back to back, ours and C
 * alternating which goes first, and our plain variant (if the step has one) on C's other side.
 * Each measurement is a fresh process (ours: ours-step.js on this Node; C: the compiled
 * program), so the machine's drift hits both sides alike and the per-round ratios pair
 * measurements taken seconds apart.
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
import { PARITY_STEPS, referenceCase, resolveReferences, type OursVariant, type ResolvedReference } from './reference-steps.js';
import {
  compareParity,
  measurementOrder,
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

/**
 * One measurement of ours in a fresh process (ours-step.js). The comparison uses benny and runs
 * the parity steps; the CI gate (gate.ts) passes the plain timer, no parity steps and, to test
 * itself, an injected slowdown.
 */
export async function runOurs(
  c: ResolvedReference,
  minSeconds: number,
  variant: OursVariant,
  options: { timer?: 'benny' | 'plain'; paritySteps?: number; slowdown?: number } = {},
): Promise<OursResult> {
  const args = [
    '--reference', c.reference, '--L', String(c.L), '--seconds', String(minSeconds),
    '--parity-steps', String(options.paritySteps ?? PARITY_STEPS), '--seed', String(REFERENCE_SEED), '--variant', variant,
    '--timer', options.timer ?? 'benny', '--slowdown', String(options.slowdown ?? 1),
  ];
  const where = `ours-step ${c.reference} L=${c.L}${variant === 'ours' ? '' : ` (${variant})`}`;
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
  plain: OursResult | null;
  c: CResult | null;
  cFast: CResult | null;
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
  else {
    log(`C reference: ${build!.compiler.version}, ${build!.compiler.flags.join(' ')} -lm`);
    if (build!.fastSkipped !== null) log(`C -ffast-math column skipped: ${build!.fastSkipped}`);
    else log(`C vectorised limit: ${build!.compiler.fastFlags.join(' ')} -lm`);
  }
  for (const c of cases) if (c.unavailable !== null) log(`  ${c.step} @ L=${c.L}: ours ${c.unavailable}`);

  const logs: CaseLog[] = cases.map(() => ({ rounds: [], ours: null, plain: null, c: null, cFast: null }));
  const withFast = build !== null && build.fastSkipped === null;
  try {
    for (let round = 0; round < profile.rounds; round++) {
      const loadAverage1 = loadavg()[0]!;
      for (const [i, c] of cases.entries()) {
        const entry = logs[i]!;
        let ours: OursResult | null = null;
        let plain: OursResult | null = null;
        let cResult: CResult | null = null;
        let cFast: CResult | null = null;
        for (const m of measurementOrder(round, c.buildPlain !== null, withFast)) {
          if (m === 'ours' && c.build !== null) ours = await runOurs(c, profile.minSeconds, 'ours');
          if (m === 'plain' && c.buildPlain !== null) plain = await runOurs(c, profile.minSeconds, 'plain');
          if (m === 'c' && build !== null) cResult = await runReference(build, c, profile.minSeconds, PARITY_STEPS, REFERENCE_SEED);
          if (m === 'cfast' && build !== null) cFast = await runReference(build, c, profile.minSeconds, PARITY_STEPS, REFERENCE_SEED, 'fast');
        }
        if (ours !== null) requireFinite(`ours ${c.step} @ L=${c.L}`, ours.checksum);
        if (plain !== null) requireFinite(`ours (plain ${c.plain!.integrator}) ${c.reference} @ L=${c.L}`, plain.checksum);
        if (cResult !== null) requireFinite(`C ${c.reference} @ L=${c.L}`, cResult.checksum);
        if (cFast !== null) requireFinite(`C -ffast-math ${c.reference} @ L=${c.L}`, cFast.checksum);
        entry.ours ??= ours;
        entry.plain ??= plain;
        entry.c ??= cResult;
        entry.cFast ??= cFast;
        const cNs = cResult?.nsPerSiteStep ?? null;
        const cFastNs = cFast?.nsPerSiteStep ?? null;
        const r: ReferenceRound = {
          round,
          first: sideOrder(round)[0],
          oursNsPerSiteStep: ours?.nsPerSiteStep ?? null,
          cNsPerSiteStep: cNs,
          ratio: roundRatio(ours?.nsPerSiteStep ?? null, cNs),
          plainNsPerSiteStep: plain?.nsPerSiteStep ?? null,
          plainRatio: roundRatio(plain?.nsPerSiteStep ?? null, cNs),
          cFastNsPerSiteStep: cFastNs,
          fastRatio: roundRatio(ours?.nsPerSiteStep ?? null, cFastNs),
          loadAverage1,
        };
        entry.rounds.push(r);
        const fmt = (x: number | null): string => (x === null ? '—' : x.toFixed(2));
        const plainPart = c.buildPlain === null ? '' : `  (plain ${fmt(r.plainNsPerSiteStep)}, ratio ${fmt(r.plainRatio)})`;
        const fastPart = withFast ? `  C fast ${fmt(r.cFastNsPerSiteStep)} (ratio ${fmt(r.fastRatio)})` : '';
        log(
          `  round ${round + 1}/${profile.rounds}  ${`${c.reference} @ L=${c.L}`.padEnd(22)} ours ${fmt(r.oursNsPerSiteStep)}  C ${fmt(r.cNsPerSiteStep)} ns/site-step  ratio ${fmt(r.ratio)}${fastPart}${plainPart}`,
        );
      }
    }
  } finally {
    build?.dispose();
  }

  const rows: ReferenceRow[] = cases.map((c, i) => {
    const { rounds, ours, plain, c: cResult, cFast } = logs[i]!;
    const parityOf = (x: OursResult | null, against: CResult | null = cResult): Parity | null =>
      x === null || against === null ? null : compareParity(x.parityChecksum, against.parityChecksum, x.parityScale);
    return {
      ...referenceCase(c),
      rounds,
      summary: summarizeRounds(rounds),
      parity: parityOf(ours),
      plainParity: parityOf(plain),
      fastParity: parityOf(ours, cFast),
    };
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
