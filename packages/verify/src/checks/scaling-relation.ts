/**
 * Check 6: the model's exact scaling relation holds for the discrete dynamics (docs/physics.md §1).
 * For the rotor chain: θ(t, g; θ°, ω°) = θ(αt, g/α²; θ°, ω°/α), ω = α ω(αt, g/α²; θ°, ω°/α),
 * with the step scaled too, dt → α dt. For random α in [0.1, 10] (fast-check, seeded) and α = 2,
 * N steps of the original are compared with N steps of the scaled system mapped back.
 * Statistic: max |x − x̃| / (1 + |x|) over q and p; only round-off is allowed.
 */
import { judge, type CheckPlugin } from '@glassy/contracts';
import { maxScaledDifference } from '@glassy/observables';
import { checkParams, fmt, instance, randomReals, randomStates, stepperFor } from './harness.js';

const STATES = 2;
const ALPHAS = 4;
const STEPS = 100;
const THRESHOLD = 1e-9;

export const scalingRelationCheck: CheckPlugin = {
  type: 'check',
  id: 'scaling-relation',
  title: 'Exact scaling relation',
  purpose: 'trajectories at (params, dt) and at the scaled (params′, α-scaled dt) map onto each other exactly',
  tier: 'quick',
  regression: { kind: 'grows', factor: 10 }, // deterministic given the seed: --baseline flags a 10× growth
  notApplicable: (model, integrator) =>
    integrator!.properties.stochastic ? 'stochastic dynamics' : model.scaling ? undefined : 'model declares no scaling transform',
  run({ model, integrator: pair, seed }) {
    const integrator = pair!;
    const scaling = model.scaling!;
    const params = checkParams(model);
    const m = model.create(params);
    const dt = model.verification.dt;
    const alphas = [2, ...randomReals(seed + 1000, ALPHAS - 1, 0.1, 10)];
    const states = randomStates(model, m, seed, STATES);
    let worst = 0;
    let worstAlpha = Number.NaN;
    for (const alpha of alphas) {
      const t = scaling.transform(params, alpha);
      const scaled = instance(model, t.params);
      for (const s of states) {
        const q = s.q.slice();
        const p = s.p.slice();
        stepperFor(integrator, m).step(q, p, dt, STEPS);
        const qs = s.q.map((x) => x / t.qFactor);
        const ps = s.p.map((x) => x / t.pFactor);
        stepperFor(integrator, scaled).step(qs, ps, dt * t.timeFactor, STEPS);
        for (let i = 0; i < qs.length; i++) {
          qs[i] = qs[i]! * t.qFactor;
          ps[i] = ps[i]! * t.pFactor;
        }
        const d = Math.max(maxScaledDifference(qs, q), maxScaledDifference(ps, p));
        if (!(d <= worst)) {
          worst = d;
          worstAlpha = alpha;
        }
      }
    }
    return judge({
      check: 'scaling-relation',
      statistic: 'max |x − x̃| / (1 + |x|) between original and mapped-back scaled trajectory',
      value: worst,
      comparison: '<=',
      threshold: THRESHOLD,
      explanation: `${scaling.description}; α ∈ {${alphas.map(fmt).join(', ')}}, ${STEPS} steps at dt = ${fmt(dt)}: worst deviation ${fmt(worst)}${Number.isNaN(worstAlpha) ? '' : ` (α = ${fmt(worstAlpha)})`} vs ${fmt(THRESHOLD)}`,
      seeds: [...states.map((s) => s.seed), seed + 1000],
      details: { alphas, steps: STEPS, dt },
    });
  },
};
