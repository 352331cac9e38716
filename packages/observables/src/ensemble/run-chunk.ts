/**
 * One chunk of an ensemble: samples [start, end) of a spec. Sample i draws its initial state
 * from the stream (seed, i, initialState), its thermalisation noise from (seed, i,
 * thermalization) and its dynamics noise from (seed, i, dynamics), so its trajectory depends
 * only on (spec, i). Observables are accumulated as exact power sums.
 */
import {
  GlassyInputError,
  NonFiniteStateError,
  STREAM,
  streamFor,
  Xoshiro128,
  type HamiltonianModel,
  type IntegratorPlugin,
  type ModelPlugin,
  type ObservablePlugin,
} from '@glassy/contracts';
import { createLangevinFast } from '@glassy/integrators';
import { hmcSample } from './hmc.js';
import { advanceChecked } from '../trajectory.js';
import { Moments, type MomentsJson } from './moments.js';
import type { EnsembleSpec } from './spec.js';
import type { ChunkStates, StatesFile } from './states.js';

export interface ResolvedEnsemble {
  readonly spec: EnsembleSpec;
  readonly model: ModelPlugin;
  readonly instance: HamiltonianModel;
  readonly integrator: IntegratorPlugin;
  readonly integratorParams: Record<string, unknown>;
  readonly observables: readonly ObservablePlugin[];
  /** The loaded states file when spec.initial.kind is 'continue' (checked by checkContinuation). */
  readonly continuation?: StatesFile;
}

/** accumulators[observable][time] */
export type Accumulators = Moments[][];

export interface ChunkResult {
  readonly start: number;
  readonly end: number;
  readonly accumulators: MomentsJson[][];
  /** With spec.keepSamples: values[observable][time][sample − start]. */
  readonly values?: number[][][];
  /** With spec.keepStates: every sample's states, to continue the run later. */
  readonly states?: ChunkStates;
}

export class SampleFailure extends Error {
  override readonly name = 'SampleFailure';
  constructor(
    readonly sample: number,
    override readonly cause: NonFiniteStateError,
  ) {
    super(`sample ${sample}: ${cause.message}`);
  }
}

export function emptyAccumulators(nObservables: number, nTimes: number): Accumulators {
  return Array.from({ length: nObservables }, () => Array.from({ length: nTimes }, () => new Moments()));
}

/** Draw sample i's initial state into (q, p), thermalising if the spec asks for it. */
export function initialState(r: ResolvedEnsemble, i: number, q: Float64Array, p: Float64Array): void {
  const { spec, instance } = r;
  const init = spec.initial;
  if (init.kind === 'continue') {
    const c = r.continuation;
    if (!c) throw new Error('initialState: a "continue" spec needs its states file loaded (resolveEnsemble does it)');
    q.set(c.q[i]!);
    p.set(c.p[i]!);
    return;
  }
  const random = streamFor(spec.seed, i, STREAM.initialState);
  if (init.kind === 'gibbs') {
    if (!instance.gibbs) throw new GlassyInputError(`initial.kind: model "${spec.model}" has no exact Gibbs sampler; use "langevin"`);
    instance.gibbs.sample(q, p, init.beta, random, { zeroMomentum: init.zeroMomentum });
    return;
  }
  if (init.kind === 'hmc') {
    hmcSample(instance, q, p, init, random);
    return;
  }
  q.fill(0);
  const sd = 1 / Math.sqrt(init.beta);
  for (let k = 0; k < p.length; k++) p[k] = sd * random.normal();
  const steps = Math.round(init.tTherm / spec.dt);
  if (steps > 0) {
    // The model's fused Langevin kernel where it has one (langevin-baoab-fused: the rotor chain), else langevin-baoab.
    const thermostat = createLangevinFast(instance, 'thermalization', streamFor(spec.seed, i, STREAM.thermalization), init.gamma, init.beta);
    advanceChecked(thermostat, q, p, spec.dt, steps);
  }
}

export function runChunk(r: ResolvedEnsemble, start: number, end: number): ChunkResult {
  const { spec, instance } = r;
  const acc = emptyAccumulators(r.observables.length, spec.times.length);
  const q = new Float64Array(instance.dof);
  const p = new Float64Array(instance.dof);
  const beta = spec.initial.beta;
  const recorders = r.observables.map((o) => o.create(instance, { beta }));
  const stepsAt = spec.times.map((t) => Math.round(t / spec.dt));
  const values = spec.keepSamples ? r.observables.map(() => spec.times.map(() => new Array<number>(end - start))) : undefined;
  const states: ChunkStates | undefined = spec.keepStates ? { q0: [], p0: [], q: [], p: [], rng: [] } : undefined;
  const c = spec.initial.kind === 'continue' ? r.continuation : undefined;
  const firstStep = c ? c.step : 0;
  for (let i = start; i < end; i++) {
    try {
      initialState(r, i, q, p);
      const q0 = c ? Float64Array.from(c.q0[i]!) : Float64Array.from(q);
      const p0 = c ? Float64Array.from(c.p0[i]!) : Float64Array.from(p);
      for (const rec of recorders) rec.begin(q0, p0);
      const random = c ? Xoshiro128.fromState(c.rng[i]!) : streamFor(spec.seed, i, STREAM.dynamics);
      const stepper = r.integrator.create(instance, { params: r.integratorParams, random });
      let done = firstStep;
      for (let k = 0; k < stepsAt.length; k++) {
        advanceChecked(stepper, q, p, spec.dt, stepsAt[k]! - done, { firstStep: done });
        done = stepsAt[k]!;
        for (let o = 0; o < recorders.length; o++) {
          const v = recorders[o]!.value(q, p);
          acc[o]![k]!.add(v);
          if (values) values[o]![k]![i - start] = v;
        }
      }
      if (states) {
        states.q0.push(Array.from(q0));
        states.p0.push(Array.from(p0));
        states.q.push(Array.from(q));
        states.p.push(Array.from(p));
        states.rng.push(random.saveState());
      }
    } catch (e) {
      if (e instanceof NonFiniteStateError) throw new SampleFailure(i, e);
      throw e;
    }
  }
  return { start, end, accumulators: acc.map((row) => row.map((m) => m.toJSON())), ...(values ? { values } : {}), ...(states ? { states } : {}) };
}

export function mergeInto(target: Accumulators, chunk: ChunkResult): void {
  chunk.accumulators.forEach((row, o) => row.forEach((m, k) => target[o]![k]!.merge(Moments.fromJSON(m))));
}
