/**
 * Dissipation of a breather into boundary baths (the review's eq. (14), after Hairer & Mattingly,
 * "Slow energy dissipation in anharmonic oscillator chains", CPAM 62, 999 (2009)): a short pinned
 * chain H = Σ [p²/2 + |q|^a/a] + Σ (q_{x+1} − q_x)²/2 with Langevin baths on its two end sites and
 * one site at high energy H in the middle. Its energy leaks out as dH/dt ~ −H^{−f(L)},
 * f(L) = (1 − 2/a)(L − 1) − 1, for fixed L and large H.
 *
 * The same for a chain of rotors with friction at one end and one fast rotor (Cuneo, Eckmann &
 * Wayne, "Energy dissipation in Hamiltonian chains of rotators", Nonlinearity 30, R81 (2017); the
 * review's ref. [20]).
 *
 * The breather's frequency grows with its energy (ω ∝ H^{1/2 − 1/a}), so the time step follows
 * it: each segment of the run uses dt = min(dtMax, P(H)/stepsPerPeriod) with P(H) the exact period
 * of the isolated pinned oscillator p²/2 + |q|^a/a at the current energy H (for the rotor, 2π/ω
 * with ω = √(2H)),
 *
 *   P(H) = 4 (aH)^{1/a} (2H)^{−1/2} I_a,   I_a = ∫_0^1 ds/√(1 − s^a) = Γ(1/a) Γ(1/2) / (a Γ(1/a + 1/2)),
 *
 * and lasts periodsPerSegment such periods. The energy is recorded at the end of every segment;
 * the first time it falls to each level E_k is interpolated linearly inside its segment.
 */
import type { HamiltonianModel, Stepper } from '@glassy/contracts';
import { fitLine } from '../statistics.js';

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error < 1e-14 on the range used here). */
export function lnGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let s = c[0]!;
  for (let i = 1; i < 9; i++) s += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Period of p²/2 + |q|^a/a at energy E > 0 (a = 2: 2π). */
export function pinnedPeriod(a: number, energy: number): number {
  const ia = Math.exp(lnGamma(1 / a) + lnGamma(0.5) - lnGamma(1 / a + 0.5)) / a;
  return (4 * (a * energy) ** (1 / a) * ia) / Math.sqrt(2 * energy);
}

/** Period 2π/ω of a free rotor carrying energy E = ω²/2. */
export function rotorPeriod(energy: number): number {
  return (2 * Math.PI) / Math.sqrt(2 * energy);
}

/** f(L) = (1 − 2/a)(L − 1) − 1 (review eq. (14)). */
export function breatherExponent(a: number, L: number): number {
  return (1 - 2 / a) * (L - 1) - 1;
}

export interface BreatherDecayOptions {
  /** Period of the breather at energy H (pinned chains: pinnedPeriod(a, H); a fast rotor: 2π/√(2H)). */
  readonly period: (energy: number) => number;
  /** Decreasing energies whose first-passage times are recorded. */
  readonly levels: readonly number[];
  readonly stepsPerPeriod: number;
  readonly periodsPerSegment: number;
  readonly dtMax: number;
  readonly tMax: number;
}

export interface BreatherDecay {
  /** First time H ≤ levels[k] (NaN if not reached by tMax). */
  readonly crossing: number[];
  /** H(t) at segment ends, thinned to one point per 0.5 % change of H. */
  readonly trace: { readonly t: number[]; readonly H: number[] };
  readonly steps: number;
  readonly tEnd: number;
}

/**
 * Run (q, p) under `stepper` (a Langevin stepper that takes its dt per call) with the adapted
 * time step until H reaches the last level or t reaches tMax. Throws on a non-finite energy.
 */
export function breatherDecay(stepper: Stepper, hamiltonian: (q: Float64Array, p: Float64Array) => number, q: Float64Array, p: Float64Array, o: BreatherDecayOptions): BreatherDecay {
  const crossing = o.levels.map(() => Number.NaN);
  const tr: number[] = [];
  const hr: number[] = [];
  let t = 0;
  let h = hamiltonian(q, p);
  tr.push(0);
  hr.push(h);
  let k = 0;
  while (k < o.levels.length && o.levels[k]! >= h) crossing[k++] = 0;
  let steps = 0;
  while (k < o.levels.length && t < o.tMax) {
    const dt = Math.min(o.dtMax, o.period(Math.max(h, 1e-300)) / o.stepsPerPeriod);
    const n = o.stepsPerPeriod * o.periodsPerSegment;
    stepper.step(q, p, dt, n);
    steps += n;
    const h1 = hamiltonian(q, p);
    if (!Number.isFinite(h1)) throw new RangeError(`breather: the energy became non-finite between t = ${t} and t = ${t + n * dt} (dt = ${dt})`);
    const t1 = t + n * dt;
    while (k < o.levels.length && h1 <= o.levels[k]!) {
      const e = o.levels[k]!;
      crossing[k++] = h > h1 ? t + ((h - e) / (h - h1)) * (t1 - t) : t1;
    }
    t = t1;
    h = h1;
    if (Math.abs(h - hr[hr.length - 1]!) > 0.005 * hr[hr.length - 1]! || k === o.levels.length) {
      tr.push(t);
      hr.push(h);
    }
  }
  return { crossing, trace: { t: tr, H: hr }, steps, tEnd: t };
}

/**
 * Put the energy on one site: q[site] (a pinned breather, at rest) or p[site] (a fast rotor at
 * zero angles) such that H = energy, every other coordinate zero; bisection on the amplitude.
 */
export function breatherInitialState(m: HamiltonianModel, site: number, energy: number, q: Float64Array, p: Float64Array, via: 'q' | 'p' = 'q'): void {
  q.fill(0);
  p.fill(0);
  const x = via === 'q' ? q : p;
  let lo = 0;
  let hi = 1;
  x[site] = hi;
  // NaN (e.g. cos of an overflowed angle) compares false: keep doubling until hi overflows.
  while (!(m.hamiltonian(q, p) >= energy)) {
    hi *= 2;
    if (!Number.isFinite(hi)) throw new RangeError(`breather: no amplitude of ${via} on site ${site + 1} reaches H = ${energy}`);
    x[site] = hi;
  }
  for (let it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
    const mid = 0.5 * (lo + hi);
    x[site] = mid;
    if (m.hamiltonian(q, p) < energy) lo = mid;
    else hi = mid;
  }
  x[site] = 0.5 * (lo + hi);
}

/** The recorded energy levels E_k = energy · 10^{−k/perDecade}, k = 0 … down to eEnd. */
export function energyLevels(energy: number, eEnd: number, perDecade: number): number[] {
  const n = Math.floor(Math.log10(energy / eEnd) * perDecade + 1e-9) + 1;
  return Array.from({ length: n }, (_, k) => energy * 10 ** (-k / perDecade));
}

/**
 * Dissipation rates between successive levels from their first-passage times:
 * (E_k − E_{k+1}) / (t_{k+1} − t_k) at E = √(E_k E_{k+1}); pairs whose times do not increase are
 * left out.
 */
export function dissipationRates(levels: readonly number[], times: readonly number[]): { energy: number[]; rate: number[] } {
  const energy: number[] = [];
  const rate: number[] = [];
  for (let k = 0; k + 1 < Math.min(levels.length, times.length); k++) {
    const dt = times[k + 1]! - times[k]!;
    if (!(dt > 0) || !Number.isFinite(dt)) continue;
    energy.push(Math.sqrt(levels[k]! * levels[k + 1]!));
    rate.push((levels[k]! - levels[k + 1]!) / dt);
  }
  return { energy, rate };
}

/**
 * Least-squares slope of log(−dH/dt) against log H from first-passage times, over the levels from
 * index `skip` on (the first ones carry the initial transient); NaN with fewer than 3 rates.
 * `upperHalf` is the slope over the higher-energy half of the rates (NaN with fewer than 6).
 */
export function dissipationSlope(levels: readonly number[], times: readonly number[], skip: number): { slope: number; stdError: number; upperHalf: number; energy: number[]; rate: number[] } {
  const { energy, rate } = dissipationRates(levels.slice(skip), times.slice(skip));
  if (energy.length < 3) return { slope: Number.NaN, stdError: Number.NaN, upperHalf: Number.NaN, energy, rate };
  const f = fitLine(energy.map(Math.log), rate.map(Math.log));
  const half = Math.ceil(energy.length / 2);
  const upperHalf = energy.length >= 6 ? fitLine(energy.slice(0, half).map(Math.log), rate.slice(0, half).map(Math.log)).slope : Number.NaN;
  return { slope: f.slope, stdError: f.slopeStdError, upperHalf, energy, rate };
}
