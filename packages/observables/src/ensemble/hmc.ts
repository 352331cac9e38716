/**
 * Equilibrium samples of any Hamiltonian model by Hybrid (Hamiltonian) Monte Carlo in phase
 * space: the route to exp(−βH) for models with neither an exact Gibbs sampler nor a separable
 * H = T(p) + V(q) for the Langevin thermostat (the DNLS family, whose H mixes q and p).
 *
 * The chain moves the whole phase-space point x = (q, p) ∈ R^{2n} as a "position" in the
 * potential Φ(x) = βH(x), with auxiliary unit-mass momenta π ~ N(0, I) (Duane, Kennedy, Pendleton
 * & Roweth, Phys. Lett. B 195, 216 (1987); Neal, "MCMC using Hamiltonian dynamics", Handbook of
 * MCMC (2011)): leapfrog on (x, π) with the model's own gradient, then a Metropolis test on the
 * exact change of Φ + |π|²/2. The test makes the chain's stationary law exactly exp(−βH) whatever
 * the step size, and even if the declared gradient were wrong (it then only lowers acceptance):
 * what is sampled is the declared H.
 *
 * Protocol (deterministic given the stream, so ensembles stay bit-reproducible):
 * - start at x = 0 (the models' ground states or a saddle of H; harmless, the chain leaves it);
 * - `burnIn` trajectories adapt the step: ×1.1 after an acceptance, ×0.8 after a rejection, which
 *   settles at an acceptance rate ln 1.25 / ln 1.375 ≈ 0.70;
 * - `trajectories` more at the frozen step (a fixed kernel, so exp(−βH) is stationary), and the
 *   last state is the sample. Trajectory lengths are jittered (τ uniform on [1, 2]) so that no
 *   mode is sampled at a multiple of its period.
 * The samples are independent chains (one per ensemble sample, each on its own stream).
 * The measured tests (observables/test/hmc.test.ts) compare it with the exact Gibbs samplers
 * of the rotor and anharmonic chains, with the exact single-site law of DNLS at g = 0, and with
 * equipartition ⟨x·∇H⟩ = 2n/β on DNLS.
 */
import type { HamiltonianModel, RandomStream } from '@glassy/contracts';
import { GlassyInputError } from '@glassy/contracts';

export interface HmcOptions {
  readonly beta: number;
  /** Trajectories with step adaptation, discarded. */
  readonly burnIn: number;
  /** Trajectories at the frozen step; the last state is returned. */
  readonly trajectories: number;
}

export interface HmcReport {
  /** Acceptance rate over the frozen-step trajectories. */
  readonly acceptance: number;
  /** The frozen leapfrog step (in units where Φ = βH and π has unit mass). */
  readonly step: number;
}

const MIN_STEP = 1e-8;

/** Draws one sample of exp(−βH) into (q, p). */
export function hmcSample(model: HamiltonianModel, q: Float64Array, p: Float64Array, opts: HmcOptions, random: RandomStream): HmcReport {
  const n = model.dof;
  const { beta } = opts;
  const x = new Float64Array(2 * n); // (q, p) as one position
  const x0 = new Float64Array(2 * n);
  const pi = new Float64Array(2 * n);
  const grad = new Float64Array(2 * n);
  const gq = grad.subarray(0, n);
  const gp = grad.subarray(n);
  const xq = x.subarray(0, n);
  const xp = x.subarray(n);
  const phi = (): number => beta * model.hamiltonian(xq, xp);
  const gradient = (): void => {
    model.gradient(xq, xp, gq, gp);
    for (let k = 0; k < 2 * n; k++) grad[k]! *= beta;
  };
  let step = 0.1;
  let accepted = 0;
  let current = phi();
  if (!Number.isFinite(current)) throw new GlassyInputError(`--init hmc: H is not finite at the zero state of model "${model.modelId}"`);
  const total = opts.burnIn + opts.trajectories;
  for (let t = 0; t < total; t++) {
    x0.set(x);
    let kinetic = 0;
    for (let k = 0; k < 2 * n; k++) {
      const r = random.normal();
      pi[k] = r;
      kinetic += r * r;
    }
    const start = current + kinetic / 2;
    const tau = 1 + random.uniform();
    const m = Math.max(1, Math.min(10_000, Math.ceil(tau / step)));
    gradient();
    for (let k = 0; k < 2 * n; k++) pi[k]! -= 0.5 * step * grad[k]!;
    for (let s = 0; s < m; s++) {
      for (let k = 0; k < 2 * n; k++) x[k]! += step * pi[k]!;
      gradient();
      const h = s === m - 1 ? 0.5 * step : step;
      for (let k = 0; k < 2 * n; k++) pi[k]! -= h * grad[k]!;
    }
    let kineticEnd = 0;
    for (let k = 0; k < 2 * n; k++) kineticEnd += pi[k]! * pi[k]!;
    const proposed = phi();
    const end = proposed + kineticEnd / 2;
    // exp(start − end) ≥ u; a non-finite end (a diverged trajectory) is a rejection.
    const accept = Number.isFinite(end) && Math.log(1 - random.uniform()) < start - end;
    if (accept) current = proposed;
    else x.set(x0);
    if (t < opts.burnIn) step = Math.max(MIN_STEP, step * (accept ? 1.1 : 0.8));
    else if (accept) accepted++;
  }
  q.set(xq);
  p.set(xp);
  return { acceptance: opts.trajectories > 0 ? accepted / opts.trajectories : Number.NaN, step };
}
