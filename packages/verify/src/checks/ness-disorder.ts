/**
 * Steady-state transport of a disordered chain between Langevin baths (review section 4,
 * docs/physics.md §4): at g = 0 (Anderson limit) the current J falls off exponentially in L; at g > 0
 * anharmonicity restores normal transport, J ~ 1/L (Dhar–Lebowitz), i.e. J·L tends to a constant.
 *
 * Both checks: open chain, baths at T ± ΔT/2 = 1.5, 0.5 (γ = 1) on the end sites, dt = 0.05,
 * momenta started on the linear temperature profile between the baths;
 * for each length L, R disorder realisations (seeds drawn from the check seed, the same at every
 * L: a realisation's first L on-site frequencies do not depend on L), one steady-state run each
 * with its own bath noise; J̄(L) = mean over realisations of the bulk current, standard error from
 * their spread (disorder and thermal noise together). The statistic is the change of J̄·L between
 * two lengths, z = (ln J̄L(b) − ln J̄L(a)) / SE, SE by the delta method treating the two means as
 * independent: shared realisations correlate them positively, so this SE is conservative.
 *
 * - `ness-localised` (g = 0, via the model's harmonic limit), L = 8, 16, 32, R = 32, t_relax 1000,
 *   t_meas 5000. (1) J̄·L must fall from L = 8 to 32 (one-sided, z ≤ −3.29: rate α/2 = 0.0005 for
 *   a chain where J·L stays constant, normal transport); reported: the decay rate 1/ℓ of a fit
 *   ln J̄ = c − L/ℓ. (2) At g = 0 the steady state is Gaussian and its current exact: the
 *   transmission integral of the harmonic chain (observables `harmonicNessCurrent`, tested against
 *   the Lyapunov equation) for each realisation's K; the mean of measured − exact over the same
 *   realisations (disorder cancels, thermal noise remains) must be zero within errors at each L
 *   (two-sided, p ≥ α/6 each). Controls: the ordered chain (W = 0), ballistic: J does not fall,
 *   J·L grows (fails 1); a current off by a factor 2 (fails 2).
 * - `ness-normal` (the model's own g > 0), L = 16, 64, 128, R = 16, t_relax 6000, t_meas 10000:
 *   J̄·L may not fall by more than a factor 2 from L = 16, first to 64 (stage 1; a localised
 *   chain stops here, before the costly L = 128), then to 128 (J must not decay faster than
 *   about L^{−1.3}): each stage fails when z = (J̄L(b) − J̄L(16)/2)/SE < −3.29 (one-sided at
 *   α/2 = 0.0005, so ≤ 0.001 in all at a true fall of exactly 2; far smaller for constant J·L).
 *   The linear scale, not ln J, because a localised chain's J̄ at large L is noise around zero.
 *   Reported: J·L at each L and the exponent p of J ~ L^{−p} between the end lengths. At small L
 *   the harmonic (localised-mode) channel still adds to J, so J·L falls somewhat before it
 *   levels off (disordered chain, g = 1, seed 1: 0.28, 0.25, 0.20 at L = 16, 64, 128; README).
 *   Control: a chain whose anharmonicity is never wired in (always g = 0): localised, J·L falls
 *   by orders of magnitude.
 */
import { streamFor, type CheckPlugin, type CheckResult, type ModelPlugin } from '@glassy/contracts';
import { estimateOf, fitWeightedLine, harmonicNessCurrent, twoSidedNormalP } from '@glassy/observables';
import { nessSample, type NessSettings } from '@glassy/studies';
import { checkParams } from './harness.js';
import { integratorById } from './integrator-lookup.js';

const Z_HALF = 3.290526731491926; // one-sided, 0.0005 (two-stage decisions)
const ALPHA = 0.001;

interface Setting {
  readonly lengths: readonly number[];
  readonly realisations: number;
  readonly tRelax: number;
  readonly tMeas: number;
  /** g = 0 through the harmonic limit, or the model's own parameters. */
  readonly harmonic: boolean;
}

const LOCALISED: Setting = { lengths: [8, 16, 32], realisations: 32, tRelax: 1000, tMeas: 5000, harmonic: true };
const NORMAL: Setting = { lengths: [16, 64, 128], realisations: 16, tRelax: 6000, tMeas: 10000, harmonic: false };

function settings(setting: Setting): NessSettings {
  return { T: 1, deltaT: 1, gamma: 1, dt: 0.05, tRelax: setting.tRelax, tMeas: setting.tMeas, every: 2, initial: 'linear' };
}

function paramsFor(model: ModelPlugin, setting: Setting, L: number, disorderSeed: number): Record<string, unknown> {
  const base = checkParams(model, { L, [model.disorder!.seedParam]: disorderSeed });
  return setting.harmonic ? (model.harmonic!.params(base as never) as Record<string, unknown>) : base;
}

interface PerLength {
  readonly L: number;
  readonly J: { value: number; stdError: number };
  readonly JL: { value: number; stdError: number };
  /** Harmonic settings only: the exact current averaged over the same realisations, and the mean ± SE of measured − exact. */
  readonly exact?: { readonly value: number; readonly difference: { value: number; stdError: number } };
}

/** J̄ at the k-th length of the setting (realisations and noise streams fixed by the seed and k). */
function measureLength(model: ModelPlugin, setting: Setting, seed: number, k: number): PerLength {
  const bath = integratorById('boundary-langevin');
  const s = settings(setting);
  const L = setting.lengths[k]!;
  const noiseSeed = streamFor(seed, 72, k).nextUint32();
  const exact: number[] = [];
  const J = Array.from({ length: setting.realisations }, (_, r) => {
    const params = paramsFor(model, setting, L, streamFor(seed, 71, r).nextUint32());
    if (setting.harmonic) {
      const K = model.harmonic!.tridiagonal(params as never);
      exact.push(harmonicNessCurrent(K.diag, K.off, s.gamma, s.T + s.deltaT / 2, s.T - s.deltaT / 2));
    }
    return nessSample(model.create(params), bath, s, noiseSeed, r).J;
  });
  const est = estimateOf(J);
  const row = { L, J: est, JL: { value: est.value * L, stdError: est.stdError * L } };
  if (!setting.harmonic) return row;
  return { ...row, exact: { value: estimateOf(exact).value, difference: estimateOf(J.map((j, r) => j - exact[r]!)) } };
}

function measure(model: ModelPlugin, setting: Setting, seed: number): PerLength[] {
  return setting.lengths.map((_, k) => measureLength(model, setting, seed, k));
}

/** z of ln J̄L(b) − ln J̄L(a) (delta method); NaN unless both means are positive. */
function logChangeZ(a: PerLength, b: PerLength): number {
  if (!(a.J.value > 0 && b.J.value > 0)) return Number.NaN;
  return (Math.log(b.JL.value) - Math.log(a.JL.value)) / Math.hypot(a.J.stdError / a.J.value, b.J.stdError / b.J.value);
}

function table(rows: readonly PerLength[]): string {
  return rows.map((r) => `L = ${r.L}: J = ${r.J.value.toExponential(3)} ± ${r.J.stdError.toExponential(1)}, J·L = ${r.JL.value.toFixed(4)} ± ${r.JL.stdError.toFixed(4)}`).join('; ');
}

function applicable(model: ModelPlugin): string | undefined {
  if (!model.disorder || !model.harmonic) return 'needs quenched disorder and a harmonic limit (the Anderson model at g = 0)';
  const m = model.create(checkParams(model, { L: 16 }));
  return m.localEnergy && m.separable ? undefined : 'needs energy currents and a separable H (Langevin baths)';
}

export const nessLocalisedCheck: CheckPlugin = {
  type: 'check',
  id: 'ness-localised',
  title: 'Anderson limit between baths: the steady-state current falls faster than 1/L',
  purpose: 'at g = 0 the disordered chain does not conduct: J·L falls with L (J decays exponentially; the decay length is reported), and the measured current equals the exact harmonic one realisation by realisation',
  tier: 'full',
  scope: 'model',
  notApplicable: applicable,
  run({ model, seed }): CheckResult {
    const rows = measure(model, LOCALISED, seed);
    const first = rows[0]!;
    const last = rows[rows.length - 1]!;
    const z = logChangeZ(first, last);
    const positive = rows.filter((r) => r.J.value > 0);
    const fit = positive.length >= 2 ? fitWeightedLine(positive.map((r) => r.L), positive.map((r) => Math.log(r.J.value)), positive.map((r) => r.J.stdError / r.J.value)) : undefined;
    const falls = Number.isFinite(z) ? z <= -Z_HALF : last.J.value <= 0 && first.J.value > 0;
    // Agreement with the exact harmonic current, realisation by realisation (disorder cancels).
    const agreement = rows.map((r) => ({ L: r.L, exact: r.exact!.value, z: r.exact!.difference.value / r.exact!.difference.stdError }));
    const agrees = agreement.every((a) => twoSidedNormalP(a.z) >= ALPHA / 2 / agreement.length);
    const ok = falls && agrees;
    return {
      check: 'ness-localised',
      statistic: `z of ln(J̄L at L = ${last.L}) − ln(J̄L at L = ${first.L}) (must fall)`,
      value: z,
      comparison: '<=',
      threshold: -Z_HALF,
      verdict: ok ? 'pass' : 'fail',
      explanation: `g = 0, baths at 1.5 / 0.5, ${LOCALISED.realisations} disorder realisations per L (t_relax ${LOCALISED.tRelax}, t_meas ${LOCALISED.tMeas}, dt 0.05): ${table(rows)}; (1) J·L changes by a factor ${(last.JL.value / first.JL.value).toPrecision(3)} (z = ${z.toFixed(2)}, must be ≤ ${(-Z_HALF).toFixed(2)})${fit ? `; fit ln J̄ = c − L/ℓ: 1/ℓ = ${(-fit.slope).toFixed(4)} ± ${fit.slopeStdError.toFixed(4)} per site (χ² = ${fit.chi2.toFixed(2)} on ${fit.dof} dof)` : ''}; (2) exact harmonic current (transmission integral) over the same realisations: ${agreement.map((a) => `L = ${a.L}: ${a.exact.toExponential(3)}, z of measured − exact = ${a.z.toFixed(2)}`).join('; ')} (two-sided, each p ≥ ${(ALPHA / 2 / agreement.length).toPrecision(2)}); family false-alarm rate ${ALPHA}`,
      seeds: [seed],
      details: { z, lengths: rows.map((r) => r.L), current: rows.map((r) => r.J.value), currentStdError: rows.map((r) => r.J.stdError), exactCurrent: agreement.map((a) => a.exact), exactZ: agreement.map((a) => a.z), ...(fit ? { decayRate: -fit.slope, decayRateStdError: fit.slopeStdError } : {}) },
    };
  },
};

export const nessNormalCheck: CheckPlugin = {
  type: 'check',
  id: 'ness-normal',
  title: 'Anharmonic disordered chain between baths: J decays like 1/L, not exponentially (Dhar–Lebowitz)',
  purpose: 'at g > 0 transport is normal: J·L stays of order one as L grows (here: falls by less than a factor 2 from L = 16 to 64 and to 128)',
  tier: 'full',
  scope: 'model',
  notApplicable: applicable,
  run({ model, seed }): CheckResult {
    // Stage 1: L = 16 → 64; stage 2 (only if stage 1 passes): L = 16 → 128. Each at α/2.
    // z of J̄L(b) − J̄L(a)/2 (linear scale: a localised chain's J̄ at large L is noise around 0).
    const zFall = (a: PerLength, b: PerLength): number => (b.JL.value - a.JL.value / 2) / Math.hypot(b.JL.stdError, a.JL.stdError / 2);
    const rows = [measureLength(model, NORMAL, seed, 0), measureLength(model, NORMAL, seed, 1)];
    let z = zFall(rows[0]!, rows[1]!);
    const stoppedEarly = !(z >= -Z_HALF);
    if (!stoppedEarly) {
      rows.push(measureLength(model, NORMAL, seed, 2));
      z = zFall(rows[0]!, rows[2]!);
    }
    const a = rows[0]!;
    const b = rows[rows.length - 1]!;
    const ok = z >= -Z_HALF;
    const exponent = b.JL.value > 0 && a.JL.value > 0 ? 1 - Math.log(b.JL.value / a.JL.value) / Math.log(b.L / a.L) : Number.NaN;
    const g = checkParams(model, {})['g'];
    return {
      check: 'ness-normal',
      statistic: `z of J̄L(${b.L}) − J̄L(${a.L})/2 (J·L may not fall by more than a factor 2)${stoppedEarly ? ', stopped at stage 1' : ''}`,
      value: z,
      comparison: '>=',
      threshold: -Z_HALF,
      verdict: ok ? 'pass' : 'fail',
      explanation: `g = ${String(g)}, baths at 1.5 / 0.5, ${NORMAL.realisations} disorder realisations per L (t_relax ${NORMAL.tRelax}, t_meas ${NORMAL.tMeas}, dt 0.05): ${table(rows)}; J·L(${b.L})/J·L(${a.L}) = ${(b.JL.value / a.JL.value).toPrecision(3)}${Number.isFinite(exponent) ? `, J ~ L^(−${exponent.toFixed(2)})` : ''} (z = ${z.toFixed(2)}, must be ≥ ${(-Z_HALF).toFixed(2)} at each of two stages, L = ${NORMAL.lengths[0]} → ${NORMAL.lengths[1]} then ${NORMAL.lengths[0]} → ${NORMAL.lengths[2]}: false-alarm rate ≤ ${ALPHA} at a fall of exactly 2)`,
      seeds: [seed],
      details: { z, lengths: rows.map((r) => r.L), current: rows.map((r) => r.J.value), currentStdError: rows.map((r) => r.J.stdError), ...(Number.isFinite(exponent) ? { exponent } : {}) },
    };
  },
};
