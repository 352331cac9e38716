/**
 * Discrete symmetries of the model (capability `symmetries`), e.g. the gauge map
 * ψ_n → (−1)^n ψ_n of the disordered DNLS, which maps the chain with hopping sign s to the chain
 * with −s: the image of a trajectory is a trajectory, so the listed observables (m2 and P of a
 * wave packet) agree along the two. Both runs use the integrator under test at the model's
 * verification dt for 2000 steps from the symmetry's initial state (recorded every 100 steps);
 * the split-step maps commute with the gauge map exactly, so the observables agree to round-off
 * (amplified by the chaotic nonlinear dynamics over the run: threshold 1e-8 relative).
 * Deterministic. Control: a disordered DNLS whose hopping sign is validated but never wired in,
 * so the "image" runs the original chain from a different state.
 */
import { judge, type CheckPlugin } from '@glassy/contracts';
import { checkParams, fmt } from './harness.js';

const STEPS = 2000;
const EVERY = 100;
const THRESHOLD = 1e-8;

export const symmetryCheck: CheckPlugin = {
  type: 'check',
  id: 'symmetry-map',
  title: 'Discrete symmetries of the dynamics',
  purpose: 'the image of a trajectory under a symmetry of the model is a trajectory of the image parameters: the listed observables agree along both',
  tier: 'quick',
  regression: { kind: 'grows', factor: 10 }, // deterministic given the seed: --baseline flags a 10× growth
  notApplicable: (model, integrator) =>
    integrator!.properties.stochastic ? 'stochastic dynamics (the noise realisations would differ)' : model.symmetries?.length ? undefined : 'model declares no symmetry maps',
  run({ model, integrator: pair, seed }) {
    const integrator = pair!;
    const dt = model.verification.dt;
    let worst = 0;
    let where = '';
    for (const sym of model.symmetries!) {
      const params = checkParams(model);
      const a = model.create(params);
      const b = model.create(checkParams(model, sym.params(params as never) as Record<string, unknown>));
      const qa = new Float64Array(a.dof);
      const pa = new Float64Array(a.dof);
      sym.initialState(qa, pa);
      const qb = qa.slice();
      const pb = pa.slice();
      sym.map(qb, pb);
      const sa = integrator.create(a);
      const sb = integrator.create(b);
      for (let k = 1; k <= STEPS / EVERY; k++) {
        sa.step(qa, pa, dt, EVERY);
        sb.step(qb, pb, dt, EVERY);
        const oa = sym.observables(qa, pa);
        const ob = sym.observables(qb, pb);
        for (const [name, va] of Object.entries(oa)) {
          const vb = ob[name]!;
          const d = Math.abs(va - vb) / Math.max(1e-300, Math.abs(va));
          if (!(d <= worst)) {
            worst = d;
            where = `${sym.id}: ${name} at step ${k * EVERY} (${fmt(va)} vs ${fmt(vb)})`;
          }
        }
      }
    }
    return judge({
      check: 'symmetry-map',
      statistic: 'max relative difference of the symmetry\'s observables between a trajectory and its image',
      value: worst,
      comparison: '<=',
      threshold: THRESHOLD,
      explanation: `${model.symmetries!.map((s) => s.description).join('; ')}; ${STEPS} steps at dt = ${fmt(dt)}: worst ${fmt(worst)}${where ? ` (${where})` : ''} vs ${fmt(THRESHOLD)}`,
      seeds: [seed],
      details: { steps: STEPS, dt },
    });
  },
};
