/**
 * Statistical scaling relation of the relaxation observable (docs/physics.md §1, review section 2):
 *   φ(g, β, t) = φ(g/α², βα², αt)   for every α > 0,
 * in the model's general form: params′ from the scaling transform, β′ = β·pFactor², t′ = timeFactor·t.
 * Two independent ensembles of exact Gibbs draws (M = 256 each, L = 64, β = 1, the model's
 * verification g and dt, dt scaled too) are compared at t = 1, 3, 10 for α = 2 and α = 1/2.
 * Null hypothesis: equal means. z-test per (α, t), family false-alarm rate 0.001 (Bonferroni
 * over the six). Control: a force using g² for g, whose dynamics does not scale.
 */
import { streamFor, type CheckPlugin } from '@glassy/contracts';
import { twoSidedNormalP } from '@glassy/observables';
import { checkParams } from './harness.js';
import { combine, gibbsPhiCurve, type SubTest } from './gibbs-harness.js';

const SAMPLES = 256;
const BETA = 1;
const TIMES = [1, 3, 10];
const ALPHAS = [2, 0.5];
const ALPHA = 0.001;

export const phiScalingCheck: CheckPlugin = {
  type: 'check',
  id: 'phi-scaling',
  title: 'Scaling relation of φ(g, β, t)',
  purpose: 'φ(g, β, t) = φ(g/α², βα², αt) within error bars, from independent Gibbs ensembles, for α = 2 and 1/2',
  tier: 'quick',
  scope: 'model',
  notApplicable(model) {
    const m = model.create(checkParams(model, model.verification.ensembleParams ?? {}));
    return model.scaling && m.gibbs && m.separable ? undefined : 'needs an exact Gibbs sampler, a separable H and a scaling transform';
  },
  run({ model, seed }) {
    const params = checkParams(model, model.verification.ensembleParams ?? {});
    const sites = model.create(params).sites;
    const dt = model.verification.dt;
    const base = gibbsPhiCurve(model, params, BETA, dt, TIMES, SAMPLES, seed);
    const tests: SubTest[] = [];
    ALPHAS.forEach((alpha, a) => {
      const t = model.scaling!.transform(params, alpha);
      const betaScaled = BETA * t.pFactor * t.pFactor;
      const times = TIMES.map((x) => x * t.timeFactor);
      const scaled = gibbsPhiCurve(model, checkParams(model, t.params), betaScaled, dt * t.timeFactor, times, SAMPLES, streamFor(seed, 7 + a).nextUint32());
      TIMES.forEach((time, k) => {
        const z = (base[k]!.value - scaled[k]!.value) / Math.hypot(base[k]!.stdError, scaled[k]!.stdError);
        tests.push({
          name: `α = ${alpha}, t = ${time}`,
          pValue: twoSidedNormalP(z),
          summary: `α = ${alpha}, t = ${time}: φ = ${base[k]!.value.toFixed(4)} ± ${base[k]!.stdError.toFixed(4)} vs ${scaled[k]!.value.toFixed(4)} ± ${scaled[k]!.stdError.toFixed(4)} (z = ${z.toFixed(2)})`,
        });
      });
    });
    return combine('phi-scaling', ALPHA, tests, `${SAMPLES} + ${SAMPLES} Gibbs draws per α (β = ${BETA}, L = ${sites}, dt = ${dt})`, [seed]);
  },
};
