/**
 * Gibbs marginals of an exact sampler (docs/physics.md §1). Null hypothesis: the draws are the Gibbs
 * state at β. For M = 2000 rotor-chain draws (L = 64, β = 1, g = 1; 128 000 values per
 * marginal):
 *   KS of the pooled momenta against N(0, 1/β); KS of the pooled bonds against von Mises(βg);
 *   z-test of the mean energy per site against u(β, g); z-test of β² L Var(H/L) against c(β, g).
 * Family false-alarm rate 0.001 (Bonferroni over the four tests). Control: a sampler at 0.9β.
 */
import type { CheckPlugin } from '@glassy/contracts';
import { ksOneSample, meanAndStdError, twoSidedNormalP, varianceAndStdError } from '@glassy/observables';
import { fmt } from './harness.js';
import { ecdfFigure } from './figures.js';
import { combine, ensembleInstance, gibbsDraws, pooledBonds, pooledMomenta } from './gibbs-harness.js';

const SAMPLES = 2000;
const BETA = 1;
export const GIBBS_ALPHA = 0.001;

export const gibbsMarginalsCheck: CheckPlugin = {
  type: 'check',
  id: 'gibbs-marginals',
  title: 'Gibbs marginals of the exact sampler',
  purpose: 'exact Gibbs draws have the analytic momentum and bond marginals, energy u(β) and specific heat c(β)',
  tier: 'quick',
  scope: 'model',
  notApplicable(model) {
    const g = ensembleInstance(model).gibbs;
    return g?.momentumCdf && g.bondMarginal && g.energyPerSite && g.specificHeatPerSite ? undefined : 'model has no exact Gibbs sampler with analytic marginals';
  },
  run({ model, seed }) {
    const m = ensembleInstance(model);
    const gibbs = m.gibbs!;
    const states = gibbsDraws(m, BETA, seed, SAMPLES);
    const momenta = pooledMomenta(states);
    const ksP = ksOneSample(momenta, gibbs.momentumCdf!(BETA));
    const ksB = ksOneSample(pooledBonds(m, BETA, states), gibbs.bondMarginal!(BETA).cdf);
    const e = states.q.map((q, i) => m.hamiltonian(q, states.p[i]!) / m.sites);
    const u = meanAndStdError(e);
    const uExact = gibbs.energyPerSite!(BETA);
    const zU = (u.mean - uExact) / u.stdError;
    const v = varianceAndStdError(e);
    const scale = BETA * BETA * m.sites;
    const c = scale * v.variance;
    const cErr = scale * v.stdError;
    const cExact = gibbs.specificHeatPerSite!(BETA);
    const zC = (c - cExact) / cErr;
    return combine(
      'gibbs-marginals',
      GIBBS_ALPHA,
      [
        { name: 'KS momenta', pValue: ksP.pValue, summary: `momenta KS D = ${fmt(ksP.statistic)} (n = ${ksP.n})` },
        { name: 'KS bonds', pValue: ksB.pValue, summary: `bonds KS D = ${fmt(ksB.statistic)} (n = ${ksB.n})` },
        { name: 'energy', pValue: twoSidedNormalP(zU), summary: `u = ${u.mean.toFixed(5)} ± ${u.stdError.toFixed(5)} vs ${uExact.toFixed(6)} (z = ${zU.toFixed(2)})` },
        { name: 'specific heat', pValue: twoSidedNormalP(zC), summary: `c = ${c.toFixed(4)} ± ${cErr.toFixed(4)} vs ${cExact.toFixed(6)} (z = ${zC.toFixed(2)})` },
      ],
      `${SAMPLES} draws at β = ${BETA}, L = ${m.sites}`,
      [seed],
      { energy: u.mean, energyStdError: u.stdError, energyExact: uExact, specificHeat: c, specificHeatStdError: cErr, specificHeatExact: cExact },
      ecdfFigure(`momentum marginal at β = ${BETA}: empirical CDF against the analytic one`, 'p_x', momenta, gibbs.momentumCdf!(BETA)),
    );
  },
};
