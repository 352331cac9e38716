import { GlassyInputError, hasVerletKernel, type HamiltonianModel, type SeparableHamiltonian, type VerletKernel } from '@glassy/contracts';

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

/** The model's fused Störmer–Verlet kernel, or a clear error naming the integrator and the model. */
export function requireVerletKernel(model: HamiltonianModel, integratorId: string): VerletKernel {
  const sep = requireSeparable(model, integratorId);
  if (sep.verletKernel === undefined) {
    throw new GlassyInputError(`integrator "${integratorId}" needs a fused Störmer–Verlet kernel (separable.verletKernel); model "${model.modelId}" has none`);
  }
  if (!hasVerletKernel(model)) {
    throw new GlassyInputError(
      `integrator "${integratorId}": model "${model.modelId}" has a separable.verletKernel built for another force than its separable.force (a copy that swapped the force must drop the kernel)`,
    );
  }
  return sep.verletKernel;
}

/** The model's fused Langevin kernel (`verletKernel.createLangevin`), or a one-line input error naming what is missing. */
export function requireLangevinKernel(model: HamiltonianModel, integratorId: string): NonNullable<VerletKernel['createLangevin']> {
  const kernel = requireVerletKernel(model, integratorId);
  if (kernel.createLangevin === undefined) {
    throw new GlassyInputError(`integrator "${integratorId}" needs a fused Langevin kernel (separable.verletKernel.createLangevin); model "${model.modelId}" has none`);
  }
  return kernel.createLangevin.bind(kernel);
}

/**
 * The Hamiltonian vector field (q̇, ṗ) = (∂H/∂p, −∂H/∂q) of any model, written into (dq, dp):
 * from the separable parts where the model has them (cheaper), else from its full gradient
 * (non-separable models such as the DNLS in canonical real coordinates).
 */
export function vectorField(model: HamiltonianModel): (q: Float64Array, p: Float64Array, dq: Float64Array, dp: Float64Array) => void {
  const sep = model.separable;
  if (sep) {
    return (q, p, dq, dp) => {
      sep.velocity(p, dq);
      sep.force(q, dp);
    };
  }
  return (q, p, dq, dp) => {
    model.gradient(q, p, dp, dq); // dp ← ∂H/∂q, dq ← ∂H/∂p
    for (let i = 0; i < dp.length; i++) dp[i] = -dp[i]!;
  };
}
