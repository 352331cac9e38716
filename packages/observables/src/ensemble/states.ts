/**
 * Ensemble states: where every sample of a finished ensemble stands, so that a later run can
 * continue all of its trajectories (e.g. `glassy run phi --t-max auto` extending its horizon)
 * instead of recomputing them.
 *
 * For sample i the file holds its state at t = 0 (q0, p0: observables such as φ measure against
 * it), its state at the last recorded time (q, p) and the state of its dynamics noise stream
 * (four xoshiro128 words). Continuing from it is bit-identical to having run the longer horizon
 * in one go: the steps are the same floating-point operations, and steppers keep no dynamical
 * state between calls other than their random stream (the integrator contract).
 *
 * The file is JSON (doubles round-trip exactly through JavaScript's shortest representation),
 * validated with zod on reading, and named in the continuing spec together with its SHA-256, so
 * a spec still identifies its data completely and a chunk can run anywhere the file is.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { GlassyInputError } from '@glassy/contracts';
import { canonicalJson, type EnsembleSpec } from './spec.js';

const finiteRow = z.array(z.number().finite());

export const statesFileSchema = z.strictObject({
  format: z.literal('glassy-ensemble-states/1'),
  /** The spec of the run that produced the states (its identity, for consistency checks). */
  spec: z.record(z.string(), z.unknown()),
  specHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Absolute time and step count reached. */
  time: z.number().finite().min(0),
  step: z.number().int().min(0),
  samples: z.number().int().positive(),
  dof: z.number().int().positive(),
  q0: z.array(finiteRow),
  p0: z.array(finiteRow),
  q: z.array(finiteRow),
  p: z.array(finiteRow),
  rng: z.array(z.array(z.number().int()).length(4)),
});
export type StatesFile = z.output<typeof statesFileSchema>;

/** Per-sample states of a chunk (index = sample − start). */
export interface ChunkStates {
  readonly q0: number[][];
  readonly p0: number[][];
  readonly q: number[][];
  readonly p: number[][];
  readonly rng: number[][];
}

/** The states file of a finished run: every sample's states at the spec's last time. */
export function statesFile(spec: EnsembleSpec, specHash: string, dof: number, states: ChunkStates): StatesFile {
  const last = spec.times[spec.times.length - 1]!;
  // A continued ensemble records the file it continued by name and SHA-256, not by its folder:
  // the same run written elsewhere (another --out, a cluster's file system) gives the same file.
  const recorded = spec.initial.kind === 'continue' ? { ...spec, initial: { ...spec.initial, states: basename(spec.initial.states) } } : spec;
  return { format: 'glassy-ensemble-states/1', spec: recorded, specHash, time: last, step: Math.round(last / spec.dt), samples: spec.samples, dof, ...states };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Serialise (the caller writes it atomically); returns the text and its SHA-256. */
export function serializeStates(states: StatesFile): { text: string; sha256: string } {
  const text = `${JSON.stringify(states)}\n`;
  return { text, sha256: sha256(text) };
}

/** Read and validate a states file; its SHA-256 must be the one the spec names. */
export function loadStates(path: string, expectedSha256: string): StatesFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new GlassyInputError(`initial.states: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const digest = sha256(text);
  if (digest !== expectedSha256) {
    throw new GlassyInputError(`initial.states: ${path} has SHA-256 ${digest.slice(0, 12)}…, the spec expects ${expectedSha256.slice(0, 12)}… (the file changed since the spec was written)`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new GlassyInputError(`initial.states: ${path} is not valid JSON`);
  }
  const r = statesFileSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new GlassyInputError(`initial.states: ${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const s = r.data;
  for (const key of ['q0', 'p0', 'q', 'p', 'rng'] as const) {
    if (s[key].length !== s.samples) throw new GlassyInputError(`initial.states: ${path}: ${key} has ${s[key].length} rows, expected samples = ${s.samples}`);
  }
  for (const key of ['q0', 'p0', 'q', 'p'] as const) {
    const bad = s[key].findIndex((row) => row.length !== s.dof);
    if (bad >= 0) throw new GlassyInputError(`initial.states: ${path}: ${key}.${bad} has ${s[key][bad]!.length} entries, expected dof = ${s.dof}`);
  }
  return s;
}

/** The continuing spec must describe the same trajectories as the one that wrote the states. */
export function checkContinuation(spec: EnsembleSpec, states: StatesFile, dof: number): void {
  const from = states.spec as Partial<EnsembleSpec>;
  const same = (key: keyof EnsembleSpec): boolean => canonicalJson(from[key]) === canonicalJson(spec[key]);
  for (const key of ['model', 'params', 'integrator', 'integratorParams', 'dt', 'seed', 'samples'] as const) {
    if (!same(key)) throw new GlassyInputError(`initial.states: the states were produced with a different ${key} (${canonicalJson(from[key])} vs ${canonicalJson(spec[key])})`);
  }
  if (from.initial?.beta !== spec.initial.beta) throw new GlassyInputError(`initial.beta: ${spec.initial.beta}, the states were produced at β = ${String(from.initial?.beta)}`);
  if (states.dof !== dof) throw new GlassyInputError(`initial.states: dof ${states.dof}, the model has ${dof}`);
  if (spec.times[0]! <= states.time) throw new GlassyInputError(`times.0: ${spec.times[0]} is not after the states' time ${states.time}`);
  if (Math.abs(states.step * spec.dt - states.time) > 1e-9 * Math.max(1, states.time)) {
    throw new GlassyInputError(`initial.states: step ${states.step} × dt ${spec.dt} is not the states' time ${states.time}`);
  }
}
