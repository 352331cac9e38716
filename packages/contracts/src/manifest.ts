/**
 * zod schemas for plugin manifests. Built-ins and external plugins (named in
 * glassy.config.json) go through the same validation, so a broken plugin is refused with a
 * message naming the plugin and the field.
 */
import { z } from 'zod';
import type { CheckPlugin } from './check.js';
import { GlassyInputError } from './errors.js';
import type { IntegratorPlugin } from './integrator.js';
import type { HamiltonianModelPlugin, ModelPlugin } from './model.js';
import type { ObservablePlugin } from './observable.js';
import type { QuantumCheckPlugin, QuantumModelPlugin } from './quantum.js';

const fn = (what: string) =>
  z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', { message: `expected a function (${what})` });

/** Plugin ids are kebab-case: they appear in CLI flags, file names and JUnit test names. */
export const pluginId = z
  .string({ message: 'expected a string' })
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, { message: 'must be kebab-case, e.g. "rotor-chain"' });

const controlSchema = z
  .object({
    reason: z.string().min(1),
    /** Check ids that must reject the control: "check", or "check@plugin" to name the partner plugin. */
    mustFail: z
      .array(z.string().regex(/^[a-z0-9-]+(@[a-z0-9-]+)?$/, { message: 'expected "check-id" or "check-id@plugin-id"' }))
      .min(1, { message: 'a control must name at least one check that rejects it' }),
  })
  .optional();

const zodSchema = z.custom<z.ZodType>(
  (v) => typeof v === 'object' && v !== null && typeof (v as { safeParse?: unknown }).safeParse === 'function',
  { message: 'expected a zod schema' },
);

export const modelManifest = z.object({
  type: z.literal('model'),
  kind: z.literal('hamiltonian', { message: 'unknown model kind (supported: "hamiltonian", "quantum")' }),
  id: pluginId,
  title: z.string().min(1),
  equation: z.string().min(1),
  description: z.string().min(1),
  params: zodSchema,
  create: fn('create(params) returning a model instance'),
  verification: z.object({
    params: z.record(z.string(), z.unknown()),
    dt: z.number().positive().finite(),
    qScale: z.number().positive().finite(),
    pScale: z.number().positive().finite(),
    ensembleParams: z.record(z.string(), z.unknown()).optional(),
    alternateParams: z.array(z.record(z.string(), z.unknown())).optional(),
    nearIntegrable: z
      .object({
        param: z.string().min(1),
        epsilon: z.number().positive().finite(),
        epsilons: z.array(z.number().positive().finite()).min(2),
        dt: z.number().positive().finite(),
        dts: z.array(z.number().positive().finite()).min(2),
      })
      .optional(),
    ergodic: z
      .object({
        params: z.record(z.string(), z.unknown()),
        beta: z.number().positive().finite(),
        dt: z.number().positive().finite(),
        tEnd: z.number().positive().finite(),
        samples: z.number().int().min(2),
      })
      .optional(),
    breather: z
      .object({
        cases: z
          .array(
            z.object({
              params: z.record(z.string(), z.unknown()),
              a: z.number().gt(2).finite(),
              site: z.number().int().min(0),
              energy: z.number().positive().finite(),
              eEnd: z.number().positive().finite(),
              exponent: z.number().finite(),
            }),
          )
          .min(1),
        tolerance: z.number().positive().finite(),
      })
      .optional(),
  }),
  scaling: z.object({ description: z.string(), transform: fn('transform(params, alpha)') }).optional(),
  decoupled: z
    .object({ description: z.string(), params: fn('params(params)'), exactFlow: fn('exactFlow(q, p, t)').optional() })
    .optional(),
  disorder: z.object({ seedParam: z.string().min(1), description: z.string() }).optional(),
  harmonic: z.object({ description: z.string(), params: fn('params(params)'), tridiagonal: fn('tridiagonal(params)') }).optional(),
  symmetries: z
    .array(z.object({ id: z.string().min(1), description: z.string(), params: fn('params(params)'), map: fn('map(q, p)'), observables: fn('observables(q, p)'), initialState: fn('initialState(q, p)') }))
    .optional(),
  control: controlSchema,
});

export const quantumModelManifest = z.object({
  type: z.literal('model'),
  kind: z.literal('quantum'),
  id: pluginId,
  title: z.string().min(1),
  equation: z.string().min(1),
  description: z.string().min(1),
  params: zodSchema,
  create: fn('create(params) returning a quantum system'),
  verification: z.object({
    params: z.record(z.string(), z.unknown()),
    levelStatistics: z
      .array(
        z.object({
          id: z.string().min(1),
          description: z.string(),
          params: z.record(z.string(), z.unknown()),
          sector: z.string().optional(),
          realisations: z.number().int().positive().optional(),
          expect: z.enum(['goe', 'poisson']),
        }),
      )
      .optional(),
  }),
  exactLimits: z.array(z.object({ id: z.string().min(1), description: z.string(), params: fn('params(params)'), levels: fn('levels(params)') })).optional(),
  disorder: z.object({ seedParam: z.string().min(1), description: z.string() }).optional(),
  control: controlSchema,
});

export const integratorManifest = z.object({
  type: z.literal('integrator'),
  id: pluginId,
  title: z.string().min(1),
  description: z.string().min(1),
  order: z.number().int().positive(),
  properties: z.object({
    symplectic: z.boolean(),
    timeReversible: z.boolean(),
    stochastic: z.boolean(),
    canonical: z.boolean().optional(),
    energyConservingNoise: z.boolean().optional(),
  }),
  requires: z.array(z.enum(['separable', 'subFlows', 'gradient', 'verletKernel', 'langevinKernel', 'abSplit', 'forceJacobian'])),
  stagesPerStep: z.number().positive(),
  stepScale: z.number().positive().finite().optional(),
  params: zodSchema.optional(),
  noiseFree: z.object({ params: z.record(z.string(), z.unknown()), description: z.string().min(1) }).optional(),
  nearIntegrable: z.object({ epsilon: z.number().positive().finite(), dt: z.number().positive().finite(), description: z.string().min(1) }).optional(),
  create: fn('create(model, context) returning a stepper'),
  createTangent: fn('createTangent(model) returning a tangent stepper').optional(),
  control: controlSchema,
});

export const checkManifest = z.object({
  type: z.literal('check'),
  id: pluginId,
  title: z.string().min(1),
  purpose: z.string().min(1),
  tier: z.enum(['quick', 'full']),
  scope: z.enum(['pair', 'model', 'quantum']).optional(),
  regression: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('grows'), factor: z.number().finite().gt(1) }),
      z.strictObject({ kind: z.literal('order'), tolerance: z.number().finite().positive() }),
      z.strictObject({ kind: z.literal('verdict') }),
    ])
    .optional(),
  notApplicable: fn('notApplicable(model, integrator)'),
  run: fn('run(ctx)'),
});

export const observableManifest = z.object({
  type: z.literal('observable'),
  id: pluginId,
  title: z.string().min(1),
  description: z.string().min(1),
  estimator: z.enum(['mean', 'scaled-variance']),
  scale: fn('scale(model, context)').optional(),
  create: fn('create(model, context) returning a recorder'),
});

export type AnyPlugin = ModelPlugin | QuantumModelPlugin | IntegratorPlugin | CheckPlugin | QuantumCheckPlugin | ObservablePlugin;

/**
 * Validate one plugin object. `origin` says where it came from (a module specifier or
 * "built-in"); the error names the plugin id when there is one, and the field.
 */
export function validatePlugin(value: unknown, origin: string): AnyPlugin {
  const label = (() => {
    if (typeof value === 'object' && value !== null) {
      const id = (value as { id?: unknown }).id;
      if (typeof id === 'string') return `plugin "${id}" (${origin})`;
    }
    return `plugin from ${origin}`;
  })();
  if (typeof value !== 'object' || value === null) {
    throw new GlassyInputError(`${label}: expected a plugin object, got ${value === null ? 'null' : typeof value}`);
  }
  const type = (value as { type?: unknown }).type;
  const schema =
    type === 'model'
      ? (value as { kind?: unknown }).kind === 'quantum'
        ? quantumModelManifest
        : modelManifest
      : type === 'integrator'
        ? integratorManifest
        : type === 'check'
          ? checkManifest
          : type === 'observable'
            ? observableManifest
            : undefined;
  if (schema === undefined) {
    throw new GlassyInputError(`${label}: type: expected "model", "integrator", "check" or "observable", got ${JSON.stringify(type)}`);
  }
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.path.map(String).join('.') || '(root)';
    throw new GlassyInputError(`${label}: ${path}: ${issue.message}`);
  }
  // The schema checked the shape; the object itself (with its functions) is the plugin.
  return value as AnyPlugin;
}

/** Typed helper for model authors: keeps the parameter type from the schema. */
export function defineModel<S extends z.ZodType<Record<string, unknown>>>(plugin: HamiltonianModelPlugin<S>): ModelPlugin {
  return plugin as unknown as ModelPlugin;
}
