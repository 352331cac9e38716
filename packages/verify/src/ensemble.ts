/**
 * Resolving an ensemble spec against the registry, and the worker entry that runs its chunks.
 */
import { GlassyInputError } from '@glassy/contracts';
import { checkContinuation, loadStates, type EnsembleSpec, type ResolvedEnsemble } from '@glassy/observables';
import { resolveParams } from './params.js';
import type { Registry } from './registry.js';
import { lookupPlugin } from './lookup.js';

export function resolveEnsemble(registry: Registry, spec: EnsembleSpec): ResolvedEnsemble {
  const model = lookupPlugin(registry.models, spec.model, '--model', 'model');
  const integrator = lookupPlugin(registry.integrators, spec.integrator, '--integrator', 'integrator');
  const params = resolveParams(model, spec.params);
  let integratorParams: Record<string, unknown> = {};
  if (integrator.params) {
    const known = Object.keys((integrator.params as unknown as { shape?: Record<string, unknown> }).shape ?? {});
    for (const key of Object.keys(spec.integratorParams)) {
      if (known.length > 0 && !known.includes(key)) {
        throw new GlassyInputError(`--integrator-set ${key}: unknown parameter of integrator "${integrator.id}" (known: ${known.join(', ')})`);
      }
    }
    const r = integrator.params.safeParse(spec.integratorParams);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      throw new GlassyInputError(`--integrator-set ${issue.path.join('.')}: ${issue.message} (integrator "${integrator.id}")`);
    }
    integratorParams = r.data;
  } else if (Object.keys(spec.integratorParams).length > 0) {
    throw new GlassyInputError(`--integrator-set: integrator "${integrator.id}" takes no parameters`);
  }
  const observables = spec.observables.map((id) => {
    const o = registry.observables.get(id);
    if (!o) throw new GlassyInputError(`--observable: unknown observable "${id}" (known: ${[...registry.observables.keys()].join(', ')})`);
    return o;
  });
  const instance = model.create(params);
  // The routes to equilibrium samples a model offers: its exact Gibbs sampler, or the Langevin
  // thermostat, which needs H = T(p) + V(q). A model with neither has no route here yet (the
  // DNLS family: its β = 0 states are sampled by the infinite-temperature-line check).
  const noRoute = `model "${model.id}" has neither an exact Gibbs sampler nor a separable H = T(p) + V(q) for the Langevin thermostat, so glassy cannot draw its equilibrium states yet`;
  if (spec.initial.kind === 'gibbs' && !instance.gibbs) {
    throw new GlassyInputError(
      instance.separable ? `--init: model "${model.id}" has no exact Gibbs sampler; use --init langevin --t-therm T (Langevin thermalisation)` : `--init: ${noRoute}`,
    );
  }
  if (spec.initial.kind === 'langevin' && !instance.separable) throw new GlassyInputError(`--init: ${noRoute}`);
  const resolvedSpec = { ...spec, params, integratorParams };
  if (spec.initial.kind === 'continue') {
    const continuation = loadStates(spec.initial.states, spec.initial.sha256);
    checkContinuation(resolvedSpec, continuation, instance.dof);
    return { spec: resolvedSpec, model, instance, integrator, integratorParams, observables, continuation };
  }
  return { spec: resolvedSpec, model, instance, integrator, integratorParams, observables };
}
