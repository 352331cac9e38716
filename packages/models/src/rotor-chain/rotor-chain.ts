/**
 * Rotor chain (classical Josephson-junction chain), review eq. (3)-(4):
 *
 *   H = Σ_x ω_x²/2 + g Σ_x (1 − cos(θ_{x+1} − θ_x))
 *   θ̇_x = ω_x,   ω̇_x = g [sin(θ_{x+1} − θ_x) − sin(θ_x − θ_{x−1})]
 *
 * q = θ (unwrapped angles), p = ω. Periodic (θ_{L+1} = θ_1) or open (bonds stop at L−1).
 * Conserved: H and Ω = Σ ω_x. At g = 0 every rotor turns freely: θ(t) = θ + tω exactly.
 * Scaling (docs/physics.md §1): θ(t, g; θ°, ω°) = θ(αt, g/α²; θ°, ω°/α), ω = α ω(αt, g/α²; ...).
 * Fused Störmer–Verlet kernel (`separable.verletKernel`, for `stormer-verlet-fused`): one sweep
 * per step with a polynomial sine, verlet-kernel.ts and fast-sine.ts.
 */
import { z } from 'zod';
import { identityVelocity, kineticEnergy, unitMassGradient } from '../mechanics.js';
import { rotorGibbs } from './gibbs.js';
import { rotorVerletKernel } from './verlet-kernel.js';
import { defineModel, type HamiltonianModel, type HamiltonianModelPlugin } from '@glassy/contracts';

export { FAST_SIN_DOMAIN, fastSin, sinInDomain } from './fast-sine.js';
export { rotorForceFast, rotorVerletKernel } from './verlet-kernel.js';

export const rotorChainParams = z
  .object({
    L: z.number().int().min(2).max(1 << 24).default(64).describe('number of rotors (a periodic ring needs 3)'),
    g: z.number().min(0).finite().default(1).describe('Josephson coupling g ≥ 0'),
    boundary: z.enum(['periodic', 'open']).default('periodic').describe('periodic ring or open chain'),
  })
  .refine((p) => p.boundary === 'open' || p.L >= 3, { message: 'a periodic ring needs at least 3 rotors (L = 2 only with boundary open)', path: ['L'] });
export type RotorChainParams = z.output<typeof rotorChainParams>;

/**
 * out[x] = g [s_x − s_{x−1}] with s_x = sin(θ_{x+1} − θ_x): one sine per bond, each reused
 * for both of its rotors.
 */
export function rotorForce(theta: Float64Array, out: Float64Array, g: number, periodic: boolean): void {
  const L = theta.length;
  let prev = periodic ? Math.sin(theta[0]! - theta[L - 1]!) : 0;
  for (let x = 0; x < L - 1; x++) {
    const s = Math.sin(theta[x + 1]! - theta[x]!);
    out[x] = g * (s - prev);
    prev = s;
  }
  const last = periodic ? Math.sin(theta[0]! - theta[L - 1]!) : 0;
  out[L - 1] = g * (last - prev);
}

/**
 * out = (∂F/∂θ)·dθ: (J dθ)_x = g[cos φ_x (dθ_{x+1} − dθ_x) − cos φ_{x−1} (dθ_x − dθ_{x−1})],
 * φ_x = θ_{x+1} − θ_x (the tangent dynamics of the rotor chain; open chain: no wrap bond).
 */
export function rotorForceJacobian(theta: Float64Array, dtheta: Float64Array, out: Float64Array, g: number, periodic: boolean): void {
  const L = theta.length;
  let prev = periodic ? Math.cos(theta[0]! - theta[L - 1]!) * (dtheta[0]! - dtheta[L - 1]!) : 0;
  for (let x = 0; x < L - 1; x++) {
    const s = Math.cos(theta[x + 1]! - theta[x]!) * (dtheta[x + 1]! - dtheta[x]!);
    out[x] = g * (s - prev);
    prev = s;
  }
  const last = periodic ? Math.cos(theta[0]! - theta[L - 1]!) * (dtheta[0]! - dtheta[L - 1]!) : 0;
  out[L - 1] = g * (last - prev);
}

export function rotorPotential(theta: Float64Array, g: number, periodic: boolean): number {
  const L = theta.length;
  let v = 0;
  for (let x = 0; x < L - 1; x++) v += 1 - Math.cos(theta[x + 1]! - theta[x]!);
  if (periodic) v += 1 - Math.cos(theta[0]! - theta[L - 1]!);
  return g * v;
}

/**
 * Local energies e_x = ω_x²/2 + (g/2)[V(θ_{x+1} − θ_x) + V(θ_x − θ_{x−1})], V(r) = 1 − cos r
 * (each bond shared equally; open chain: the end sites have one bond), so Σ e_x = H.
 */
export function rotorLocalEnergy(theta: Float64Array, omega: Float64Array, g: number, periodic: boolean, out: Float64Array): void {
  const L = theta.length;
  for (let x = 0; x < L; x++) out[x] = 0.5 * omega[x]! * omega[x]!;
  for (let x = 0; x < L; x++) {
    if (x === L - 1 && !periodic) break;
    const y = x === L - 1 ? 0 : x + 1;
    const half = 0.5 * g * (1 - Math.cos(theta[y]! - theta[x]!));
    out[x] = out[x]! + half;
    out[y] = out[y]! + half;
  }
}

/**
 * Bond currents j_x = −(g/2)(ω_x + ω_{x+1}) sin(θ_{x+1} − θ_x), from x to x+1 (docs/physics.md §1),
 * so that ė_x = j_{x−1} − j_x exactly; open chain: j_{L−1} = 0 (no bond beyond the last site).
 */
export function rotorBondCurrent(theta: Float64Array, omega: Float64Array, g: number, periodic: boolean, out: Float64Array): void {
  const L = theta.length;
  for (let x = 0; x < L - 1; x++) out[x] = -0.5 * g * (omega[x]! + omega[x + 1]!) * Math.sin(theta[x + 1]! - theta[x]!);
  out[L - 1] = periodic ? -0.5 * g * (omega[L - 1]! + omega[0]!) * Math.sin(theta[0]! - theta[L - 1]!) : 0;
}

export function totalMomentum(p: Float64Array): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += p[i]!;
  return s;
}

export function createRotorChain(params: RotorChainParams): HamiltonianModel {
  const { L, g } = params;
  const periodic = params.boundary === 'periodic';
  const force = (q: Float64Array, out: Float64Array): void => rotorForce(q, out, g, periodic);
  const potential = (q: Float64Array): number => rotorPotential(q, g, periodic);
  return {
    kind: 'hamiltonian',
    modelId: 'rotor-chain',
    sites: L,
    dof: L,
    angles: new Uint8Array(L).fill(1),
    hamiltonian: (q, p) => kineticEnergy(p) + potential(q),
    gradient: unitMassGradient(force),
    separable: {
      kinetic: kineticEnergy,
      potential,
      velocity: identityVelocity,
      force,
      forceJacobian: (q, dq, out) => rotorForceJacobian(q, dq, out, g, periodic),
      verletKernel: rotorVerletKernel(L, g, periodic, force),
    },
    invariants: [{ id: 'Omega', description: 'total angular momentum Ω = Σ ω_x', evaluate: (_q, p) => totalMomentum(p) }],
    gibbs: rotorGibbs(L, g, periodic),
    localEnergy: {
      localEnergy: (q, p, out) => rotorLocalEnergy(q, p, g, periodic, out),
      bondCurrent: (q, p, out) => rotorBondCurrent(q, p, g, periodic, out),
    },
  };
}

/** g is the perturbation: A = Σ ω²/2 (free rotation), εB = the coupling. Window measured for the near-integrable-orders check. */
const NEAR_INTEGRABLE = { param: 'g', epsilon: 0.05, epsilons: [0.025, 0.05, 0.1, 0.2], dt: 0.1, dts: [0.05, 0.1, 0.2] };

/** Typed definition (controls derive from it); `rotorChain` is the registered plugin. */
export const rotorChainDefinition: HamiltonianModelPlugin<typeof rotorChainParams> = {
  type: 'model',
  kind: 'hamiltonian',
  id: 'rotor-chain',
  title: 'Rotor chain (classical Josephson-junction chain)',
  equation: '(3)-(4)',
  description: 'H = Σ ω²/2 + g Σ (1 − cos(θ_{x+1} − θ_x)); periodic or open; conserves H and Ω',
  params: rotorChainParams,
  create: createRotorChain,
  verification: { params: { L: 8, g: 1 }, dt: 0.05, qScale: Math.PI, pScale: 2, ensembleParams: { L: 64 }, alternateParams: [{ boundary: 'open' }, { g: 0.7 }], nearIntegrable: NEAR_INTEGRABLE, ergodic: { params: { L: 16, g: 4 }, beta: 1, dt: 0.02, tEnd: 1000, samples: 16 } },
  scaling: {
    description: 'g → g/α², ω → ω/α, t → αt (exact for the ODE and for any dt-consistent step with dt → α dt)',
    transform: (params, alpha) => ({ params: { ...params, g: params.g / (alpha * alpha) }, qFactor: 1, pFactor: alpha, timeFactor: alpha }),
  },
  decoupled: {
    description: 'g = 0: free rotors, θ(t) = θ + tω, ω constant',
    params: (params) => ({ ...params, g: 0 }),
    exactFlow(q, p, t) {
      for (let i = 0; i < q.length; i++) q[i] = q[i]! + t * p[i]!;
    },
  },
};

export const rotorChain = defineModel(rotorChainDefinition);
