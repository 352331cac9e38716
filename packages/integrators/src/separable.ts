import { GlassyInputError, type HamiltonianModel, type SeparableHamiltonian } from '@glassy/contracts';

/** The separable part of a model, or a clear error naming the integrator that needed it. */
export function requireSeparable(model: HamiltonianModel, integratorId: string): SeparableHamiltonian {
  if (model.separable === undefined) {
    throw new GlassyInputError(`integrator "${integratorId}" needs a separable Hamiltonian H = T(p) + V(q); model "${model.modelId}" has none`);
  }
  return model.separable;
}

/** x += h · y, elementwise. */
export function axpy(x: Float64Array, h: number, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) x[i] = x[i]! + h * y[i]!;
}
