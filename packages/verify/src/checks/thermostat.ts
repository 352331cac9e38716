/**
 * Thermostat: a canonical stochastic integrator (Langevin) must bring any start to the Gibbs
 * state at its β. From a cold start (q = 0, p = 0) and a hot start (p ~ N(0, 4/β), q = 0),
 * 200 samples each are thermalised for t = 40 (γ = 1, at the model's verification dt); then
 * momenta are KS-tested against N(0, 1/β) for each start, and the per-sample energies of the
 * two starts are compared by a two-sample KS test (which needs no analytic energy). Where the
 * model has analytic marginals (rotor chain) the bonds are KS-tested and the energy z-tested
 * as well. Family false-alarm rate 0.001. Control: Langevin with noise √2 too large.
 */
import { STREAM, streamFor, type CheckPlugin } from '@glassy/contracts';
import { ksOneSample, ksTwoSample, meanAndStdError, twoSidedNormalP } from '@glassy/observables';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { fmt } from './harness.js';
import { combine, ensembleInstance, pooledBonds, pooledMomenta, type StateSet, type SubTest } from './gibbs-harness.js';

const SAMPLES = 200;
const BETA = 1;
const GAMMA = 1;
const TIME = 40;
const ALPHA = 0.001;

export const thermostatCheck: CheckPlugin = {
  type: 'check',
  id: 'thermostat',
  title: 'Thermostat reaches the Gibbs state',
  purpose: 'Langevin dynamics from cold and hot starts reaches the Gibbs marginals at 1/β',
  tier: 'quick',
  notApplicable: (_model, integrator) => (integrator!.properties.canonical ? undefined : 'integrator is not a canonical thermostat'),
  run({ model, integrator: pair, seed }) {
    const integrator = pair!;
    const m = ensembleInstance(model);
    const dt = model.verification.dt;
    const steps = Math.round(TIME / dt);
    const run = (hot: boolean, offset: number): StateSet => {
      const q: Float64Array[] = [];
      const p: Float64Array[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const qi = new Float64Array(m.dof);
        const pi = new Float64Array(m.dof);
        if (hot) {
          const init = streamFor(seed, offset + i, STREAM.initialState);
          for (let k = 0; k < m.dof; k++) pi[k] = (2 / Math.sqrt(BETA)) * init.normal();
        }
        integrator
          .create(m, { params: { beta: BETA, gamma: GAMMA }, random: streamFor(seed, offset + i, STREAM.dynamics) })
          .step(qi, pi, dt, steps);
        q.push(qi);
        p.push(pi);
      }
      return { q, p };
    };
    const cold = run(false, 0);
    const hot = run(true, SAMPLES);
    const momentumCdf = m.gibbs?.momentumCdf?.(BETA) ?? ((w: number) => normalCdf(w, 0, 1 / Math.sqrt(BETA)));
    const energies = (s: StateSet): number[] => s.q.map((q, i) => m.hamiltonian(q, s.p[i]!) / m.sites);
    const tests: SubTest[] = [];
    for (const [name, s] of [['cold', cold], ['hot', hot]] as const) {
      const ks = ksOneSample(pooledMomenta(s), momentumCdf);
      tests.push({ name: `KS momenta (${name})`, pValue: ks.pValue, summary: `${name} start: momenta KS D = ${fmt(ks.statistic)}` });
    }
    const ks2 = ksTwoSample(energies(cold), energies(hot));
    tests.push({ name: 'KS energies cold vs hot', pValue: ks2.pValue, summary: `energies cold vs hot KS D = ${fmt(ks2.statistic)}` });
    if (m.gibbs?.bondMarginal && m.gibbs.energyPerSite) {
      const both: StateSet = { q: [...cold.q, ...hot.q], p: [...cold.p, ...hot.p] };
      const ksB = ksOneSample(pooledBonds(m, BETA, both), m.gibbs.bondMarginal(BETA).cdf);
      tests.push({ name: 'KS bonds', pValue: ksB.pValue, summary: `bonds KS D = ${fmt(ksB.statistic)}` });
      const u = meanAndStdError(energies(both));
      const uExact = m.gibbs.energyPerSite(BETA);
      const z = (u.mean - uExact) / u.stdError;
      tests.push({ name: 'energy', pValue: twoSidedNormalP(z), summary: `u = ${u.mean.toFixed(4)} ± ${u.stdError.toFixed(4)} vs ${uExact.toFixed(5)} (z = ${z.toFixed(2)})` });
    }
    return combine('thermostat', ALPHA, tests, `${SAMPLES} + ${SAMPLES} samples (L = ${m.sites}), γ = ${GAMMA}, β = ${BETA}, t = ${TIME} at dt = ${fmt(dt)}`, [seed]);
  },
};
