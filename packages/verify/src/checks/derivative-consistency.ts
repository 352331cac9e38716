/**
 * Check: every derivative a model declares is the derivative of the function it declares.
 *
 * A wrong force is still the gradient of *some* Hamiltonian (1.1 × ∇V is ∇(1.1 V)), so
 * symplecticity, reversibility and order cannot see it; only a comparison with the declared
 * energy can. As OpenMM's and ASE's test suites do for every force they ship, at random states
 * (uniform in the declared state scales, plus exact Gibbs draws at β = 1 where the model has a
 * sampler) this compares
 *   - gradient(q, p) with central differences of hamiltonian(q, p) (every model);
 *   - separable.force(q) with −∂V/∂q and separable.velocity(p) with ∂T/∂p, and T + V with H;
 *   - the sub-flows of a split model: Σ_k (Φ_k^{t} − Φ_k^{−t})(x)/(2t) → X_H(x) as t → 0
 *     (the vector fields of the parts add up to the whole one, X_H from the checked gradient),
 *     and the same for the two flows of an `abSplit`;
 *   - separable.forceJacobian(q)·v with central differences of force along a direction v.
 *
 * Differences: D(h) = (f(x + h e_i) − f(x − h e_i)) / 2h with h = h0·max(1, |x_i|), h0 = 2⁻⁷,
 * at h, h/2, h/4; two Richardson levels R1 = (4D(h/2) − D(h))/3, R2 = (4D(h/4) − D(h/2))/3
 * (error O(h⁴)). Tolerance on component i:
 *   tol_i = 10 · (|R1 − R2| + 8 ε F / (h/4)) + 1e−9 · (1 + max_j |R2_j|),
 * the first term the truncation estimate, the second the round-off of the quotient (F the largest
 * |f| on the stencil), the third a floor far below any real bug (a 1 % error is 10⁷ times larger).
 * Statistic: max_i |declared_i − R2_i| / tol_i; pass iff ≤ 1. A failure names the function, the
 * site, and, when the declared derivative is a multiple of the true one, the factor.
 */
import { streamFor, STREAM, type CheckPlugin, type CheckResult, type HamiltonianModel, type ModelPlugin } from '@glassy/contracts';
import { fmt, instance, parameterSetLabel, parameterSets, randomStates } from './harness.js';

const RANDOM_STATES = 4;
const GIBBS_STATES = 2;
const GIBBS_BETA = 1;
const H0 = 2 ** -7;
const T0 = 2 ** -9;
const THRESHOLD = 1;

interface Comparison {
  /** What is compared, e.g. "force(q) vs −∂V/∂q". */
  readonly what: string;
  /** Worst |declared − reference| / tol. */
  ratio: number;
  site: number;
  declared: number;
  reference: number;
  tol: number;
  /** Least-squares factor s in declared ≈ s · reference, and the residual after it. */
  factor: number;
  factorResidual: number;
  worstAbs: number;
}

/** Richardson-extrapolated central differences of a scalar f along coordinate i of x (restored after). */
function differenceOf(f: () => number, x: Float64Array, i: number, h0: number): { value: number; tol: number } {
  const xi = x[i]!;
  const h = h0 * Math.max(1, Math.abs(xi));
  let scale = 0;
  const d = (step: number): number => {
    x[i] = xi + step;
    const a = f();
    x[i] = xi - step;
    const b = f();
    x[i] = xi;
    scale = Math.max(scale, Math.abs(a), Math.abs(b));
    return (a - b) / (2 * step);
  };
  const d1 = d(h);
  const d2 = d(h / 2);
  const d4 = d(h / 4);
  const r1 = (4 * d2 - d1) / 3;
  const r2 = (4 * d4 - d2) / 3;
  return { value: r2, tol: 10 * (Math.abs(r1 - r2) + (8 * Number.EPSILON * scale) / (h / 4)) };
}

function emptyComparison(what: string): Comparison {
  return { what, ratio: 0, site: -1, declared: 0, reference: 0, tol: 0, factor: 1, factorResidual: 0, worstAbs: 0 };
}

/** Fold one state's declared and reference vectors into the comparison. */
function compare(c: Comparison, declared: Float64Array, reference: Float64Array, tolRaw: Float64Array): void {
  let refMax = 0;
  for (let i = 0; i < reference.length; i++) refMax = Math.max(refMax, Math.abs(reference[i]!));
  let dr = 0;
  let rr = 0;
  for (let i = 0; i < reference.length; i++) {
    dr += declared[i]! * reference[i]!;
    rr += reference[i]! * reference[i]!;
  }
  const factor = rr > 0 ? dr / rr : 1;
  let residual = 0;
  for (let i = 0; i < reference.length; i++) {
    const tol = tolRaw[i]! + 1e-9 * (1 + refMax);
    const err = Math.abs(declared[i]! - reference[i]!);
    const ratio = Number.isNaN(err) ? Number.POSITIVE_INFINITY : err / tol;
    residual = Math.max(residual, Math.abs(declared[i]! - factor * reference[i]!) / tol);
    if (ratio > c.ratio) {
      Object.assign(c, { ratio, site: i, declared: declared[i]!, reference: reference[i]!, tol, worstAbs: err });
    }
  }
  if (c.ratio > THRESHOLD && Math.abs(factor - 1) > Math.abs(c.factor - 1)) {
    c.factor = factor;
    c.factorResidual = residual;
  }
}

function describe(c: Comparison, dofLabel: (i: number) => string): string {
  if (c.site < 0) return `${c.what}: agree`;
  const head = `${c.what}: worst ${dofLabel(c.site)}: declared ${fmt(c.declared)}, differences ${fmt(c.reference)} (|Δ| = ${fmt(c.worstAbs)}, tol ${fmt(c.tol)}, ratio ${fmt(c.ratio)})`;
  if (c.ratio <= THRESHOLD) return head;
  const multiple = c.factorResidual <= 1e3 && Math.abs(c.factor - 1) > 1e-6 ? `; the declared one is ${c.factor.toFixed(4)} × the true derivative` : '';
  return `${head}${multiple}`;
}

export const derivativeConsistencyCheck: CheckPlugin = {
  type: 'check',
  id: 'derivative-consistency',
  title: 'Declared derivatives match the declared energies',
  purpose: 'gradient, force, velocity and sub-flows agree with central differences (Richardson) of H, V and T at random and Gibbs states',
  tier: 'quick',
  regression: { kind: 'grows', factor: 10 }, // deterministic given the seed: --baseline flags a 10× growth
  scope: 'model',
  notApplicable: () => undefined,
  run({ model, seed }): CheckResult {
    // At the verification parameters and at each declared alternate set (code that branches on
    // parameters, e.g. a general exponent beside a quartic special case); the worst set reports.
    const sets = parameterSets(model);
    const results = sets.map((o, k) => ({ o, r: runAt(model, k === 0 ? seed : seed + 7919 * k, o) }));
    if (results.length === 1) return results[0]!.r;
    const worst = results.reduce((a, b) => (!(b.r.value <= a.r.value) ? b : a));
    return {
      ...worst.r,
      explanation: `at ${parameterSetLabel(worst.o)} (worst of ${results.length} parameter sets: ${results.map((x) => `${parameterSetLabel(x.o)} ratio ${fmt(x.r.value)}`).join('; ')}): ${worst.r.explanation}`,
      seeds: results.flatMap((x) => x.r.seeds),
    };
  },
};

function runAt(model: ModelPlugin, seed: number, overrides: Record<string, unknown>): CheckResult {
  {
    const m: HamiltonianModel = instance(model, overrides);
    const n = m.dof;
    const states = randomStates(model, m, seed, RANDOM_STATES).map((s) => ({ q: s.q, p: s.p, label: `random state (seed ${s.seed})` }));
    if (m.gibbs) {
      for (let k = 0; k < GIBBS_STATES; k++) {
        const q = new Float64Array(n);
        const p = new Float64Array(n);
        m.gibbs.sample(q, p, GIBBS_BETA, streamFor(seed, k, STREAM.initialState));
        states.push({ q, p, label: `Gibbs state β = ${GIBBS_BETA} (draw ${k})` });
      }
    }
    const sep = m.separable;
    const flows = m.subFlows ?? [];
    const ab = m.abSplit;
    const abFlows = ab ? [{ id: 'A', flow: ab.flowA.bind(ab) }, { id: 'B', flow: ab.flowB.bind(ab) }] : [];
    const jac = sep?.forceJacobian?.bind(sep);
    const jacobian = emptyComparison('forceJacobian(q)·v vs directional differences of force');
    const abSplit = emptyComparison(`abSplit flows A + B (${ab?.description ?? ''}) vs (∂H/∂p, −∂H/∂q)`);
    const grad = emptyComparison('gradient(q, p) vs ∂H/∂(q, p)');
    const force = emptyComparison('force(q) vs −∂V/∂q');
    const vel = emptyComparison('velocity(p) vs ∂T/∂p');
    const split = emptyComparison(`Σ sub-flow vector fields (${flows.map((f) => f.id).join(' + ')}) vs (∂H/∂p, −∂H/∂q)`);
    let sumDefect = 0;
    const dHdq = new Float64Array(n);
    const dHdp = new Float64Array(n);
    const declared2 = new Float64Array(2 * n);
    const ref2 = new Float64Array(2 * n);
    const tol2 = new Float64Array(2 * n);
    const declared = new Float64Array(n);
    const ref = new Float64Array(n);
    const tol = new Float64Array(n);
    for (const s of states) {
      const q = s.q.slice();
      const p = s.p.slice();
      // gradient vs H
      m.gradient(q, p, dHdq, dHdp);
      const H = (): number => m.hamiltonian(q, p);
      for (let i = 0; i < n; i++) {
        const dq = differenceOf(H, q, i, H0);
        const dp = differenceOf(H, p, i, H0);
        declared2[i] = dHdq[i]!;
        ref2[i] = dq.value;
        tol2[i] = dq.tol;
        declared2[n + i] = dHdp[i]!;
        ref2[n + i] = dp.value;
        tol2[n + i] = dp.tol;
      }
      compare(grad, declared2, ref2, tol2);
      if (sep) {
        sep.force(q, declared);
        for (let i = 0; i < n; i++) {
          const d = differenceOf(() => sep.potential(q), q, i, H0);
          ref[i] = -d.value;
          tol[i] = d.tol;
        }
        compare(force, declared, ref, tol);
        sep.velocity(p, declared);
        for (let i = 0; i < n; i++) {
          const d = differenceOf(() => sep.kinetic(p), p, i, H0);
          ref[i] = d.value;
          tol[i] = d.tol;
        }
        compare(vel, declared, ref, tol);
        const t = sep.kinetic(p);
        const v = sep.potential(q);
        sumDefect = Math.max(sumDefect, Math.abs(t + v - m.hamiltonian(q, p)) / (1e-12 * (1 + Math.abs(t) + Math.abs(v))));
      }
      if (jac) {
        // (∂F/∂q)·v against Richardson-extrapolated central differences of F along v.
        const v = new Float64Array(n);
        for (let i = 0; i < n; i++) v[i] = Math.cos(1.7 * i + 0.3 * (states.indexOf(s) + 1));
        jac(q, v, declared);
        let fScale = 0;
        const fAlong = (h: number): Float64Array => {
          const qa = q.slice();
          const qb = q.slice();
          for (let i = 0; i < n; i++) {
            qa[i] = q[i]! + h * v[i]!;
            qb[i] = q[i]! - h * v[i]!;
          }
          const fa = new Float64Array(n);
          const fb = new Float64Array(n);
          sep!.force(qa, fa);
          sep!.force(qb, fb);
          for (let i = 0; i < n; i++) {
            fScale = Math.max(fScale, Math.abs(fa[i]!), Math.abs(fb[i]!));
            fa[i] = (fa[i]! - fb[i]!) / (2 * h);
          }
          return fa;
        };
        const d1 = fAlong(H0);
        const d2 = fAlong(H0 / 2);
        const d4 = fAlong(H0 / 4);
        for (let i = 0; i < n; i++) {
          const r1 = (4 * d2[i]! - d1[i]!) / 3;
          const r2 = (4 * d4[i]! - d2[i]!) / 3;
          ref[i] = r2;
          tol[i] = 10 * (Math.abs(r1 - r2) + (8 * Number.EPSILON * fScale) / (H0 / 4));
        }
        compare(jacobian, declared, ref, tol);
      }
      for (const [list, target] of [
        [flows, split],
        [abFlows, abSplit],
      ] as const) {
        if (list.length === 0) continue;
        // X_H from the gradient (itself checked above): q̇ = ∂H/∂p, ṗ = −∂H/∂q.
        for (let i = 0; i < n; i++) {
          ref2[i] = dHdp[i]!;
          ref2[n + i] = -dHdq[i]!;
        }
        const field = (t: number): Float64Array => {
          const out = new Float64Array(2 * n);
          for (const f of list) {
            const qa = q.slice();
            const pa = p.slice();
            f.flow(qa, pa, t);
            const qb = q.slice();
            const pb = p.slice();
            f.flow(qb, pb, -t);
            for (let i = 0; i < n; i++) {
              out[i]! += (qa[i]! - qb[i]!) / (2 * t);
              out[n + i]! += (pa[i]! - pb[i]!) / (2 * t);
            }
          }
          return out;
        };
        const f1 = field(T0);
        const f2 = field(T0 / 2);
        const f4 = field(T0 / 4);
        let xMax = 1;
        for (let i = 0; i < n; i++) xMax = Math.max(xMax, Math.abs(q[i]!), Math.abs(p[i]!));
        for (let i = 0; i < 2 * n; i++) {
          const r1 = (4 * f2[i]! - f1[i]!) / 3;
          const r2 = (4 * f4[i]! - f2[i]!) / 3;
          declared2[i] = r2;
          tol2[i] = 10 * (Math.abs(r1 - r2) + (8 * Number.EPSILON * xMax * list.length) / (T0 / 4));
        }
        compare(target, declared2, ref2, tol2);
      }
    }
    const parts = [grad, ...(sep ? [force, vel] : []), ...(jac ? [jacobian] : []), ...(flows.length > 0 ? [split] : []), ...(ab ? [abSplit] : [])];
    const worst = parts.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    const sumRatio = sep ? sumDefect : 0;
    const value = Math.max(worst.ratio, sumRatio);
    const site = (i: number): string => (i < n ? `site ${i + 1}` : `site ${i - n + 1} (p)`); // sites numbered 1 … L, as in figures
    const siteQ = (i: number): string => `site ${i + 1}`;
    const lines = [
      describe(grad, (i) => (i < n ? `∂H/∂q at site ${i + 1}` : `∂H/∂p at site ${i - n + 1}`)),
      ...(sep ? [describe(force, siteQ), describe(vel, siteQ), `T + V vs H: defect ${fmt(sumDefect * 1e-12)} relative`] : []),
      ...(jac ? [describe(jacobian, siteQ)] : []),
      ...(flows.length > 0 ? [describe(split, (i) => (i < n ? `q̇ at ${site(i)}` : `ṗ at site ${i - n + 1}`))] : []),
      ...(ab ? [describe(abSplit, (i) => (i < n ? `q̇ at ${site(i)}` : `ṗ at site ${i - n + 1}`))] : []),
    ];
    const bad = parts.filter((c) => c.ratio > THRESHOLD).map((c) => c.what.split(' vs ')[0]);
    if (sumRatio > THRESHOLD) bad.push('kinetic + potential ≠ hamiltonian');
    const cause = bad.length > 0 ? `DISAGREE: ${bad.join('; ')} — a declared derivative is not the derivative of the declared energy. ` : '';
    return {
      check: 'derivative-consistency',
      statistic: 'max |declared − finite-difference derivative| / tolerance',
      value,
      comparison: '<=',
      threshold: THRESHOLD,
      verdict: Number.isFinite(value) && value <= THRESHOLD ? 'pass' : 'fail',
      explanation: `${cause}${states.length} states (L = ${m.sites}): ${lines.join('; ')}`,
      seeds: [seed],
      details: {
        gradientRatio: grad.ratio,
        forceRatio: sep ? force.ratio : 'n.a.',
        velocityRatio: sep ? vel.ratio : 'n.a.',
        subFlowRatio: flows.length > 0 ? split.ratio : 'n.a.',
        forceJacobianRatio: jac ? jacobian.ratio : 'n.a.',
        abSplitRatio: ab ? abSplit.ratio : 'n.a.',
        states: states.length,
      },
    };
  }
}
