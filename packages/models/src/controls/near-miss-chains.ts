/**
 * Near-miss model controls: the small, realistic slips plugin authors make (a coefficient off by
 * a few per cent in one function, a bond dropped at the boundary), each rejected by the check it
 * names. Coarse controls (a sign error, a coupling ignored) are rejected by every check; these
 * measure whether the catalogue sees small errors. Each keeps the declared energy and breaks one
 * derivative (or one capability), as a real bug would; a copy that changes the force or the
 * velocity drops the fused Verlet kernel, which would otherwise integrate the true force.
 */
import { defineModel, type HamiltonianModel } from '@glassy/contracts';
import { unitMassGradient } from '../mechanics.js';
import { signedPow } from '../anharmonic-chain/signed-pow.js';
import { anharmonicChain, anharmonicForce, anharmonicVerletKernel, createAnharmonicChain, type AnharmonicChainParams } from '../anharmonic-chain/anharmonic-chain.js';
import { createRotorChain, rotorChainDefinition, rotorChainParams, rotorForceJacobian, type RotorChainParams } from '../rotor-chain/rotor-chain.js';

type Force = (q: Float64Array, out: Float64Array) => void;

/** The anharmonic chain with another force (gradient follows it; the fused kernel is dropped). */
function anharmonicWithForce(params: AnharmonicChainParams, modelId: string, force: (base: Force) => Force): HamiltonianModel {
  const base = createAnharmonicChain(params);
  const f = force(base.separable!.force);
  const { verletKernel: _dropped, ...separable } = base.separable!;
  return { ...base, modelId, separable: { ...separable, force: f }, gradient: unitMassGradient(f) };
}

const anharmonicBase = {
  type: 'model' as const,
  kind: 'hamiltonian' as const,
  equation: anharmonicChain.equation,
  params: anharmonicChain.params,
  verification: anharmonicChain.verification,
};

export const anharmonicChainForce105 = defineModel({
  ...anharmonicBase,
  id: 'anharmonic-chain-force-5pc',
  title: 'CONTROL (near miss): anharmonic chain whose force is 1.05 × −∇V',
  description: 'force 5 % too strong everywhere: the gradient of 1.05 V, not of the declared V',
  create: (params: AnharmonicChainParams) =>
    anharmonicWithForce(params, 'anharmonic-chain-force-5pc', (f) => (q, out) => {
      f(q, out);
      for (let i = 0; i < out.length; i++) out[i] = 1.05 * out[i]!;
    }),
  control: { reason: 'force 1.05 × its gradient', mustFail: ['derivative-consistency', 'energy-error-order'] },
});

export const anharmonicChainPinning105 = defineModel({
  ...anharmonicBase,
  id: 'anharmonic-chain-pinning-5pc',
  title: 'CONTROL (near miss): anharmonic chain with the on-site (pinning) force 1.05 ×',
  description: 'the pinning term −|q|^{a−1} sign q is 5 % too strong in the force only',
  create: (params: AnharmonicChainParams) =>
    anharmonicWithForce(params, 'anharmonic-chain-pinning-5pc', () => (q, out) => {
      anharmonicForce(q, out, params.a, params.b, params.g);
      for (let x = 0; x < q.length; x++) out[x] = out[x]! - 0.05 * signedPow(q[x]!, params.a - 1);
    }),
  control: { reason: 'on-site coefficient 1.05 × in the force only', mustFail: ['derivative-consistency', 'energy-error-order'] },
});

/**
 * A pinned chain whose pinning exponent is a + 1 where its parameters say a (an off-by-one in
 * the exponent, consistently in energy and force, so H is conserved): its breathers dissipate
 * with the wrong law, dH/dt ~ −H^{−f} with f from a + 1 (at a = 4, L = 3: f = 0.2, not 0).
 */
export const anharmonicChainPinningExponentOff = defineModel({
  ...anharmonicBase,
  id: 'anharmonic-chain-pinning-exponent-off',
  title: 'CONTROL: anharmonic chain whose pinning exponent is a + 1, not the declared a',
  description: 'U(q) = |q|^{a+1}/(a+1) in energy and force alike: conserves its H, dissipates breathers by the wrong law',
  create: (params: AnharmonicChainParams) => ({ ...createAnharmonicChain({ ...params, a: params.a + 1 }), modelId: 'anharmonic-chain-pinning-exponent-off' }),
  control: { reason: 'pinning exponent a + 1 where the parameters say a', mustFail: ['breather-dissipation'] },
});

/**
 * The same with the pinning exponent 5 % high (a = 4 → 4.2), consistently in energy and force:
 * f(3) = 1 − 4/4.2 = 0.048 where the declared a gives 0.
 */
export const anharmonicChainPinningExponent5pc = defineModel({
  ...anharmonicBase,
  id: 'anharmonic-chain-pinning-exponent-5pc',
  title: 'CONTROL (near miss): anharmonic chain whose pinning exponent is 1.05 a',
  description: 'U(q) = |q|^{1.05a}/(1.05a) in energy and force alike: breathers dissipate with f(3) = 0.048, not 0, at a = 4',
  create: (params: AnharmonicChainParams) => ({ ...createAnharmonicChain({ ...params, a: 1.05 * params.a }), modelId: 'anharmonic-chain-pinning-exponent-5pc' }),
  control: { reason: 'pinning exponent 1.05 a where the parameters say a', mustFail: ['breather-dissipation'] },
});

export const anharmonicChainDroppedBond = defineModel({
  ...anharmonicBase,
  id: 'anharmonic-chain-dropped-bond',
  title: 'CONTROL (near miss): anharmonic chain whose force drops the last bond',
  description: 'an off-by-one loop bound: the bond (L−2, L−1) is in V but not in the force',
  create: (params: AnharmonicChainParams) =>
    anharmonicWithForce(params, 'anharmonic-chain-dropped-bond', (f) => (q, out) => {
      f(q, out);
      const L = q.length;
      const dv = params.g * signedPow(q[L - 1]! - q[L - 2]!, params.b - 1);
      out[L - 2] = out[L - 2]! - dv;
      out[L - 1] = out[L - 1]! + dv;
    }),
  control: { reason: 'boundary bond missing from the force', mustFail: ['derivative-consistency', 'energy-error-order'] },
});

export const anharmonicChainVelocity102 = defineModel({
  ...anharmonicBase,
  id: 'anharmonic-chain-velocity-2pc',
  title: 'CONTROL (near miss): anharmonic chain whose velocity is 1.02 p',
  description: 'q̇ = 1.02 p while the declared kinetic energy is Σ p²/2',
  create: (params: AnharmonicChainParams) => {
    const base = createAnharmonicChain(params);
    const { verletKernel: _dropped, ...separable } = base.separable!;
    const velocity = (p: Float64Array, out: Float64Array): void => {
      for (let i = 0; i < p.length; i++) out[i] = 1.02 * p[i]!;
    };
    return { ...base, modelId: 'anharmonic-chain-velocity-2pc', separable: { ...separable, velocity } };
  },
  control: { reason: 'velocity 1.02 p', mustFail: ['derivative-consistency', 'energy-error-order'] },
});

/** A Gibbs sampler at 1.05 β: momenta 2.4 % too narrow, bonds 5 % too concentrated. */
export const rotorChainGibbsCold = defineModel({
  ...rotorChainDefinition,
  id: 'rotor-chain-gibbs-cold-5pc',
  title: 'CONTROL (near miss): rotor chain whose Gibbs sampler draws at 1.05 β',
  description: 'concentration 1.05 βg and momentum variance 1/(1.05 β)',
  params: rotorChainParams,
  create: (params: RotorChainParams) => {
    const base = createRotorChain(params);
    const gibbs = base.gibbs!;
    return { ...base, modelId: 'rotor-chain-gibbs-cold-5pc', gibbs: { ...gibbs, sample: (q, p, beta, random, options) => gibbs.sample(q, p, 1.05 * beta, random, options) } };
  },
  control: { reason: 'Gibbs sampler at 1.05 β', mustFail: ['gibbs-marginals'] },
});

/** The rotor chain's energy current 5 % too large: ė_x = j_{x−1} − j_x fails by 5 %. */
export const rotorChainCurrent105 = defineModel({
  ...rotorChainDefinition,
  id: 'rotor-chain-current-5pc',
  title: 'CONTROL (near miss): rotor chain whose energy current is 1.05 × the true one',
  description: 'j_x scaled by 1.05: continuity ė_x = j_{x−1} − j_x broken by 5 %',
  params: rotorChainParams,
  create: (params: RotorChainParams) => {
    const base = createRotorChain(params);
    const inner = base.localEnergy!;
    return {
      ...base,
      modelId: 'rotor-chain-current-5pc',
      localEnergy: {
        ...inner,
        bondCurrent: (q: Float64Array, p: Float64Array, out: Float64Array) => {
          inner.bondCurrent(q, p, out);
          for (let i = 0; i < out.length; i++) out[i] = 1.05 * out[i]!;
        },
      },
    };
  },
  control: { reason: 'energy current 1.05 ×', mustFail: ['energy-continuity'] },
});

export const anharmonicChainKernel101 = defineModel({
  ...anharmonicBase,
  id: 'anharmonic-chain-kernel-1pc',
  title: 'CONTROL (near miss): anharmonic chain whose fused Verlet kernel uses 1.01 g',
  description: 'the fast path (separable.verletKernel) couples the sites with 1.01 g; force, gradient and energies are right',
  create: (params: AnharmonicChainParams) => {
    const base = createAnharmonicChain(params);
    const sep = base.separable!;
    return { ...base, modelId: 'anharmonic-chain-kernel-1pc', separable: { ...sep, verletKernel: anharmonicVerletKernel(params.a, params.b, 1.01 * params.g, sep.force) } };
  },
  control: { reason: 'fused kernel with the coupling 1 % off', mustFail: ['kernel-agreement'] },
});

/**
 * The rotor chain's fused kernel declaring itself bit for bit `stormer-verlet` while its polynomial
 * sine differs from Math.sin by up to 2.5 ulp: `stormer-verlet` would then silently run it. The
 * physics is right (every other check passes); only the claim is wrong, by round-off.
 */
export const rotorChainKernelClaimsExact = defineModel({
  ...rotorChainDefinition,
  id: 'rotor-chain-kernel-claims-exact',
  title: 'CONTROL (near miss): rotor chain whose fused kernel claims to be bit for bit stormer-verlet',
  description: 'separable.verletKernel.bitIdentical = true, but its polynomial sine is ≤ 2.5 ulp from Math.sin',
  params: rotorChainParams,
  create: (params: RotorChainParams) => {
    const base = createRotorChain(params);
    const sep = base.separable!;
    return { ...base, modelId: 'rotor-chain-kernel-claims-exact', separable: { ...sep, verletKernel: { ...sep.verletKernel!, bitIdentical: true } } };
  },
  control: { reason: 'kernel claims bit-identity it does not have (differs by round-off)', mustFail: ['kernel-agreement'] },
});

/** The rotor chain's analytic specific heat 2 % too large (a slip in an oracle formula). */
export const rotorChainHeat102 = defineModel({
  ...rotorChainDefinition,
  id: 'rotor-chain-heat-2pc',
  title: 'CONTROL (near miss): rotor chain whose exact specific heat is 2 % too large',
  description: 'specificHeatPerSite × 1.02; the sampler and every other oracle are right',
  params: rotorChainParams,
  create: (params: RotorChainParams) => {
    const base = createRotorChain(params);
    const gibbs = base.gibbs!;
    return { ...base, modelId: 'rotor-chain-heat-2pc', gibbs: { ...gibbs, specificHeatPerSite: (beta, options) => 1.02 * gibbs.specificHeatPerSite!(beta, options) } };
  },
  control: { reason: 'exact specific heat 1.02 ×', mustFail: ['gibbs-consistency'] },
});

/** The rotor chain's bond CDF at a 3 % too large concentration (βg where it should be). */
export const rotorChainBondCdf103 = defineModel({
  ...rotorChainDefinition,
  id: 'rotor-chain-bond-cdf-3pc',
  title: 'CONTROL (near miss): rotor chain whose exact bond CDF has the concentration 1.03 βg',
  description: 'bondMarginal(β).cdf is the von Mises CDF at 1.03 βg; the sampler is right',
  params: rotorChainParams,
  create: (params: RotorChainParams) => {
    const base = createRotorChain(params);
    const gibbs = base.gibbs!;
    return { ...base, modelId: 'rotor-chain-bond-cdf-3pc', gibbs: { ...gibbs, bondMarginal: (beta) => ({ ...gibbs.bondMarginal!(beta), cdf: gibbs.bondMarginal!(1.03 * beta).cdf }) } };
  },
  control: { reason: 'exact bond CDF at 1.03 βg', mustFail: ['gibbs-consistency'] },
});

/** The rotor chain whose force Jacobian (tangent dynamics, SABA2C corrector) is 3 % too strong. */
export const rotorChainJacobian103 = defineModel({
  ...rotorChainDefinition,
  id: 'rotor-chain-jacobian-3pc',
  title: 'CONTROL (near miss): rotor chain whose force Jacobian is 1.03 × ∂F/∂θ',
  description: 'separable.forceJacobian 3 % too strong; force, energy and sampler are right',
  params: rotorChainParams,
  create: (params: RotorChainParams) => {
    const base = createRotorChain(params);
    const sep = base.separable!;
    const jac = sep.forceJacobian!;
    return {
      ...base,
      modelId: 'rotor-chain-jacobian-3pc',
      separable: {
        ...sep,
        forceJacobian: (q: Float64Array, dq: Float64Array, out: Float64Array) => {
          jac(q, dq, out);
          for (let i = 0; i < out.length; i++) out[i] = 1.03 * out[i]!;
        },
      },
    };
  },
  control: { reason: 'force Jacobian 1.03 × the true one', mustFail: ['derivative-consistency', 'lyapunov-twin'] },
});

/** The rotor chain whose force Jacobian has the coupling fixed at 1 (right at the verification g = 1 only). */
export const rotorChainJacobianFixedG = defineModel({
  ...rotorChainDefinition,
  id: 'rotor-chain-jacobian-fixed-g',
  title: 'CONTROL (near miss): rotor chain whose force Jacobian uses g = 1 whatever g is',
  description: 'separable.forceJacobian with the coupling hard-coded to 1: exact at g = 1, wrong elsewhere (at g = 0 it couples free rotors)',
  params: rotorChainParams,
  create: (params: RotorChainParams) => {
    const base = createRotorChain(params);
    const periodic = params.boundary === 'periodic';
    return {
      ...base,
      modelId: 'rotor-chain-jacobian-fixed-g',
      separable: { ...base.separable!, forceJacobian: (q: Float64Array, dq: Float64Array, out: Float64Array) => rotorForceJacobian(q, dq, out, 1, periodic) },
    };
  },
  control: { reason: 'force Jacobian with g hard-coded to 1', mustFail: ['lyapunov-decoupled', 'derivative-consistency'] },
});

export const nearMissModels = [
  anharmonicChainForce105,
  anharmonicChainPinning105,
  anharmonicChainPinningExponentOff,
  anharmonicChainPinningExponent5pc,
  anharmonicChainDroppedBond,
  anharmonicChainVelocity102,
  rotorChainGibbsCold,
  rotorChainCurrent105,
  anharmonicChainKernel101,
  rotorChainKernelClaimsExact,
  rotorChainHeat102,
  rotorChainBondCdf103,
  rotorChainJacobian103,
  rotorChainJacobianFixedG,
];
