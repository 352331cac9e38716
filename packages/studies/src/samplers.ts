/**
 * The samplers of the studies whose samples are not ensembles of the engine (samples.ts): sample
 * i as a pure function of (task spec, i). Kept apart from the studies, whose output code (HDF5,
 * figures) a worker thread or an array task has no need to load.
 */
import type { HamiltonianModel } from '@glassy/contracts';
import { STREAM, streamFor } from '@glassy/contracts';
import { packetMoments } from '@glassy/models';
import { createBaoab } from '@glassy/integrators';
import { advanceChecked, breatherDecay, breatherInitialState, pinnedPeriod, rotorPeriod, fluctuationRun, kineticPerSite, lyapunovSpectrum, mlceTangent, type BreatherDecay, type FluctuationRun, type LocalObservable } from '@glassy/observables';
import { lookupPlugin } from './lookup.js';
import { nessSample, type NessSample, type NessSettings } from './ness.js';
import { parseStudySpec } from './options.js';
import type { Registry } from './registry.js';
import { registerSampler } from './samples.js';

/** What each sample needs: the model and its parameters, the baths and the averaging. */
export interface NessTaskSpec {
  readonly model: string;
  readonly params: Record<string, unknown>;
  readonly settings: NessSettings;
  readonly seed: number;
}

const instances = new WeakMap<object, HamiltonianModel>();

/** Sample i of a NESS task: relax, then time-average the profile and the currents. */
function nessSampler(raw: unknown, index: number, registry: Registry): NessSample {
  const spec = raw as NessTaskSpec;
  let m = instances.get(spec);
  if (!m) {
    m = lookupPlugin(registry.models, spec.model, '--model', 'model').create(spec.params);
    instances.set(spec, m);
  }
  return nessSample(m, registry.integrators.get('boundary-langevin')!, spec.settings, spec.seed, index);
}
registerSampler('ness', nessSampler);

export interface SpreadingTaskSpec {
  readonly L: number;
  readonly W: number;
  readonly nonlinearity: number;
  readonly dt: number;
  readonly integrator: string;
  readonly seed: number;
  readonly times: readonly number[];
}

export interface Realisation {
  readonly disorderSeed: number;
  readonly m2: number[];
  readonly P: number[];
  /** Norm within 10 sites of either end at the last time. */
  readonly edge: number;
}

/** Realisation r: its disorder, the packet on the middle site, m2 and P on the time grid. */
function spreadingSampler(raw: unknown, r: number, registry: Registry): Realisation {
  const spec = raw as SpreadingTaskSpec;
  const model = registry.models.get('disordered-dnls')!;
  const integrator = registry.integrators.get(spec.integrator)!;
  const disorderSeed = streamFor(spec.seed, r).nextUint32();
  const params = parseStudySpec(model.params, { L: spec.L, W: spec.W, nonlinearity: spec.nonlinearity, hopping: 1, disorderSeed });
  const m = model.create(params);
  const stepper = integrator.create(m);
  const q = new Float64Array(m.dof);
  const p = new Float64Array(m.dof);
  q[Math.floor(spec.L / 2)] = Math.SQRT2; // |ψ|² = 1
  const rowM2: number[] = [];
  const rowP: number[] = [];
  let done = 0;
  for (const t of spec.times) {
    const target = Math.round(t / spec.dt);
    advanceChecked(stepper, q, p, spec.dt, target - done, { firstStep: done });
    done = target;
    const mo = packetMoments(q, p);
    rowM2.push(mo.m2);
    rowP.push(mo.participation);
  }
  // Norm within 10 sites of either end: the packet must not feel the boundaries.
  let e = 0;
  for (let l = 0; l < 10; l++) e += 0.5 * (q[l]! ** 2 + p[l]! ** 2 + q[spec.L - 1 - l]! ** 2 + p[spec.L - 1 - l]! ** 2);
  return { disorderSeed, m2: rowM2, P: rowP, edge: e };
}
registerSampler('spreading', spreadingSampler);


export interface LyapunovTaskSpec {
  readonly model: string;
  readonly params: Record<string, unknown>;
  readonly beta: number;
  readonly integrator: string;
  readonly dt: number;
  /** Steps per renormalisation (τ = every · dt). */
  readonly every: number;
  readonly renorms: number;
  /** Renormalisation indices at which λ(t) is recorded. */
  readonly record: readonly number[];
  readonly seed: number;
  /** Also the full spectrum (2·dof exponents by QR), from the same state, over the same time. */
  readonly spectrum?: true;
}

export interface LyapunovSample {
  /** λ(t_k) at the recorded renormalisations. */
  readonly lambda: number[];
  /** The full spectrum at t_end, in decreasing order (with spec.spectrum). */
  readonly spectrum?: number[];
}

/**
 * Sample i of a Lyapunov task: an exact Gibbs draw at β (stream (seed, i, initialState)), a
 * Gaussian deviation vector (stream (seed, i, dynamics)), then the mLCE by the integrator's
 * tangent map, renormalised every τ.
 */
function lyapunovSampler(raw: unknown, i: number, registry: Registry): LyapunovSample {
  const spec = raw as LyapunovTaskSpec;
  const model = lookupPlugin(registry.models, spec.model, '--model', 'model');
  const integrator = lookupPlugin(registry.integrators, spec.integrator, '--integrator', 'integrator');
  const m = model.create(parseStudySpec(model.params, spec.params));
  const q = new Float64Array(m.dof);
  const p = new Float64Array(m.dof);
  m.gibbs!.sample(q, p, spec.beta, streamFor(spec.seed, i, STREAM.initialState));
  const dev = streamFor(spec.seed, i, STREAM.dynamics);
  const wq = Float64Array.from({ length: m.dof }, () => dev.normal());
  const wp = Float64Array.from({ length: m.dof }, () => dev.normal());
  const q0 = q.slice();
  const p0 = p.slice();
  const r = mlceTangent(integrator.createTangent!(m), q, p, wq, wp, spec.dt, spec.every, spec.renorms, new Set(spec.record));
  if (!spec.spectrum) return { lambda: r.lambda };
  return { lambda: r.lambda, spectrum: lyapunovSpectrum(integrator.createTangent!(m), q0, p0, spec.dt, spec.every, spec.renorms) };
}
registerSampler('lyapunov', lyapunovSampler);

export interface ErgodizationTaskSpec {
  readonly model: string;
  readonly params: Record<string, unknown>;
  readonly beta: number;
  readonly integrator: string;
  readonly dt: number;
  /** Sample counts (of `every` steps each) at which q(T) and φ are recorded (increasing). */
  readonly record: readonly number[];
  /** Integration steps between samples of f (the trapezoid spacing is every · dt). */
  readonly every: number;
  readonly observable: 'kinetic' | 'energy';
  readonly seed: number;
}

/** The local observable of an ergodization run: p_x²/2, or the model's local energy e_x. */
export function localObservableOf(m: HamiltonianModel, observable: 'kinetic' | 'energy'): LocalObservable {
  if (observable === 'kinetic') return kineticPerSite;
  const le = m.localEnergy!;
  return (q, p, out) => le.localEnergy(q, p, out);
}

/**
 * Sample i of an ergodization task: an exact Gibbs draw at β (stream (seed, i, initialState)),
 * then the finite-time averages of the local observable along one trajectory (fluctuationRun).
 */
function ergodizationSampler(raw: unknown, i: number, registry: Registry): FluctuationRun {
  const spec = raw as ErgodizationTaskSpec;
  const model = lookupPlugin(registry.models, spec.model, '--model', 'model');
  const integrator = lookupPlugin(registry.integrators, spec.integrator, '--integrator', 'integrator');
  const m = model.create(parseStudySpec(model.params, spec.params));
  const q = new Float64Array(m.dof);
  const p = new Float64Array(m.dof);
  m.gibbs!.sample(q, p, spec.beta, streamFor(spec.seed, i, STREAM.initialState));
  return fluctuationRun(integrator.create(m), q, p, spec.dt, spec.record, localObservableOf(m, spec.observable), spec.every);
}
registerSampler('ergodization', ergodizationSampler);

export interface BreatherTaskSpec {
  readonly model: string;
  readonly params: Record<string, unknown>;
  /** Pinning exponent used for the adapted time step (the model's declared a); 'rotor': a free fast rotor. */
  readonly a: number | 'rotor';
  /** Sites (0-based) with a bath: both ends by default. */
  readonly bathSites?: readonly number[];
  /** Site (0-based) that carries the breather. */
  readonly site: number;
  readonly energy: number;
  /** Bath temperature on both end sites (0: friction only). */
  readonly temperature: number;
  readonly gamma: number;
  readonly levels: readonly number[];
  readonly stepsPerPeriod: number;
  readonly periodsPerSegment: number;
  readonly dtMax: number;
  readonly tMax: number;
  readonly seed: number;
}

/**
 * Sample i of a breather task: energy on one site, Langevin baths (BAOAB, O step on the end
 * sites) at the given temperature with noise stream (seed, i, dynamics), decay to the last level.
 */
function breatherSampler(raw: unknown, i: number, registry: Registry): BreatherDecay {
  const spec = raw as BreatherTaskSpec;
  const model = lookupPlugin(registry.models, spec.model, '--model', 'model');
  const m = model.create(parseStudySpec(model.params, spec.params));
  const q = new Float64Array(m.dof);
  const p = new Float64Array(m.dof);
  breatherInitialState(m, spec.site, spec.energy, q, p, spec.a === 'rotor' ? 'p' : 'q');
  const beta = spec.temperature > 0 ? 1 / spec.temperature : Number.POSITIVE_INFINITY;
  const sites = spec.bathSites ?? [0, m.dof - 1];
  const stepper = createBaoab(m, 'breather', streamFor(spec.seed, i, STREAM.dynamics), spec.gamma, sites, sites.map(() => beta));
  const a = spec.a;
  const period = a === 'rotor' ? rotorPeriod : (e: number): number => pinnedPeriod(a, e);
  return breatherDecay(stepper, (x, y) => m.hamiltonian(x, y), q, p, { period, levels: spec.levels, stepsPerPeriod: spec.stepsPerPeriod, periodsPerSegment: spec.periodsPerSegment, dtMax: spec.dtMax, tMax: spec.tMax });
}
registerSampler('breather', breatherSampler);
