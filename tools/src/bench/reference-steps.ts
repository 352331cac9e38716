/**
 * The core steps compared with plain C (tools/bench/reference/*.c) and how each maps onto our
 * registry, by model and integrator id: rotor and anharmonic chains × `stormer-verlet-fused`
 * (our fast path: the model's own one-sweep Verlet kernel), with the plain `stormer-verlet` timed
 * alongside for information (same protocol, no budget); the DNLS × `split-strang`.
 *
 * Both sides take the model's `verification.dt` and its verification parameters at the given
 * L; the C program gets them on its command line. Where ours is unavailable (model or
 * integrator not registered, parameters the C program cannot express) the C reference still
 * runs, with the documented fallback dt and parameters, and bench:check fails the row (it has
 * a ratio budget but nothing of ours to hold to it).
 */
import { z } from 'zod';
import { missingCapability, type HamiltonianModel, type IntegratorPlugin, type ModelPlugin, type Stepper } from '@glassy/contracts';
import type { Registry } from '@glassy/verify';
import { stepsPerOp } from './step-cases.js';

export const REFERENCE_IDS = ['rotor-sv', 'anharmonic-sv', 'dnls-split'] as const;
export type ReferenceId = (typeof REFERENCE_IDS)[number];

/** Sizes of the comparison: in L1 cache, and streaming through L2. */
export const REFERENCE_SIZES: readonly number[] = [64, 4096];

/** Steps run from the shared initial state before both sides' checksums are compared. */
export const PARITY_STEPS = 20;

export interface ReferenceSpec {
  readonly id: ReferenceId;
  /** C source in tools/bench/reference/. */
  readonly source: string;
  readonly modelId: string;
  /** Integrator id of ours: the step the ratio and its budget are about. */
  readonly integrator: string;
  /**
   * Integrator id of a plain variant timed next to ours (same protocol, same C reference) and
   * shown for information, without a budget; null for none.
   */
  readonly plain: string | null;
  /** What the step is when ours cannot be named (no such model or integrator yet). */
  readonly genericStep: string;
  /** Parameters the C program takes after the common arguments, in command-line order. */
  readonly cParams: readonly string[];
  /** Override merged over the verification parameters when creating ours (if the schema takes it). */
  readonly paramOverride: Readonly<Record<string, unknown>>;
  /** Accepts the parsed model parameters the C program can reproduce; names what does not fit. */
  readonly fits: z.ZodType<Record<string, unknown>>;
  /** dt and parameters of the C run when ours is unavailable. */
  readonly fallback: { readonly dt: number; readonly params: Readonly<Record<string, number>> };
}

const numberParams = <K extends string>(names: readonly K[]) =>
  z.object(Object.fromEntries(names.map((n) => [n, z.number().finite()])) as Record<K, z.ZodNumber>);

export const REFERENCE_SPECS: Readonly<Record<ReferenceId, ReferenceSpec>> = {
  'rotor-sv': {
    id: 'rotor-sv',
    source: 'rotor_sv.c',
    modelId: 'rotor-chain',
    integrator: 'stormer-verlet-fused',
    plain: 'stormer-verlet',
    genericStep: 'rotor-chain × stormer-verlet-fused',
    cParams: ['g'],
    paramOverride: { boundary: 'periodic' },
    fits: numberParams(['g']).extend({ boundary: z.literal('periodic') }),
    fallback: { dt: 0.05, params: { g: 1 } },
  },
  'anharmonic-sv': {
    id: 'anharmonic-sv',
    source: 'anharmonic_sv.c',
    modelId: 'anharmonic-chain',
    integrator: 'stormer-verlet-fused',
    plain: 'stormer-verlet',
    genericStep: 'anharmonic-chain × stormer-verlet-fused',
    cParams: ['a', 'b', 'g'],
    paramOverride: {},
    fits: numberParams(['a', 'b', 'g']),
    fallback: { dt: 0.02, params: { a: 4, b: 2, g: 1 } },
  },
  'dnls-split': {
    id: 'dnls-split',
    source: 'dnls_split.c',
    modelId: 'dnls',
    integrator: 'split-strang',
    plain: null,
    genericStep: 'dnls × split-strang',
    cParams: ['U', 'g'],
    paramOverride: { boundary: 'periodic' },
    fits: numberParams(['U', 'g']).extend({ boundary: z.literal('periodic').optional() }),
    fallback: { dt: 0.01, params: { U: 1, g: 1 } },
  },
};

/** One (reference step, L) as both sides run it. Serialisable: saved with the results. */
export interface ReferenceCase {
  readonly reference: ReferenceId;
  readonly L: number;
  readonly dt: number;
  /** Steps per op (about 1e5 site-steps, as in the per-pair bench). */
  readonly nSteps: number;
  /** "model × integrator" of ours, or the generic name of the step when ours is unavailable. */
  readonly step: string;
  /** Parameters passed to the C program, by name. */
  readonly cParams: Readonly<Record<string, number>>;
  /** Ours, or null with the reason in `unavailable`. */
  readonly ours: { readonly model: string; readonly integrator: string } | null;
  readonly unavailable: string | null;
  /** The plain variant timed alongside (spec `plain`), or null (none, or not applicable). */
  readonly plain: { readonly model: string; readonly integrator: string } | null;
}

/** Which of our steppers a child process times: ours (the budgeted one) or the plain variant. */
export const OURS_VARIANTS = ['ours', 'plain'] as const;
export type OursVariant = (typeof OURS_VARIANTS)[number];

type Build = () => { model: HamiltonianModel; stepper: Stepper };

/** A case plus what the child process needs to build ours. */
export interface ResolvedReference extends ReferenceCase {
  /** Present exactly when `ours` is: builds a fresh model and stepper. */
  readonly build: Build | null;
  /** Present exactly when `plain` is: the same for the plain variant. */
  readonly buildPlain: Build | null;
}

/** The integrator `id` if it is registered, not a control, deterministic, and can run the model. */
function findIntegrator(registry: Registry, id: string, model: HamiltonianModel): IntegratorPlugin | undefined {
  const i = registry.integrators.get(id);
  return i !== undefined && i.control === undefined && !i.properties.stochastic && missingCapability(i, model) === undefined ? i : undefined;
}

/** The model parameters at L, with the spec's override where the schema accepts it. */
function parseParams(plugin: ModelPlugin, spec: ReferenceSpec, L: number): Record<string, unknown> {
  const base = { ...plugin.verification.params, L };
  try {
    return plugin.params.parse({ ...base, ...spec.paramOverride });
  } catch {
    return plugin.params.parse(base);
  }
}

/** Map a reference step onto the registry at chain length L. Never throws for a missing plugin. */
export function resolveReference(registry: Registry, id: ReferenceId, L: number): ResolvedReference {
  const spec = REFERENCE_SPECS[id];
  const nSteps = stepsPerOp(L);
  const unavailable = (reason: string): ResolvedReference => ({
    reference: id,
    L,
    dt: spec.fallback.dt,
    nSteps,
    step: spec.genericStep,
    cParams: spec.fallback.params,
    ours: null,
    unavailable: `n/a (${reason})`,
    plain: null,
    build: null,
    buildPlain: null,
  });

  const plugin = registry.models.get(spec.modelId);
  if (plugin === undefined || plugin.control !== undefined) return unavailable(`no ${spec.modelId} model registered`);
  let params: Record<string, unknown>;
  try {
    params = parseParams(plugin, spec, L);
  } catch (e) {
    return unavailable(`${spec.modelId} rejects L=${L}: ${(e as Error).message.split('\n')[0]}`);
  }
  const fit = spec.fits.safeParse(params);
  if (!fit.success) {
    const issue = fit.error.issues[0]!;
    return unavailable(`${spec.modelId} parameter ${issue.path.join('.')} does not fit ${spec.source}: ${issue.message}`);
  }
  const probe = plugin.create(params);
  const integrator = findIntegrator(registry, spec.integrator, probe);
  if (integrator === undefined) return unavailable(`integrator "${spec.integrator}" is not registered or does not apply to ${spec.modelId}`);
  // The plain variant is for information: if it is missing, the row goes on without it.
  const plain = spec.plain === null ? undefined : findIntegrator(registry, spec.plain, probe);

  const cParams = Object.fromEntries(spec.cParams.map((name) => [name, fit.data[name] as number])); // `fits` made them numbers
  return {
    reference: id,
    L,
    dt: plugin.verification.dt,
    nSteps,
    step: `${plugin.id} × ${integrator.id}`,
    cParams,
    ours: { model: plugin.id, integrator: integrator.id },
    unavailable: null,
    plain: plain === undefined ? null : { model: plugin.id, integrator: plain.id },
    build: () => {
      const model = plugin.create(params);
      return { model, stepper: integrator.create(model) };
    },
    buildPlain:
      plain === undefined
        ? null
        : () => {
            const model = plugin.create(params);
            return { model, stepper: plain.create(model) };
          },
  };
}

/** Every (reference, L) case, in table order. */
export function resolveReferences(registry: Registry, sizes: readonly number[] = REFERENCE_SIZES): ResolvedReference[] {
  return REFERENCE_IDS.flatMap((id) => sizes.map((L) => resolveReference(registry, id, L)));
}

/** The serialisable part of a resolved case. */
export function referenceCase(r: ResolvedReference): ReferenceCase {
  const { build: _build, buildPlain: _buildPlain, ...rest } = r;
  return rest;
}
