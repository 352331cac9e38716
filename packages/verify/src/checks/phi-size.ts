/**
 * Independence of φ(g, β, t) from the chain length (the review's footnote 5): φ at L = 32 and at
 * L = 128 agree within error bars. Two independent ensembles of exact Gibbs draws (M = 256 each,
 * β = 1, the model's verification g and dt) are compared at t = 1, 10, 100; plateau effects are
 * O(1/L) = 0.03 at most, below the resolution here only once φ is far from its plateau, so the
 * comparison stops at t = 100. Null hypothesis: equal means; z-tests, family false-alarm rate
 * 0.001. Control: a coupling normalised by the chain length (g·64/L), a size bug that every
 * single-size check misses.
 */
import { streamFor, type CheckPlugin } from '@glassy/contracts';
import { twoSidedNormalP } from '@glassy/observables';
import { checkParams } from './harness.js';
import { combine, gibbsPhiCurve, type SubTest } from './gibbs-harness.js';

const SAMPLES = 256;
const BETA = 1;
const TIMES = [1, 10, 100];
const SIZES = [32, 128];
const ALPHA = 0.001;

export const phiSizeCheck: CheckPlugin = {
  type: 'check',
  id: 'phi-size-independence',
  title: 'φ independent of the chain length',
  purpose: 'φ(g, β, t) at L = 32 and L = 128 agree within error bars (the review\'s footnote 5)',
  tier: 'quick',
  scope: 'model',
  notApplicable(model) {
    const params = checkParams(model, model.verification.ensembleParams ?? {});
    return model.create(params).gibbs && typeof params['L'] === 'number' ? undefined : 'needs an exact Gibbs sampler and a chain length L';
  },
  run({ model, seed }) {
    const [small, large] = SIZES.map((L, k) =>
      gibbsPhiCurve(model, checkParams(model, { ...(model.verification.ensembleParams ?? {}), L }), BETA, model.verification.dt, TIMES, SAMPLES, streamFor(seed, 11 + k).nextUint32()),
    );
    const tests: SubTest[] = TIMES.map((t, k) => {
      const a = small![k]!;
      const b = large![k]!;
      const z = (a.value - b.value) / Math.hypot(a.stdError, b.stdError);
      return {
        name: `t = ${t}`,
        pValue: twoSidedNormalP(z),
        summary: `t = ${t}: φ(L = ${SIZES[0]}) = ${a.value.toFixed(4)} ± ${a.stdError.toFixed(4)} vs φ(L = ${SIZES[1]}) = ${b.value.toFixed(4)} ± ${b.stdError.toFixed(4)} (z = ${z.toFixed(2)})`,
      };
    });
    return combine('phi-size-independence', ALPHA, tests, `${SAMPLES} Gibbs draws per size (β = ${BETA}, dt = ${model.verification.dt})`, [seed]);
  },
};
