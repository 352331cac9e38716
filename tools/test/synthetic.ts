/** Synthetic measurements for checker tests: no clocks involved, so the tests are deterministic. */
import { nsPerSiteStep, type StepMeasurement } from '../src/bench/measurement.js';
import { stepsPerOp, type StepKey } from '../src/bench/step-cases.js';
import { compareParity, roundRatio, sideOrder, summarizeRounds, type ReferenceRound, type ReferenceRow } from '../src/bench/reference-stats.js';
import type { ReferenceId } from '../src/bench/reference-steps.js';

/** A measurement of `key` that took exactly `ns` per site-step, as benny would have reported it. */
export function measured(key: StepKey, ns: number, relativeUncertainty = 0.05): StepMeasurement {
  const nSteps = stepsPerOp(key.L);
  const opsPerSecond = 1e9 / (ns * key.L * nSteps);
  return {
    ...key,
    dt: 0.05,
    nSteps,
    opsPerSecond,
    samples: 20,
    nsPerSiteStep: nsPerSiteStep(opsPerSecond, key.L, nSteps),
    relativeUncertainty,
    checksum: 1.5,
  };
}

/** The same run with every op `factor` times slower (a deliberately injected regression). */
export function slowedDown(m: StepMeasurement, factor: number): StepMeasurement {
  const opsPerSecond = m.opsPerSecond / factor;
  return { ...m, opsPerSecond, nsPerSiteStep: nsPerSiteStep(opsPerSecond, m.L, m.nSteps) };
}

/**
 * A synthetic comparison row: per-round ns/site-step of ours and of C (null = that side did not
 * run), and optionally of the plain variant, summarised exactly as the session does. Parity
 * agrees unless `parityDifference` (ours) or `plainParityDifference` says otherwise.
 */
export function referenceRow(
  reference: ReferenceId,
  L: number,
  ours: ReadonlyArray<number | null>,
  c: ReadonlyArray<number | null>,
  options: {
    unavailable?: string;
    parityDifference?: number;
    plain?: ReadonlyArray<number | null>;
    plainParityDifference?: number;
    /** Per-round ns/site-step of the -ffast-math C. */
    cFast?: ReadonlyArray<number | null>;
    fastParityDifference?: number;
  } = {},
): ReferenceRow {
  const rounds: ReferenceRound[] = ours.map((o, round) => {
    const plain = options.plain?.[round] ?? null;
    const cFast = options.cFast?.[round] ?? null;
    return {
      round,
      first: sideOrder(round)[0],
      oursNsPerSiteStep: o,
      cNsPerSiteStep: c[round] ?? null,
      ratio: roundRatio(o, c[round] ?? null),
      plainNsPerSiteStep: plain,
      plainRatio: roundRatio(plain, c[round] ?? null),
      cFastNsPerSiteStep: cFast,
      fastRatio: roundRatio(o, cFast),
      loadAverage1: 1,
    };
  });
  const cRan = c.some((x) => x !== null);
  const bothRan = ours.some((o) => o !== null) && cRan;
  const plainRan = options.plain !== undefined && options.plain.some((x) => x !== null);
  const fastRan = ours.some((o) => o !== null) && options.cFast !== undefined && options.cFast.some((x) => x !== null);
  const scale = 100;
  return {
    reference,
    L,
    dt: 0.05,
    nSteps: stepsPerOp(L),
    step: options.unavailable === undefined ? 'model × integrator' : 'dnls × split-strang',
    cParams: { g: 1 },
    ours: options.unavailable === undefined ? { model: 'model', integrator: 'integrator' } : null,
    unavailable: options.unavailable ?? null,
    plain: options.plain === undefined ? null : { model: 'model', integrator: 'plain-integrator' },
    rounds,
    summary: summarizeRounds(rounds),
    parity: bothRan ? compareParity(1.5, 1.5 + scale * (options.parityDifference ?? 1e-15), scale) : null,
    plainParity: plainRan && cRan ? compareParity(1.5, 1.5 + scale * (options.plainParityDifference ?? 1e-15), scale) : null,
    fastParity: fastRan ? compareParity(1.5, 1.5 + scale * (options.fastParityDifference ?? 1e-15), scale) : null,
  };
}

/** The same row with every one of our rounds `factor` times slower (an injected regression). */
export function slowedDownOurs(row: ReferenceRow, factor: number): ReferenceRow {
  const rounds = row.rounds.map((r) => {
    const ours = r.oursNsPerSiteStep === null ? null : r.oursNsPerSiteStep * factor;
    return { ...r, oursNsPerSiteStep: ours, ratio: roundRatio(ours, r.cNsPerSiteStep), fastRatio: roundRatio(ours, r.cFastNsPerSiteStep) };
  });
  return { ...row, rounds, summary: summarizeRounds(rounds) };
}
