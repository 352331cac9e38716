/**
 * Check: a model's fused Störmer–Verlet kernel (separable.verletKernel, the fast path behind
 * stormer-verlet-fused and the thermostats) agrees with the readable reference step built from
 * the same model's force and velocity, kick(h/2) drift(h) kick(h/2), at the verification
 * parameters and at every further parameter set the model declares in
 * `verification.alternateParams` (fast paths branch on parameters: the anharmonic kernel has a
 * quartic–harmonic path and a general one; the rotor kernel has periodic and open ends). Mutation
 * testing found the general anharmonic path run by no check at all.
 *
 * For models with angles, one more state with every angle shifted by 2^41 rad (the large-angle
 * path). Also: step(q, p, dt, 0) must leave the state unchanged (else the statistic is infinite).
 * Statistic: max scaled difference (|a − b| / max(1, |b|)) of q and p after 200 steps at the
 * verification dt from 3 random states per parameter set. The kernels promise the same arithmetic
 * up to the order of operations (or a sine accurate to 1 ulp), so the difference is round-off
 * amplified by the dynamics over t = 200 dt: threshold 1e-10. A kernel that declares itself bit
 * for bit the reference (`bitIdentical`, which makes `stormer-verlet` run it in place of the
 * generic step) is held to that: threshold 0.
 */
import { nanAsInfinite, type CheckPlugin, type CheckResult, type HamiltonianModel, type Stepper } from '@glassy/contracts';
import { maxScaledDifference } from '@glassy/observables';
import { fmt, instance, parameterSetLabel, parameterSets, randomStates } from './harness.js';

const STEPS = 200;
const STATES = 3;
const THRESHOLD = 1e-10;

/** The reference: plain kick–drift–kick from separable.force and separable.velocity. */
function referenceVerlet(m: HamiltonianModel): Stepper {
  const sep = m.separable!;
  const f = new Float64Array(m.dof);
  const v = new Float64Array(m.dof);
  return {
    step(q, p, dt, n) {
      for (let s = 0; s < n; s++) {
        sep.force(q, f);
        for (let i = 0; i < p.length; i++) p[i] = p[i]! + 0.5 * dt * f[i]!;
        sep.velocity(p, v);
        for (let i = 0; i < q.length; i++) q[i] = q[i]! + dt * v[i]!;
        sep.force(q, f);
        for (let i = 0; i < p.length; i++) p[i] = p[i]! + 0.5 * dt * f[i]!;
      }
    },
  };
}

export const kernelAgreementCheck: CheckPlugin = {
  type: 'check',
  id: 'kernel-agreement',
  title: 'Fused Verlet kernel = reference Verlet step',
  purpose: `the model's fused Verlet kernel gives the reference kick–drift–kick trajectory to ${THRESHOLD} over ${STEPS} steps (exactly, if it declares itself bit for bit), at the verification parameters and every declared alternateParams set`,
  tier: 'quick',
  scope: 'model',
  regression: { kind: 'grows', factor: 10 },
  notApplicable: (model) => (instance(model).separable?.verletKernel ? undefined : 'model has no fused Verlet kernel'),
  run({ model, seed }): CheckResult {
    const sets = parameterSets(model);
    const dt = model.verification.dt;
    let worst = 0;
    let claimsExact = false;
    const parts: string[] = [];
    const seeds: number[] = [];
    for (const [k, overrides] of sets.entries()) {
      const m = instance(model, overrides);
      const kernel = m.separable?.verletKernel;
      if (!kernel) {
        parts.push(`${parameterSetLabel(overrides)}: no kernel`);
        worst = Number.POSITIVE_INFINITY;
        continue;
      }
      claimsExact ||= kernel.bitIdentical === true;
      let d = 0;
      // Zero steps leave the state alone (the kernel's opening half-kick must wait for a step).
      const probe = randomStates(model, m, seed + 1000 * k + 999, 1)[0]!;
      const q0 = probe.q.slice();
      const p0 = probe.p.slice();
      kernel.create().step(q0, p0, dt, 0);
      if (maxScaledDifference(q0, probe.q) !== 0 || maxScaledDifference(p0, probe.p) !== 0) d = Number.POSITIVE_INFINITY;
      const states = randomStates(model, m, seed + 1000 * k, STATES);
      // Angles far from 0 (a long run's θ grow without bound): kernels that switch to another
      // sine there (the rotor chain's, beyond its polynomial's domain) are compared there too.
      if (m.angles.some((a) => a === 1)) {
        const far = states[0]!;
        states.push({ q: far.q.map((x, i) => (m.angles[i] === 1 ? x + 2 ** 41 : x)), p: far.p.slice(), seed: far.seed });
      }
      for (const s of states) {
        seeds.push(s.seed);
        const q1 = s.q.slice();
        const p1 = s.p.slice();
        kernel.create().step(q1, p1, dt, STEPS);
        const q2 = s.q.slice();
        const p2 = s.p.slice();
        referenceVerlet(m).step(q2, p2, dt, STEPS);
        const diff = Math.max(maxScaledDifference(q1, q2), maxScaledDifference(p1, p2));
        d = Math.max(d, nanAsInfinite(diff));
      }
      worst = Math.max(worst, d);
      parts.push(`${parameterSetLabel(overrides)}: ${fmt(d)}`);
    }
    const threshold = claimsExact ? 0 : THRESHOLD;
    return {
      check: 'kernel-agreement',
      statistic: 'max scaled |fused − reference| of (q, p) after the steps, over parameter sets and states',
      value: worst,
      comparison: '<=',
      threshold,
      verdict: worst <= threshold ? 'pass' : 'fail',
      explanation:
        `${STEPS} steps at dt = ${fmt(dt)}, ${STATES} random states per parameter set: ${parts.join('; ')} (threshold ${fmt(threshold)}` +
        `${claimsExact ? ': the kernel declares itself bit for bit the reference step, and stormer-verlet runs it' : ''})`,
      seeds,
      details: { steps: STEPS, dt, parameterSets: sets.length },
    };
  },
};
