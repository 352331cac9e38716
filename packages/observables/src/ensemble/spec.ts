/**
 * An ensemble run, fully described by data: this spec (validated with zod) names the plugins
 * by id, so any chunk of samples can be run anywhere (another worker, another node of an array
 * job) from the spec and a sample range, and merged exactly.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

const finitePositive = z.number().finite().positive();

export const initialStateSpec = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('gibbs'),
    beta: finitePositive.describe('inverse temperature of the exact Gibbs draw'),
    zeroMomentum: z.boolean().default(false).describe('remove the mean momentum, as the review does'),
  }),
  z.strictObject({
    kind: z.literal('langevin'),
    beta: finitePositive.describe('inverse temperature of the thermostat'),
    gamma: finitePositive.default(1).describe('friction of the thermalisation run'),
    tTherm: z.number().finite().min(0).describe('thermalisation time before t = 0'),
  }),
  z.strictObject({
    kind: z.literal('hmc'),
    beta: finitePositive.describe('inverse temperature of exp(−βH), sampled by Hybrid Monte Carlo (ensemble/hmc.ts)'),
    burnIn: z.number().int().min(0).default(200).describe('trajectories that adapt the leapfrog step, discarded'),
    trajectories: z.number().int().min(1).default(200).describe('trajectories at the frozen step; the last state is the sample'),
  }),
  z.strictObject({
    kind: z.literal('continue'),
    beta: finitePositive.describe('inverse temperature of the ensemble being continued'),
    states: z.string().min(1).describe('states file written by the run being continued (see states.ts)'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, { message: 'expected a hex SHA-256' }).describe('SHA-256 of that file'),
  }),
]);

export const ensembleSpec = z
  .strictObject({
    model: z.string().min(1),
    params: z.record(z.string(), z.unknown()).default({}),
    integrator: z.string().min(1),
    integratorParams: z.record(z.string(), z.unknown()).default({}),
    dt: finitePositive,
    times: z.array(z.number().finite().min(0)).min(1),
    samples: z.number().int().min(2, { message: 'at least 2 samples (standard errors need two)' }),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    observables: z.array(z.string().min(1)).min(1),
    initial: initialStateSpec,
    /** Also keep every sample's value (for bootstraps over samples), not only the power sums. */
    keepSamples: z.boolean().default(false),
    /** Also keep every sample's state at t = 0 and at the last time (to continue the run later). */
    keepStates: z.boolean().default(false),
  })
  .superRefine((s, ctx) => {
    s.times.forEach((t, i) => {
      const n = Math.round(t / s.dt);
      if (Math.abs(n * s.dt - t) > 1e-9 * Math.max(1, t)) ctx.addIssue({ code: 'custom', path: ['times', i], message: `${t} is not a whole number of steps of dt = ${s.dt}` });
      if (i > 0 && t <= s.times[i - 1]!) ctx.addIssue({ code: 'custom', path: ['times', i], message: 'times must be strictly increasing' });
    });
    if (s.initial.kind === 'langevin') {
      const n = Math.round(s.initial.tTherm / s.dt);
      if (Math.abs(n * s.dt - s.initial.tTherm) > 1e-9 * Math.max(1, s.initial.tTherm)) {
        ctx.addIssue({ code: 'custom', path: ['initial', 'tTherm'], message: `not a whole number of steps of dt = ${s.dt}` });
      }
    }
  });
export type EnsembleSpec = z.output<typeof ensembleSpec>;

/** Canonical JSON (sorted keys) and its SHA-256: the identity of a configuration. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The identity of an ensemble: what its results depend on. A continued ensemble is identified by
 * the content of its states file (its sha256), not by where the file lies, so that the same run
 * into another folder (or on a cluster's file system) has the same hash.
 */
export function specHash(spec: EnsembleSpec): string {
  const identity = spec.initial.kind === 'continue' ? { ...spec, initial: { ...spec.initial, states: undefined } } : spec;
  return createHash('sha256').update(canonicalJson(identity)).digest('hex');
}
