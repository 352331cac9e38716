/**
 * Scaling relation of the reduced conductivity (review section 2, below eq. (9)):
 * κ̄ = g^{−1/2} κ̃ (κ̃ = (β²/L) ∫⟨J(t)J(0)⟩dt, our Green–Kubo convention; the review's
 * κ̄ = g^{−1/2} β² κ with κ = κ̃/β²) depends on (g, β) only through βg. In the model's general
 * form: params′ = transform(params, α), β′ = β·pFactor², t′ = timeFactor·t; the check compares
 * κ̄ at the verification coupling (β = 1) with κ̄ at α = 1/2 (g′ = 4g, β′ = 1/4 for the rotor
 * chain), each from an independent ensemble of 48 exact Gibbs draws, L = 32, current series of
 * length 400 (scaled), plateau of the running integral over τ ∈ [20, 40] (scaled), dt scaled too.
 * Null hypothesis: equal κ̄; two-sided z-test at false-alarm rate 0.001. What it catches: a model
 * whose dynamics or energy current do not scale (control: force with g² for g).
 */
import { streamFor, type CheckPlugin, type CheckResult, type ModelPlugin } from '@glassy/contracts';
import { ensembleSpec, greenKubo, runChunk, seriesBySample, totalCurrent, twoSidedNormalP } from '@glassy/observables';
import { checkParams } from './harness.js';
import { integratorById } from './integrator-lookup.js';

const SAMPLES = 48;
const L = 32;
const T_RUN = 400;
const T_CORR = 40;
const DTAU = 0.2;
const DT = 0.02;
const ALPHA_SCALE = 0.5;
const ALPHA = 0.001;

function reducedKappa(model: ModelPlugin, params: Record<string, unknown>, beta: number, timeFactor: number, seed: number): { value: number; stdError: number } {
  const dt = DT * timeFactor;
  const dtau = DTAU * timeFactor;
  const every = Math.round(dtau / dt);
  const n = Math.round(T_RUN / DTAU) + 1;
  const times = Array.from({ length: n }, (_, k) => k * every * dt);
  const spec = ensembleSpec.parse({ model: model.id, params, integrator: 'stormer-verlet', dt, times, samples: SAMPLES, seed, observables: ['total-current'], initial: { kind: 'gibbs', beta }, keepSamples: true });
  const resolved = { spec, model, instance: model.create(params), integrator: integratorById('stormer-verlet'), integratorParams: {}, observables: [totalCurrent] };
  const gk = greenKubo(seriesBySample(runChunk(resolved, 0, SAMPLES).values![0]!), dtau, beta, L, T_CORR * timeFactor);
  const g = params['g'] as number;
  return { value: gk.kappa / Math.sqrt(g), stdError: gk.kappaStdError / Math.sqrt(g) };
}

export const kappaScalingCheck: CheckPlugin = {
  type: 'check',
  id: 'kappa-scaling',
  title: 'Reduced conductivity κ̄ depends only on βg',
  purpose: 'κ̄ = g^{−1/2} κ̃ (Green–Kubo) is equal at (g, β) and (g/α², βα²), from independent ensembles',
  tier: 'quick',
  scope: 'model',
  notApplicable(model) {
    const params = checkParams(model, { ...(model.verification.ensembleParams ?? {}), L });
    const m = model.create(params);
    return model.scaling && m.gibbs && m.localEnergy && m.separable && typeof params['g'] === 'number' ? undefined : 'needs a scaling transform, an exact Gibbs sampler, energy currents and a coupling g';
  },
  run({ model, seed }): CheckResult {
    const params = checkParams(model, { ...(model.verification.ensembleParams ?? {}), L });
    const a = reducedKappa(model, params, 1, 1, seed);
    const t = model.scaling!.transform(params as never, ALPHA_SCALE);
    const betaScaled = t.pFactor * t.pFactor;
    const b = reducedKappa(model, checkParams(model, t.params as Record<string, unknown>), betaScaled, t.timeFactor, streamFor(seed, 41).nextUint32());
    const z = (a.value - b.value) / Math.hypot(a.stdError, b.stdError);
    const p = twoSidedNormalP(z);
    const gScaled = (t.params as Record<string, unknown>)['g'] as number;
    return {
      check: 'kappa-scaling',
      statistic: 'two-sided p-value of equal κ̄ at (g, β) and the scaled pair',
      value: p,
      comparison: '>=',
      threshold: ALPHA,
      verdict: p >= ALPHA ? 'pass' : 'fail',
      explanation: `${SAMPLES} Gibbs draws each, L = ${L}, Green–Kubo plateau over τ ∈ [${T_CORR / 2}, ${T_CORR}] (scaled): κ̄(g = ${params['g']}, β = 1) = ${a.value.toFixed(4)} ± ${a.stdError.toFixed(4)} vs κ̄(g = ${gScaled}, β = ${betaScaled}) = ${b.value.toFixed(4)} ± ${b.stdError.toFixed(4)} (z = ${z.toFixed(2)}); false-alarm rate ${ALPHA}`,
      seeds: [seed],
      details: { kappaBar: a.value, kappaBarScaled: b.value, z },
    };
  },
};
