/**
 * Stationarity: the Gibbs state is invariant under the Hamiltonian flow, so exact Gibbs draws
 * evolved by a (deterministic) integrator must keep their marginals. Null hypothesis: the
 * evolved states are Gibbs at β (up to the integrator's O(dt²) bias, far below the test's
 * resolution at the verification dt). M = 1000 draws (L = 64, β = 1) are evolved for
 * t = 10 at the model's verification dt; KS of momenta and bonds, and a z-test of the energy.
 * Family false-alarm rate 0.001. Control: Verlet silently taking a 16× larger step.
 */
import type { CheckPlugin } from '@glassy/contracts';
import { ksOneSample, meanAndStdError, twoSidedNormalP } from '@glassy/observables';
import { fmt } from './harness.js';
import { combine, ensembleInstance, gibbsDraws, pooledBonds, pooledMomenta } from './gibbs-harness.js';

const SAMPLES = 1000;
const BETA = 1;
const TIME = 10;
const ALPHA = 0.001;

export const stationarityCheck: CheckPlugin = {
  type: 'check',
  id: 'stationarity',
  title: 'Gibbs state stationary under the dynamics',
  purpose: 'exact Gibbs draws evolved by the integrator keep their momentum, bond and energy marginals',
  tier: 'quick',
  notApplicable(model, integrator) {
    if (integrator!.properties.stochastic) return 'stochastic dynamics (see thermostat)';
    const g = ensembleInstance(model).gibbs;
    return g?.momentumCdf && g.bondMarginal && g.energyPerSite ? undefined : 'model has no exact Gibbs sampler with analytic marginals';
  },
  run({ model, integrator: pair, seed }) {
    const integrator = pair!;
    const m = ensembleInstance(model);
    const gibbs = m.gibbs!;
    const dt = model.verification.dt;
    const steps = Math.round(TIME / dt);
    const states = gibbsDraws(m, BETA, seed, SAMPLES);
    const stepper = integrator.create(m);
    let finite = true;
    for (let i = 0; i < SAMPLES; i++) {
      stepper.step(states.q[i]!, states.p[i]!, dt, steps);
      if (!states.p[i]!.every(Number.isFinite)) finite = false;
    }
    const ksP = ksOneSample(pooledMomenta(states), gibbs.momentumCdf!(BETA));
    const ksB = ksOneSample(pooledBonds(m, BETA, states), gibbs.bondMarginal!(BETA).cdf);
    const u = meanAndStdError(states.q.map((q, i) => m.hamiltonian(q, states.p[i]!) / m.sites));
    const uExact = gibbs.energyPerSite!(BETA);
    const zU = (u.mean - uExact) / u.stdError;
    const r = combine(
      'stationarity',
      ALPHA,
      [
        { name: 'KS momenta', pValue: finite ? ksP.pValue : 0, summary: `momenta KS D = ${fmt(ksP.statistic)} (n = ${ksP.n})` },
        { name: 'KS bonds', pValue: finite ? ksB.pValue : 0, summary: `bonds KS D = ${fmt(ksB.statistic)} (n = ${ksB.n})` },
        { name: 'energy', pValue: finite ? twoSidedNormalP(zU) : 0, summary: `u = ${u.mean.toFixed(5)} ± ${u.stdError.toFixed(5)} vs ${uExact.toFixed(6)} (z = ${zU.toFixed(2)})` },
      ],
      `${SAMPLES} Gibbs draws (β = ${BETA}, L = ${m.sites}) evolved to t = ${TIME} at dt = ${fmt(dt)}${finite ? '' : ' (some became non-finite)'}`,
      [seed],
    );
    return r;
  },
};
