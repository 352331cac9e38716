/**
 * Check: a stochastic integrator with its noise switched off is its deterministic method.
 *
 * The stationarity and thermostat checks test the law a stochastic integrator samples; they
 * cannot see its deterministic part. A velocity-flip integrator that forgot the forces (flips
 * only) conserves H and the Gibbs measure and passed every check (found by mutation testing),
 * and a thermostat whose kicks use 0.99 × the force samples a nearby law the statistical tests
 * cannot resolve. With the parameters the plugin declares as `noiseFree` (λ = 0, γ = 1e-30), the
 * integrator must converge to the exact flow at its declared order: the convergence-order
 * measurement (error at T = 20·dt₀ against Richardson-extrapolated RK4, dt₀ … dt₀/16, slope
 * within ±0.15 of the order), run on the noise-free integrator.
 */
import { streamFor, type CheckPlugin, type CheckResult, type IntegratorPlugin } from '@glassy/contracts';
import { convergenceOrderCheck } from './convergence-order.js';

export const noiseFreeLimitCheck: CheckPlugin = {
  type: 'check',
  id: 'noise-free-limit',
  title: 'Noise off: the deterministic method of the declared order',
  purpose: 'with its declared noise-free parameters a stochastic integrator converges to the exact flow at its declared order (its deterministic part is right)',
  tier: 'quick',
  regression: { kind: 'order', tolerance: 0.05 },
  notApplicable: (_model, integrator) =>
    !integrator!.properties.stochastic ? 'deterministic integrator (convergence-order applies)' : !integrator!.noiseFree ? 'integrator declares no noise-free parameters' : undefined,
  run({ model, integrator: pair, seed }): CheckResult {
    const integrator = pair!;
    const off = integrator.noiseFree!;
    const params = integrator.params ? integrator.params.parse(off.params) : off.params;
    const quiet: IntegratorPlugin = {
      ...integrator,
      properties: { ...integrator.properties, stochastic: false },
      create: (m) => integrator.create(m, { params, random: streamFor(seed, 0x0ff) }),
    };
    const r = convergenceOrderCheck.run({ model, integrator: quiet, seed });
    return { ...r, check: 'noise-free-limit', statistic: `${r.statistic}, noise off (${Object.entries(off.params).map(([k, v]) => `${k} = ${String(v)}`).join(', ')})`, explanation: `${off.description}: ${r.explanation}` };
  },
};
