/**
 * Check 7: the decoupled limit (coupling switched off) is reproduced exactly.
 * (a) Locality: perturbing one site changes no other site's trajectory, bit for bit.
 * (b) Where the model gives the decoupled flow in closed form (rotor chain: θ + tω, ω fixed),
 *     the discrete trajectory matches it to round-off.
 * Statistic: max of the locality deviation and max |x − x_exact| / (1 + |x_exact|).
 */
import { judge, type CheckPlugin } from '@glassy/contracts';
import { maxScaledDifference } from '@glassy/observables';
import { checkParams, fmt, randomStates, stepperFor } from './harness.js';

const STATES = 2;
const STEPS = 1000;
const THRESHOLD = 1e-10;

export const decoupledLimitCheck: CheckPlugin = {
  type: 'check',
  id: 'decoupled-limit',
  title: 'Decoupled limit reproduced exactly',
  purpose: 'with the coupling off, sites evolve independently and (where known) exactly as the closed-form flow',
  tier: 'quick',
  regression: { kind: 'grows', factor: 10 }, // deterministic given the seed: --baseline flags a 10× growth
  notApplicable: (model, integrator) =>
    integrator!.properties.stochastic ? 'stochastic dynamics' : model.decoupled ? undefined : 'model declares no decoupled limit',
  run({ model, integrator: pair, seed }) {
    const integrator = pair!;
    const decoupled = model.decoupled!;
    const params = decoupled.params(checkParams(model));
    const m = model.create(params);
    const stepper = stepperFor(integrator, m);
    const dt = model.verification.dt;
    const states = randomStates(model, m, seed, STATES);
    let locality = 0;
    let exact = 0;
    for (const s of states) {
      const q = s.q.slice();
      const p = s.p.slice();
      stepper.step(q, p, dt, STEPS);
      // (a) perturb site 0 and compare every other site.
      const q2 = s.q.slice();
      const p2 = s.p.slice();
      q2[0] = q2[0]! + 0.5;
      p2[0] = p2[0]! - 0.25;
      stepper.step(q2, p2, dt, STEPS);
      locality = Math.max(locality, maxScaledDifference(q.subarray(1), q2.subarray(1)), maxScaledDifference(p.subarray(1), p2.subarray(1)));
      // (b) closed form.
      if (decoupled.exactFlow) {
        const qe = s.q.slice();
        const pe = s.p.slice();
        decoupled.exactFlow(qe, pe, STEPS * dt);
        exact = Math.max(exact, maxScaledDifference(q, qe), maxScaledDifference(p, pe));
      }
    }
    const worst = Math.max(locality, exact);
    return judge({
      check: 'decoupled-limit',
      statistic: 'max(locality deviation, |x − x_exact| / (1 + |x_exact|))',
      value: worst,
      comparison: '<=',
      threshold: THRESHOLD,
      explanation:
        `${decoupled.description}; ${STEPS} steps at dt = ${fmt(dt)}: locality ${fmt(locality)}` +
        (decoupled.exactFlow ? `, deviation from exact flow ${fmt(exact)}` : ' (no closed-form flow: locality only)') +
        ` vs ${fmt(THRESHOLD)}`,
      seeds: states.map((s) => s.seed),
      details: { locality, exactDeviation: decoupled.exactFlow ? exact : 'n/a', steps: STEPS, dt },
    });
  },
};
