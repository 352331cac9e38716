/**
 * The infinite-temperature line (docs/physics.md §2, review eq. (11) discussion): β = 0 states at a
 * fixed density of the second conserved quantity (DNLS: norm density α, ψ_x iid complex
 * Gaussian with E|ψ_x|² = α) have the energy density the model states in closed form (DNLS:
 * ε = 2Uα² + 2gα; above it, negative temperatures and breathers). M = 2000 draws at L = 64 per
 * density, sample mean of H/L against the stated line. Null hypothesis: equal; z-tests at a
 * family false-alarm rate 0.001 (Bonferroni over the densities). What it catches: a Hamiltonian
 * whose normalisation differs from the one the model claims (control: hopping g/2 in H and in
 * the dynamics, consistent with itself, so every dynamical check passes). Power: that control
 * is off by gα per site, hundreds of standard errors.
 */
import { streamFor, type CheckPlugin, type CheckResult } from '@glassy/contracts';
import { meanEstimate, Moments, twoSidedNormalP } from '@glassy/observables';
import { combine, ensembleInstance, type SubTest } from './gibbs-harness.js';

const SAMPLES = 2000;
const L = 64;
const ALPHA = 0.001;

export const infiniteTemperatureCheck: CheckPlugin = {
  type: 'check',
  id: 'infinite-temperature-line',
  title: 'Energy density of β = 0 states',
  purpose: 'β = 0 states at fixed density have the energy density the model states (DNLS: ε = 2Uα² + 2gα)',
  tier: 'quick',
  scope: 'model',
  notApplicable(model) {
    return ensembleInstance(model, { L }).infiniteTemperature ? undefined : 'needs β = 0 sampling at fixed density (infiniteTemperature capability)';
  },
  run({ model, seed }): CheckResult {
    const m = ensembleInstance(model, { L });
    const cap = m.infiniteTemperature!;
    const q = new Float64Array(m.dof);
    const p = new Float64Array(m.dof);
    const tests: SubTest[] = cap.densities.map((density, k) => {
      const acc = new Moments();
      for (let i = 0; i < SAMPLES; i++) {
        cap.sample(q, p, density, streamFor(seed, k, i));
        acc.add(m.hamiltonian(q, p) / m.sites);
      }
      const est = meanEstimate(acc);
      const expected = cap.energyPerSite(density);
      const z = (est.value - expected) / est.stdError;
      return {
        name: `density ${density}`,
        pValue: twoSidedNormalP(z),
        summary: `density ${density}: H/L = ${est.value.toFixed(5)} ± ${est.stdError.toFixed(5)} vs stated ${expected.toFixed(5)} (z = ${z.toFixed(2)})`,
      };
    });
    return combine('infinite-temperature-line', ALPHA, tests, `${SAMPLES} β = 0 draws per density (L = ${m.sites}; ${cap.description})`, [seed]);
  },
};
