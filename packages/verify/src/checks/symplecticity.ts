/**
 * Check 1: symplecticity of the N-step map M = ∂(q_N, p_N)/∂(q_0, p_0): Mᵀ J M = J.
 *
 * The Jacobian is taken by fourth-order central differences with h = 1e-4 per coordinate
 * (truncation ~h⁴·M⁽⁵⁾, round-off ~ε|x|/h: about 1e-11 for the built-ins, measured), and again
 * with 2h; the change between the two is reported as the uncertainty of the statistic. The step
 * is four times the model's verification dt and the map has 10 steps, where a non-symplectic
 * method's defect (RK4: ~(ωh)⁶/72 per step) is 1e-6 to 1e-4, far above the 1e-9 threshold.
 * Statistic: max |MᵀJM − J| / max(1, max|M|²) over random states.
 */
import { judge, type CheckPlugin } from '@glassy/contracts';
import { fmt, instance, randomStates, stepperFor } from './harness.js';

const STATES = 3;
const STEPS = 10;
const FD_STEP = 1e-4;
const THRESHOLD = 1e-9;

/** Jacobian (row-major, 2n × 2n) of (q, p) ↦ nSteps steps, by 4th-order central differences. */
export function stepJacobian(
  step: (q: Float64Array, p: Float64Array) => void,
  q0: Float64Array,
  p0: Float64Array,
  h: number,
): Float64Array {
  const n = q0.length;
  const d = 2 * n;
  const jac = new Float64Array(d * d);
  const q = new Float64Array(n);
  const p = new Float64Array(n);
  const offsets = [2, 1, -1, -2];
  const weights = [-1, 8, -8, 1];
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < 4; k++) {
      q.set(q0);
      p.set(p0);
      if (j < n) q[j] = q[j]! + offsets[k]! * h;
      else p[j - n] = p[j - n]! + offsets[k]! * h;
      step(q, p);
      const w = weights[k]! / (12 * h);
      for (let i = 0; i < n; i++) {
        jac[i * d + j] = jac[i * d + j]! + w * q[i]!;
        jac[(i + n) * d + j] = jac[(i + n) * d + j]! + w * p[i]!;
      }
    }
  }
  return jac;
}

/** max |MᵀJM − J| with J = [[0, I], [−I, 0]], and max |M_ij|. */
export function symplecticDefect(jac: Float64Array, n: number): { defect: number; maxEntry: number } {
  const d = 2 * n;
  let defect = 0;
  let maxEntry = 0;
  for (let k = 0; k < d * d; k++) maxEntry = Math.max(maxEntry, Math.abs(jac[k]!));
  // (MᵀJM)_ab = Σ_i M_ia (JM)_ib,  (JM)_ib = M_{i+n,b} for i < n, −M_{i−n,b} for i ≥ n.
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += jac[i * d + a]! * jac[(i + n) * d + b]! - jac[(i + n) * d + a]! * jac[i * d + b]!;
      const target = a < n && b === a + n ? 1 : a >= n && b === a - n ? -1 : 0;
      const e = Math.abs(s - target);
      if (!(e <= defect)) defect = e;
    }
  }
  return { defect, maxEntry };
}

export const symplecticityCheck: CheckPlugin = {
  type: 'check',
  id: 'symplecticity',
  title: 'Symplecticity of the step map',
  purpose: 'the N-step map preserves the symplectic form: MᵀJM = J to round-off',
  tier: 'quick',
  regression: { kind: 'grows', factor: 10 }, // deterministic given the seed: --baseline flags a 10× growth
  notApplicable: (_model, integrator) => (integrator!.properties.symplectic ? undefined : 'integrator does not claim to be symplectic'),
  run({ model, integrator: pair, seed }) {
    const integrator = pair!;
    const m = instance(model);
    const stepper = stepperFor(integrator, m);
    const dt = 4 * model.verification.dt;
    let worst = 0;
    let worstEntry = 0;
    let uncertainty = 0;
    const states = randomStates(model, m, seed, STATES);
    const map = (q: Float64Array, p: Float64Array): void => stepper.step(q, p, dt, STEPS);
    for (const s of states) {
      const { defect, maxEntry } = symplecticDefect(stepJacobian(map, s.q, s.p, FD_STEP), m.dof);
      const coarse = symplecticDefect(stepJacobian(map, s.q, s.p, 2 * FD_STEP), m.dof);
      const scale = Math.max(1, maxEntry * maxEntry);
      const rel = defect / scale;
      if (!(rel <= worst)) {
        worst = rel;
        worstEntry = maxEntry;
        uncertainty = Math.abs(coarse.defect - defect) / scale;
      }
    }
    return judge({
      check: 'symplecticity',
      statistic: 'max |MᵀJM − J| / max(1, max|M|²)',
      value: worst,
      comparison: '<=',
      threshold: THRESHOLD,
      uncertainty,
      explanation: `${STEPS}-step map at dt = ${fmt(dt)}, L = ${m.sites}, ${STATES} random states; Jacobian by 4th-order central differences (h = ${FD_STEP}); defect ${fmt(worst)} (finite-difference uncertainty ${fmt(uncertainty)}) vs ${fmt(THRESHOLD)}`,
      seeds: states.map((s) => s.seed),
      details: { dt, steps: STEPS, maxJacobianEntry: worstEntry },
    });
  },
};
