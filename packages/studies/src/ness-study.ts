/**
 * The ness study (`glassy run ness`): non-equilibrium steady state between two Langevin baths (review eq. (1),
 * Fourier's law). Open chain, bath at temperature T + ΔT/2 on the first site and T − ΔT/2 on the
 * last (integrator `boundary-langevin`, BAOAB on the end sites, Verlet in the bulk).
 *
 * Per sample (independent noise and initial momenta, seeds from --seed): relax for t_relax, then
 * average over t_meas, every Δτ: the bond currents j_x and the kinetic temperatures T_x = ⟨p_x²⟩.
 * Reported per sample: the current J (mean over the bulk bonds, 1/8 of the chain away from either
 * end) and the bulk temperature gradient (least squares of T_x over the same bulk sites); the
 * conductivity κ = −J / (dT/dx) (heat flux = −κ ∂_x T, the Green–Kubo convention of run kappa),
 * and J·L/ΔT (which includes the boundary resistance). Results: mean over samples ± standard
 * error (sd/√M). The samples are independent: they run in parallel (worker threads, or the
 * shards of a SLURM array job), checkpointed, and the result does not depend on how.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { GlassyInputError } from '@glassy/contracts';
import { estimateOf } from '@glassy/observables';
import { claimRunDir, writeFileAtomic } from './io.js';
import { lookupPlugin } from './lookup.js';
import { bulkOf, type NessSample } from './ness.js';
import { intAtLeast, nonNegativeFinite, numberFlag, parseFlags, positiveFinite, seedFlag, stepsOf } from './options.js';
import { writeHdf5Atomic } from './output/hdf5.js';
import './samplers.js';
import type { NessTaskSpec } from './samplers.js';
import { withDefaults, type Study, type StudyContext, type StudyOutcome } from './study.js';
import { VERSION } from './version.js';

/** The parameters of the ness study (CLI: the flags of `glassy run ness`). */
export const nessSpec = z.object({
  model: z.string().min(1).default('rotor-chain'),
  g: nonNegativeFinite.optional(),
  L: intAtLeast(16).default(64),
  T: positiveFinite.default(1),
  deltaT: positiveFinite.default(0.25),
  gamma: positiveFinite.default(1),
  dt: positiveFinite.default(0.01),
  tRelax: numberFlag.pipe(z.number().min(0, { message: 'must be ≥ 0' })).default(5000),
  tMeas: positiveFinite.default(20000),
  dtau: positiveFinite.default(0.1),
  samples: intAtLeast(2).default(32),
  seed: seedFlag.default(1),
});

async function runNess(raw: z.input<typeof nessSpec>, context: StudyContext): Promise<StudyOutcome<NessSummary>> {
  const opts = parseFlags(nessSpec, raw);
  const { out, force, backend, log } = withDefaults(context);
  const registry = backend.registry;
  if (opts.deltaT >= 2 * opts.T) throw new GlassyInputError(`--delta-t: ${opts.deltaT} must be below 2·T = ${2 * opts.T} (both baths at positive temperature)`);
  const every = stepsOf(opts.dtau, opts.dt, '--dtau');
  const model = lookupPlugin(registry.models, opts.model, '--model', 'model');
  const params: Record<string, unknown> = { L: opts.L, ...(opts.g !== undefined ? { g: opts.g } : {}) };
  if (model.params.safeParse({ ...params, boundary: 'open' }).success) params['boundary'] = 'open';
  const parsed = model.params.safeParse(params);
  if (!parsed.success) throw new GlassyInputError(`--model: "${opts.model}" rejects ${JSON.stringify(params)}: ${parsed.error.issues[0]!.message}`);
  const m = model.create(parsed.data);
  if (!m.localEnergy || !m.separable) throw new GlassyInputError(`--model: "${opts.model}" needs energy currents and a separable H`);
  claimRunDir(out, 'run ness', opts, force);
  const started = performance.now();
  const L = m.sites;
  const tHot = opts.T + opts.deltaT / 2;
  const tCold = opts.T - opts.deltaT / 2;
  const { from: bulkFrom, to: bulkTo } = bulkOf(L); // bulk sites [bulkFrom, bulkTo], bonds [bulkFrom, bulkTo − 1]
  const settings = { T: opts.T, deltaT: opts.deltaT, gamma: opts.gamma, dt: opts.dt, tRelax: opts.tRelax, tMeas: opts.tMeas, every };
  const task = { study: 'ness', spec: { model: opts.model, params: parsed.data as Record<string, unknown>, settings, seed: opts.seed } satisfies NessTaskSpec, samples: opts.samples };
  const results = (await backend.samples(task, { dir: join(out, 'checkpoints'), label: 'ness', chunkSize: 1 })) as NessSample[];
  const profiles = results.map((r) => r.profile);
  const currents = results.map((r) => r.current);
  const J = results.map((r) => r.J);
  const gradient = results.map((r) => r.gradient);
  const kappa = results.map((r) => -r.J / r.gradient);
  log(`ness: ${opts.samples} samples in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  // κ from the sample means (ratio of means: robust where single-sample gradients are noisy), with a
  // delta-method standard error; the per-sample ratios are kept in the HDF5 file.
  const current = estimateOf(J);
  const grad = estimateOf(gradient);
  const kappaValue = -current.value / grad.value;
  const kappaErr = Math.abs(kappaValue) * Math.hypot(current.stdError / current.value, grad.stdError / grad.value);
  const jl = estimateOf(J.map((j) => (j * L) / opts.deltaT));
  const parameters = { model: opts.model, params: parsed.data, T: opts.T, deltaT: opts.deltaT, tHot, tCold, gamma: opts.gamma, dt: opts.dt, tRelax: opts.tRelax, tMeas: opts.tMeas, dtau: opts.dtau, samples: opts.samples, seed: opts.seed, bulk: [bulkFrom, bulkTo] };
  const summary = {
    software: { glassy: VERSION },
    parameters,
    convention: 'heat flux = −κ ∂_x T (as κ̃ of run kappa); T_x = ⟨p_x²⟩ (kinetic temperature); J = mean bond current over the bulk',
    method: `per sample: time averages over t ∈ [${opts.tRelax}, ${opts.tRelax + opts.tMeas}] every ${opts.dtau}; bulk = sites ${bulkFrom}…${bulkTo}; κ = −⟨J⟩/⟨dT/dx⟩ over samples, standard error by the delta method from the across-sample standard errors of J and dT/dx; J·L/ΔT includes the boundary (contact) resistance`,
    current,
    gradient: grad,
    kappa: { value: kappaValue, stdError: kappaErr },
    currentTimesLOverDeltaT: jl,
    seconds: (performance.now() - started) / 1000,
  };
  writeFileAtomic(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`, '--out');
  const profileEstimates = Array.from({ length: L }, (_, x) => estimateOf(profiles.map((pr) => pr[x]!)));
  await writeHdf5Atomic(join(out, 'ness.h5'), {
    attrs: { software: `glassy ${VERSION}`, description: 'non-equilibrium steady state between two Langevin baths', parameters: JSON.stringify(parameters), seed: BigInt(opts.seed) },
    datasets: {
      temperature_profile: profileEstimates.map((e) => e.value),
      temperature_profile_stderr: profileEstimates.map((e) => e.stdError),
      temperature_per_sample: { shape: [opts.samples, L], data: profiles.flat() },
      current_per_bond_per_sample: { shape: [opts.samples, L], data: currents.flat() },
      current_per_sample: J,
      gradient_per_sample: gradient,
      kappa_per_sample: kappa,
    },
    groups: {},
  });
  const report = [
      `J = ${current.value.toPrecision(4)} ± ${current.stdError.toPrecision(2)}, dT/dx = ${grad.value.toPrecision(4)} ± ${grad.stdError.toPrecision(2)}, κ = −J/(dT/dx) = ${kappaValue.toPrecision(4)} ± ${kappaErr.toPrecision(2)}; J·L/ΔT = ${jl.value.toPrecision(4)} ± ${jl.stdError.toPrecision(2)}; results in ${out}/ (ness.h5, summary.json)`,
  ];
  return { summary, files: [join(out, 'summary.json'), join(out, 'ness.h5')], report };
}

export type NessSummary = Record<string, unknown>;

/** The non-equilibrium steady state between two Langevin baths: current, gradient, κ. */
export const nessStudy: Study<typeof nessSpec, NessSummary> = {
  id: 'ness',
  description: "non-equilibrium steady state between two Langevin baths: current, temperature profile and conductivity (review eq. (1), Fourier's law)",
  spec: nessSpec,
  run: runNess,
};
