/**
 * Check: the exact Gibbs quantities a model declares (its analytic oracles) are those of its own
 * Hamiltonian, to quadrature accuracy. gibbs-marginals tests the *sampler* against these oracles
 * with a KS test at α = 10⁻³, which cannot resolve a 1–3 % error in the oracles themselves (a
 * wrong Bessel-function ratio, a CDF at the wrong concentration): mutation testing left most of
 * the special-function code (Bessel ratio, von Mises CDF) undetected. This check is
 * deterministic, at β = 0.5, 1 and 2, at the verification parameters and at every set in
 * `verification.alternateParams` (an oracle written with β/g for βg is right at g = 1 only):
 *
 * 1. the declared bond potential sums to the model's V(q) at random states (the bond variables
 *    from the declared extractor), so that what is integrated below is the model's Hamiltonian;
 * 2. the bond CDF equals ∫ exp(−β V_bond) over the support up to r, normalised (composite
 *    Simpson, 4000 panels: error below 1e-12 for these smooth weights), at 9 points, is 0 and 1
 *    at the ends of the support and stays there outside it;
 * 3. the momentum CDF equals the same integral of exp(−β T_1(p)), T_1 the kinetic energy of one
 *    site read from the model's own kinetic(p);
 * 4. ⟨H⟩/L equals ⟨T_1⟩ + (bonds/L)⟨V_bond⟩ from the same quadratures;
 * 5. the specific heat per site β² Var(H)/L equals −β² d(⟨H⟩/L)/dβ (central differences at
 *    h = 10⁻³β, Richardson-extrapolated: error about 10⁻¹² relative).
 *
 * Statistic: the largest of the five discrepancies (absolute for CDFs, relative for the rest);
 * threshold 1e-7, far above the quadrature and round-off error (≤ 1e-10 measured on the rotor
 * chain) and far below a 1 % error. No randomness beyond the states of part 1: no false alarms.
 */
import { nanAsInfinite, type CheckPlugin, type CheckResult, type HamiltonianModel } from '@glassy/contracts';
import { fmt, instance, parameterSetLabel, parameterSets, randomStates } from './harness.js';

const BETAS = [0.5, 1, 2];
const THRESHOLD = 1e-7;
const PANELS = 4000;

/** ∫_a^b f by composite Simpson with an even number of panels. */
function simpson(f: (x: number) => number, a: number, b: number, panels = PANELS): number {
  if (b <= a) return 0;
  const h = (b - a) / panels;
  let s = f(a) + f(b);
  for (let k = 1; k < panels; k++) s += (k % 2 === 1 ? 4 : 2) * f(a + k * h);
  return (s * h) / 3;
}

/** The kinetic energy of one site with momentum w (all others at rest), from the model's own T. */
function siteKinetic(m: HamiltonianModel): (w: number) => number {
  const p = new Float64Array(m.dof);
  const t0 = m.separable!.kinetic(p);
  return (w) => {
    p[0] = w;
    const t = m.separable!.kinetic(p) - t0;
    p[0] = 0;
    return t;
  };
}

/** A range [−W, W] outside which exp(−β T_1) is below e^{−60}. */
function momentumRange(t1: (w: number) => number, beta: number): number {
  let w = 1;
  while (beta * Math.min(t1(w), t1(-w)) < 60 && w < 1e6) w *= 2;
  return w;
}

/** The five discrepancies for one instance (see the header). */
function consistency(m: HamiltonianModel, states: ReturnType<typeof randomStates>): { worst: number; parts: string[]; seeds: number[]; bondCount: number } {
  const gibbs = m.gibbs!;
  const sep = m.separable!;
  const parts: string[] = [];
  let worst = 0;
  const note = (name: string, d: number): void => {
    const v = nanAsInfinite(d);
    worst = Math.max(worst, v);
    parts.push(`${name} ${fmt(v)}`);
  };
  // 1. The bond potential sums to V(q).
  const marginal1 = gibbs.bondMarginal!(1);
  const vBond = marginal1.potential!;
  const [lo, hi] = marginal1.support!;
  const bonds = new Float64Array(m.dof + 1);
  let dSum = 0;
  let bondCount = 0;
  for (const s of states) {
    bondCount = marginal1.bonds(s.q, bonds);
    let sum = 0;
    for (let b = 0; b < bondCount; b++) sum += vBond(bonds[b]!);
    const v = sep.potential(s.q);
    dSum = Math.max(dSum, Math.abs(sum - v) / Math.max(1, Math.abs(v)));
  }
  note('Σ V_bond − V', dSum);
  const t1 = siteKinetic(m);
  const L = m.sites;
  let dBond = 0;
  let dMomentum = 0;
  let dEnergy = 0;
  let dHeat = 0;
  for (const beta of BETAS) {
    const marginal = gibbs.bondMarginal!(beta);
    // 2. Bond CDF.
    const wb = (r: number): number => Math.exp(-beta * vBond(r));
    const zb = simpson(wb, lo, hi);
    for (let k = 1; k <= 9; k++) {
      const r = lo + ((hi - lo) * k) / 10;
      dBond = Math.max(dBond, Math.abs(marginal.cdf(r) - simpson(wb, lo, r) / zb));
    }
    // The ends of the support, and beyond them.
    const width = hi - lo;
    for (const [r, want] of [[lo, 0], [hi, 1], [lo - 0.25 * width, 0], [hi + 0.25 * width, 1]] as const) dBond = Math.max(dBond, Math.abs(marginal.cdf(r) - want));
    // 3. Momentum CDF.
    const W = momentumRange(t1, beta);
    const wp = (w: number): number => Math.exp(-beta * t1(w));
    const zp = simpson(wp, -W, W);
    const cdf = gibbs.momentumCdf!(beta);
    for (let k = 1; k <= 9; k++) {
      const w = -W / 4 + (W / 2) * (k / 10);
      dMomentum = Math.max(dMomentum, Math.abs(cdf(w) - simpson(wp, -W, w) / zp));
    }
    // 4. ⟨H⟩/L from the quadratures.
    const meanT = simpson((w) => t1(w) * wp(w), -W, W) / zp;
    const meanV = simpson((r) => vBond(r) * wb(r), lo, hi) / zb;
    const u = meanT + (bondCount / L) * meanV;
    const uDeclared = gibbs.energyPerSite!(beta);
    dEnergy = Math.max(dEnergy, Math.abs(uDeclared - u) / Math.max(1e-12, Math.abs(u)));
    // 5. Specific heat = −β² du/dβ (Richardson on central differences).
    const h = 1e-3 * beta;
    const e = gibbs.energyPerSite!;
    const d1 = (e(beta + h) - e(beta - h)) / (2 * h);
    const d2 = (e(beta + h / 2) - e(beta - h / 2)) / h;
    const dudb = (4 * d2 - d1) / 3;
    const c = -beta * beta * dudb;
    const cDeclared = gibbs.specificHeatPerSite!(beta);
    dHeat = Math.max(dHeat, Math.abs(cDeclared - c) / Math.max(1e-12, Math.abs(c)));
  }
  note('bond CDF', dBond);
  note('momentum CDF', dMomentum);
  note('⟨H⟩/L', dEnergy);
  note('c vs −β² du/dβ', dHeat);
  return { worst, parts, seeds: states.map((s) => s.seed), bondCount };
}

export const gibbsConsistencyCheck: CheckPlugin = {
  type: 'check',
  id: 'gibbs-consistency',
  title: 'Gibbs oracles = quadrature of the Hamiltonian',
  purpose: `the declared exact ⟨H⟩/L, specific heat, momentum and bond CDFs agree with quadratures of the model's own Hamiltonian and with each other to ${THRESHOLD}`,
  tier: 'quick',
  scope: 'model',
  regression: { kind: 'grows', factor: 10 },
  notApplicable: (model) => {
    const g = instance(model).gibbs;
    const bond = g?.bondMarginal?.(1);
    return g?.energyPerSite && g.specificHeatPerSite && g.momentumCdf && bond?.potential && bond.support && instance(model).separable
      ? undefined
      : 'model declares no analytic Gibbs oracles with a bond potential';
  },
  run({ model, seed }): CheckResult {
    const sets = parameterSets(model);
    const parts: string[] = [];
    const seeds: number[] = [];
    let worst = 0;
    let bondCount = 0;
    for (const [k, overrides] of sets.entries()) {
      const m = instance(model, overrides);
      const r = consistency(m, randomStates(model, m, seed + 1000 * k, 4));
      seeds.push(...r.seeds);
      worst = Math.max(worst, r.worst);
      bondCount = r.bondCount;
      parts.push(`${parameterSetLabel(overrides)}: ${r.parts.join('; ')}`);
    }
    return {
      check: 'gibbs-consistency',
      statistic: 'largest discrepancy between the declared Gibbs oracles and quadratures of the Hamiltonian (CDFs absolute, ⟨H⟩/L and c relative)',
      value: worst,
      comparison: '<=',
      threshold: THRESHOLD,
      verdict: worst <= THRESHOLD ? 'pass' : 'fail',
      explanation: `β = ${BETAS.join(', ')}; ${parts.join(' | ')} (threshold ${fmt(THRESHOLD)}; Simpson with ${PANELS} panels)`,
      seeds,
      details: { betas: BETAS, panels: PANELS, bonds: bondCount },
    };
  },
};
