/**
 * Local energy conservation (docs/physics.md §1, transport): the model's local energies sum to H and
 * its bond currents satisfy the discrete continuity equation ė_x = j_{x−1} − j_x along
 * trajectories. Reference trajectory: RK4 on the full Hamiltonian vector field at dt₀/20 over
 * T = 40·dt₀ from two random states; ∫ (j_{x−1} − j_x) dt by composite Simpson on the steps;
 * statistic max_x |e_x(T) − e_x(0) − ∫(j_{x−1} − j_x)dt| / (1 + max_x |e_x|), threshold 1e-7
 * (the quadrature and RK4 errors are O(dt⁴) ≈ 1e-10 here), and |Σe_x − H| / (1 + |H|) ≤ 1e-12.
 * Runs at the verification parameters and at each `verification.alternateParams` set (the worst
 * reports). Deterministic given the seed. Control: a rotor chain whose current uses ω_x − ω_{x+1} for
 * ω_x + ω_{x+1} (a sign slip: Σ_x j_x is then zero on average, and the continuity fails at O(1)).
 */
import { judge, nanAsInfinite, type CheckPlugin } from '@glassy/contracts';
import { createRk4 } from '@glassy/integrators';
import { fmt, instance, parameterSetLabel, parameterSets, randomStates } from './harness.js';

const STATES = 2;
const SUBDIVIDE = 20;
const STEPS = 800; // even, for Simpson
const THRESHOLD = 1e-7;
const SUM_THRESHOLD = 1e-12;

export const energyContinuityCheck: CheckPlugin = {
  type: 'check',
  id: 'energy-continuity',
  title: 'Local energy conservation ė_x = j_{x−1} − j_x',
  purpose: 'local energies sum to H and bond currents satisfy the discrete continuity equation along trajectories',
  tier: 'quick',
  regression: { kind: 'grows', factor: 10 }, // deterministic given the seed: --baseline flags a 10× growth
  scope: 'model',
  notApplicable: (model) => (instance(model).localEnergy ? undefined : 'model declares no local energies and currents'),
  run({ model, seed }) {
    // At the verification parameters and at each alternateParams set: a coupling of 1 hides one
    // used as its inverse in the local energies or currents (mutation testing: 0.5·g → 0.5/g).
    const sets = parameterSets(model);
    let worst = 0;
    let worstSum = 0;
    let worstSet = parameterSetLabel({});
    const h = model.verification.dt / SUBDIVIDE;
    const seeds: number[] = [];
    for (const set of sets) {
      const m = instance(model, set);
      const cap = m.localEnergy;
      if (!cap) continue;
      const L = m.sites;
      const stepper = createRk4(m, 'energy-continuity reference');
      const e0 = new Float64Array(L);
      const e1 = new Float64Array(L);
      const j = new Float64Array(L);
      const integral = new Float64Array(L);
      const states = randomStates(model, m, seed, STATES);
      seeds.push(...states.map((x) => x.seed));
      let setWorst = 0;
      for (const s of states) {
        const q = s.q.slice();
        const p = s.p.slice();
        cap.localEnergy(q, p, e0);
        worstSum = Math.max(worstSum, nanAsInfinite(Math.abs(e0.reduce((a, x) => a + x, 0) - m.hamiltonian(q, p)) / (1 + Math.abs(m.hamiltonian(q, p)))));
        integral.fill(0);
        for (let k = 0; k <= STEPS; k++) {
          if (k > 0) stepper.step(q, p, h, 1);
          cap.bondCurrent(q, p, j);
          const w = k === 0 || k === STEPS ? 1 : k % 2 === 1 ? 4 : 2;
          for (let x = 0; x < L; x++) integral[x] = integral[x]! + ((w * h) / 3) * (j[(x - 1 + L) % L]! - j[x]!);
        }
        cap.localEnergy(q, p, e1);
        let scale = 1;
        for (let x = 0; x < L; x++) scale = Math.max(scale, 1 + Math.abs(e1[x]!));
        for (let x = 0; x < L; x++) setWorst = Math.max(setWorst, nanAsInfinite(Math.abs(e1[x]! - e0[x]! - integral[x]!) / scale));
      }
      if (setWorst > worst) {
        worst = setWorst;
        worstSet = parameterSetLabel(set);
      }
    }
    const value = Math.max(worst, worstSum > SUM_THRESHOLD ? Number.POSITIVE_INFINITY : 0);
    return judge({
      check: 'energy-continuity',
      statistic: 'max_x |Δe_x − ∫(j_{x−1} − j_x)dt| / (1 + max|e_x|) (and Σe_x = H)',
      value,
      comparison: '<=',
      threshold: THRESHOLD,
      explanation: `RK4 at dt = ${fmt(h)} over T = ${fmt(h * STEPS)} from ${STATES} random states per parameter set (${sets.length} sets): continuity defect ${fmt(worst)}, worst at ${worstSet} (threshold ${fmt(THRESHOLD)}); |Σe_x − H|/(1 + |H|) = ${fmt(worstSum)} (threshold ${fmt(SUM_THRESHOLD)})`,
      seeds,
      details: { continuity: worst, sum: worstSum },
    });
  },
};
