/**
 * Resolving an ensemble spec against the registry, and the worker entry that runs its chunks.
 */
import { GlassyInputError } from '@glassy/contracts';
import { checkContinuation, loadStates, type EnsembleResult, type EnsembleSpec, type ResolvedEnsemble } from '@glassy/observables';
import { writeFileAtomic } from './io.js';
import { VERSION } from './version.js';
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
  // The routes to equilibrium samples every model has: its exact Gibbs sampler (where it has
  // one), the Langevin thermostat (for H = T(p) + V(q)), and Hybrid Monte Carlo on exp(−βH) in
  // phase space (any model: it needs only H and its gradient; the DNLS family's route).
  if (spec.initial.kind === 'gibbs' && !instance.gibbs) {
    throw new GlassyInputError(
      instance.separable
        ? `--init: model "${model.id}" has no exact Gibbs sampler; use --init langevin --t-therm T (Langevin thermalisation) or --init hmc (Hybrid Monte Carlo)`
        : `--init: model "${model.id}" has no exact Gibbs sampler; use --init hmc (Hybrid Monte Carlo on exp(−βH); its H mixes q and p, so the Langevin thermostat does not apply)`,
    );
  }
  if (spec.initial.kind === 'langevin' && !instance.separable) {
    throw new GlassyInputError(`--init: the Langevin thermostat needs H = T(p) + V(q), and model "${model.id}" mixes q and p; use --init hmc (Hybrid Monte Carlo on exp(−βH))`);
  }
  const resolvedSpec = { ...spec, params, integratorParams };
  if (spec.initial.kind === 'continue') {
    const continuation = loadStates(spec.initial.states, spec.initial.sha256);
    checkContinuation(resolvedSpec, continuation, instance.dof);
    return { spec: resolvedSpec, model, instance, integrator, integratorParams, observables, continuation };
  }
  return { spec: resolvedSpec, model, instance, integrator, integratorParams, observables };
}

/**
 * The ensemble output file, written atomically. One writer for the local run, the SLURM merge and
 * `glassy shard merge`: their files must be byte-identical, so they must be written the same way.
 */
export function writeEnsembleFile(path: string, result: EnsembleResult): void {
  writeFileAtomic(path, `${JSON.stringify({ software: { glassy: VERSION }, ...result }, null, 2)}\n`, '--out');
}
