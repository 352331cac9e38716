/**
 * Splitting methods for near-integrable Hamiltonians H = A + εB, where both flows are exact:
 * separable models split as A = T(p) (drift), B = V(q) (kick); other models declare an `abSplit`
 * (the DNLS: A = on-site rotation, B = the whole hopping, exact by FFT).
 *
 * A method is a symmetric word  A(a₁h) B(b₁h) A(a₂h) … B(b₁h) A(a₁h)  (a has one entry more than b).
 * - SABA2 (Laskar & Robutel 2001): a = (c₁, c₂, c₁), b = (½, ½), c₁ = (1 − 1/√3)/2, c₂ = 1/√3.
 *   Energy error O(ε h⁴ + ε² h²).
 * - SABA2C: SABA2 between two half-correctors exp(s L_K), K = {{A,B},B}, s = −c h³/2,
 *   c = (2 − √3)/24; for T = |p|²/2 and B = V, K = |∇V|² and its flow is the kick
 *   p ← p − 2s (∂F/∂q)·F  (F = −∇V; needs `separable.forceJacobian`). It removes the ε² h² term:
 *   O(ε h⁴ + ε² h⁴). The sign was confirmed by the measured orders (the flipped sign doubles the
 *   ε² h² term: the control `saba2c-corrector-flipped`).
 * - ABA864 (Blanes, Casas, Farrés, Laskar, Makazaga & Murua 2013): 8 drifts, 7 kicks,
 *   error O(ε h⁸ + ε² h⁶ + ε³ h⁴).
 * - Kahan–Li s9odr6a (Kahan & Li 1997; Hairer, Lubich & Wanner, Geometric Numerical Integration,
 *   V.3.2): 9 Störmer–Verlet steps of weights γ₁ … γ₉, order 6, written as an ABA word.
 *
 * Every word is symmetric (time-reversible) and a composition of exact flows (symplectic).
 * Nothing is merged across steps, so n steps in one call are bit-identical to n calls of one step.
 */
import { GlassyInputError, hasUnitMass, type HamiltonianModel, type IntegratorPlugin, type Stepper, type TangentStepper } from '@glassy/contracts';
import { axpy, requireSeparable } from './separable.js';

const SQRT3 = Math.sqrt(3);
export const SABA2_C1 = 0.5 - SQRT3 / 6;
export const SABA2_C2 = SQRT3 / 3;
/** SABA2's corrector coefficient c = (2 − √3)/24. */
export const SABA2_CORRECTOR = (2 - SQRT3) / 24;

/**
 * ABA864 as in REBOUND's SABA code (Blanes et al. 2013), to double precision (the published
 * 40-digit values round to these; a test checks the consistency conditions 2Σa = 1, 2(b₁+b₂+b₃)+b₄ = 1).
 */
export const ABA864_A = [
  0.07113342649822312, 0.2411534279566401, 0.5214117617728148,
  -0.333698616227678,
] as const;
export const ABA864_B = [
  0.18308368747219722, 0.31078285989857485, -0.0265646185119588,
  0.06539614228237342,
] as const;

/** Kahan & Li (1997) s9odr6a weights γ₁ … γ₅ (γ₉₋ₖ = γₖ₊₁), to double precision. */
export const KAHAN_LI_S9O6 = [0.3921614440073141, 0.33259913678935943, -0.7062461725576393, 0.0822135962935508, 0.79854399093483] as const;

/** A symmetric ABA word: drift (A) and kick (B) coefficients, a.length = b.length + 1. */
export interface AbaWord {
  readonly a: readonly number[];
  readonly b: readonly number[];
}

export const SABA2_WORD: AbaWord = { a: [SABA2_C1, SABA2_C2, SABA2_C1], b: [0.5, 0.5] };

export const ABA864_WORD: AbaWord = {
  a: [ABA864_A[0], ABA864_A[1], ABA864_A[2], ABA864_A[3], ABA864_A[3], ABA864_A[2], ABA864_A[1], ABA864_A[0]],
  b: [ABA864_B[0], ABA864_B[1], ABA864_B[2], ABA864_B[3], ABA864_B[2], ABA864_B[1], ABA864_B[0]],
};

/** Störmer–Verlet steps of weights w (drift–kick–drift form) as one ABA word, adjacent drifts merged. */
export function verletComposition(w: readonly number[]): AbaWord {
  const a: number[] = [w[0]! / 2];
  for (let k = 1; k < w.length; k++) a.push((w[k - 1]! + w[k]!) / 2);
  a.push(w[w.length - 1]! / 2);
  return { a, b: [...w] };
}

/**
 * Kick–drift–kick Verlet steps of weights w (the form `stormer-verlet` and `yoshida4` step in) as
 * an ABA word with empty outer drifts; adjacent kicks are merged, which changes the map by
 * rounding only (the word drives tangent maps, where that is immaterial).
 */
export function kickDriftKickWord(w: readonly number[]): AbaWord {
  const b: number[] = [w[0]! / 2];
  for (let k = 1; k < w.length; k++) b.push((w[k - 1]! + w[k]!) / 2);
  b.push(w[w.length - 1]! / 2);
  return { a: [0, ...w, 0], b };
}

export const KAHAN_LI_WORD: AbaWord = verletComposition([...KAHAN_LI_S9O6, ...KAHAN_LI_S9O6.slice(0, 4).reverse()]);

/** The two exact flows of a model: drift and kick of a separable model, or its declared abSplit. */
function flows(model: HamiltonianModel, id: string): { flowA: (q: Float64Array, p: Float64Array, t: number) => void; flowB: (q: Float64Array, p: Float64Array, t: number) => void } {
  const sep = model.separable;
  if (sep) {
    const vel = new Float64Array(model.dof);
    const force = new Float64Array(model.dof);
    return {
      flowA: (q, p, t) => {
        sep.velocity(p, vel);
        axpy(q, t, vel);
      },
      flowB: (q, p, t) => {
        sep.force(q, force);
        axpy(p, t, force);
      },
    };
  }
  const split = model.abSplit;
  if (split === undefined) throw new GlassyInputError(`integrator "${id}" needs a split H = A + B with exact flows (a separable model, or abSplit); model "${model.modelId}" has none`);
  return { flowA: split.flowA.bind(split), flowB: split.flowB.bind(split) };
}

/** The model's force Jacobian (with T = |p|²/2 checked), or a one-line input error naming the integrator. */
export function requireForceJacobian(model: HamiltonianModel, id: string): NonNullable<NonNullable<HamiltonianModel['separable']>['forceJacobian']> {
  const sep = requireSeparable(model, id);
  if (sep.forceJacobian === undefined) throw new GlassyInputError(`integrator "${id}" needs the force's Jacobian (separable.forceJacobian); model "${model.modelId}" has none`);
  if (!hasUnitMass(model)) throw new GlassyInputError(`integrator "${id}" needs T = |p|²/2 (velocity = p); model "${model.modelId}" has another kinetic energy`);
  return sep.forceJacobian.bind(sep);
}

/**
 * A stepper for an ABA word, optionally between two half-correctors of coefficient `corrector`
 * (SABA2C: c; the control flips its sign). Each half-corrector is the flow of K for s = −c h³/2.
 */
export function createAbaComposition(model: HamiltonianModel, word: AbaWord, id: string, corrector?: number): Stepper {
  const { flowA, flowB } = flows(model, id);
  const a = Float64Array.from(word.a);
  const b = Float64Array.from(word.b);
  const nb = b.length;
  if (corrector === undefined) {
    return {
      step(q, p, dt, nSteps) {
        for (let n = 0; n < nSteps; n++) {
          for (let k = 0; k < nb; k++) {
            flowA(q, p, a[k]! * dt);
            flowB(q, p, b[k]! * dt);
          }
          flowA(q, p, a[nb]! * dt);
        }
      },
    };
  }
  const jac = requireForceJacobian(model, id);
  const sep = model.separable!;
  const force = new Float64Array(model.dof);
  const jf = new Float64Array(model.dof);
  // Flow of K = |∇V|² = |F|² for time s: p ← p − s ∇K = p − 2s (∂F/∂q)·F.
  const correct = (q: Float64Array, p: Float64Array, s: number): void => {
    sep.force(q, force);
    jac(q, force, jf);
    const f = -2 * s;
    for (let i = 0; i < p.length; i++) p[i] = p[i]! + f * jf[i]!;
  };
  return {
    step(q, p, dt, nSteps) {
      const s = (-corrector * dt * dt * dt) / 2;
      for (let n = 0; n < nSteps; n++) {
        correct(q, p, s);
        for (let k = 0; k < nb; k++) {
          flowA(q, p, a[k]! * dt);
          flowB(q, p, b[k]! * dt);
        }
        flowA(q, p, a[nb]! * dt);
        correct(q, p, s);
      }
    },
  };
}

/**
 * The tangent map of an ABA word on a separable model with T = |p|²/2: each drift moves
 * q += t p and δq += t δp; each kick p += t F(q) and δp += t (∂F/∂q)(q)·δq at the same q. This is
 * the exact Jacobian of the numerical map applied to the deviation vectors (k of them, stored
 * one after another in dq, dp). Without a corrector only; SABA2C's corrector would need the
 * third derivative of V.
 */
export function createAbaTangent(model: HamiltonianModel, word: AbaWord, id: string): TangentStepper {
  const sep = requireSeparable(model, id);
  const jac = requireForceJacobian(model, id);
  const n = model.dof;
  const a = Float64Array.from(word.a);
  const b = Float64Array.from(word.b);
  const nb = b.length;
  const force = new Float64Array(n);
  const jv = new Float64Array(n);
  // Views of the deviation vectors inside dq, rebuilt only when another dq array comes in.
  let lastDq: Float64Array | undefined;
  let views: Float64Array[] = [];
  const drift = (q: Float64Array, p: Float64Array, dq: Float64Array, dp: Float64Array, t: number): void => {
    for (let i = 0; i < n; i++) q[i] = q[i]! + t * p[i]!;
    for (let i = 0; i < dq.length; i++) dq[i] = dq[i]! + t * dp[i]!;
  };
  const kick = (q: Float64Array, p: Float64Array, dp: Float64Array, t: number): void => {
    sep.force(q, force);
    for (let i = 0; i < n; i++) p[i] = p[i]! + t * force[i]!;
    for (let j = 0; j < views.length; j++) {
      jac(q, views[j]!, jv);
      const off = j * n;
      for (let i = 0; i < n; i++) dp[off + i] = dp[off + i]! + t * jv[i]!;
    }
  };
  return {
    step(q, p, dq, dp, dt, nSteps) {
      if (dq.length % n !== 0 || dq.length !== dp.length) throw new GlassyInputError(`${id}: deviation vectors must have length k·${n} (got ${dq.length}, ${dp.length})`);
      if (dq !== lastDq) {
        lastDq = dq;
        views = Array.from({ length: dq.length / n }, (_, j) => dq.subarray(j * n, (j + 1) * n));
      }
      for (let s = 0; s < nSteps; s++) {
        for (let k = 0; k < nb; k++) {
          drift(q, p, dq, dp, a[k]! * dt);
          kick(q, p, dp, b[k]! * dt);
        }
        drift(q, p, dq, dp, a[nb]! * dt);
      }
    },
  };
}

const SPLIT_REQUIRES = ['abSplit'] as const;

export const saba2: IntegratorPlugin = {
  type: 'integrator',
  id: 'saba2',
  title: 'SABA2 (Laskar–Robutel) for H = A + εB',
  description: 'A(c₁h) B(h/2) A(c₂h) B(h/2) A(c₁h); symplectic, reversible, order 2 with energy error O(ε h⁴ + ε² h²)',
  order: 2,
  properties: { symplectic: true, timeReversible: true, stochastic: false },
  requires: SPLIT_REQUIRES,
  stagesPerStep: 2,
  nearIntegrable: { epsilon: 2, dt: 2, description: 'ε² h² (dominant where h² ≪ ε ≪ 1)' },
  create: (model) => createAbaComposition(model, SABA2_WORD, 'saba2'),
  createTangent: (model) => createAbaTangent(model, SABA2_WORD, 'saba2'),
};

export const saba2c: IntegratorPlugin = {
  type: 'integrator',
  id: 'saba2c',
  title: 'SABA2C: SABA2 with the corrector {{A,B},B}',
  description: 'SABA2 between two half-correctors exp(−(c h³/2) L_{{A,B},B}), c = (2 − √3)/24; order 4 in h at small ε: energy error O(ε h⁴ + ε² h⁴)',
  order: 4,
  properties: { symplectic: true, timeReversible: true, stochastic: false },
  requires: ['separable', 'forceJacobian'],
  stagesPerStep: 4,
  nearIntegrable: { epsilon: 1, dt: 4, description: 'ε h⁴ (the corrector removes ε² h²)' },
  create: (model) => createAbaComposition(model, SABA2_WORD, 'saba2c', SABA2_CORRECTOR),
};

export const aba864: IntegratorPlugin = {
  type: 'integrator',
  id: 'aba864',
  title: 'ABA864 (Blanes et al. 2013)',
  description: '8 drifts and 7 kicks; symplectic, reversible, order 4, energy error O(ε h⁸ + ε² h⁶ + ε³ h⁴)',
  order: 4,
  properties: { symplectic: true, timeReversible: true, stochastic: false },
  requires: SPLIT_REQUIRES,
  stagesPerStep: 7,
  stepScale: 4,
  nearIntegrable: { epsilon: 3, dt: 4, description: 'ε³ h⁴ (dominant where h² ≪ ε ≪ 1)' },
  create: (model) => createAbaComposition(model, ABA864_WORD, 'aba864'),
  createTangent: (model) => createAbaTangent(model, ABA864_WORD, 'aba864'),
};

export const kahanLi6: IntegratorPlugin = {
  type: 'integrator',
  id: 'kahan-li6',
  title: 'Kahan–Li 6th-order composition (s9odr6a) of Verlet',
  description: '9 Störmer–Verlet steps of weights γ₁…γ₉ on the A + B split; symplectic, reversible, order 6',
  order: 6,
  properties: { symplectic: true, timeReversible: true, stochastic: false },
  requires: SPLIT_REQUIRES,
  stagesPerStep: 9,
  stepScale: 4,
  create: (model) => createAbaComposition(model, KAHAN_LI_WORD, 'kahan-li6'),
  createTangent: (model) => createAbaTangent(model, KAHAN_LI_WORD, 'kahan-li6'),
};

/** Yoshida (1990) solution A: 7 Störmer–Verlet steps w₃ w₂ w₁ w₀ w₁ w₂ w₃, order 6. */
export const YOSHIDA6_W = [0.784513610477560, 0.235573213359357, -1.17767998417887] as const;
const Y6_W0 = 1 - 2 * (YOSHIDA6_W[0] + YOSHIDA6_W[1] + YOSHIDA6_W[2]);
export const YOSHIDA6_WORD: AbaWord = verletComposition([YOSHIDA6_W[0], YOSHIDA6_W[1], YOSHIDA6_W[2], Y6_W0, YOSHIDA6_W[2], YOSHIDA6_W[1], YOSHIDA6_W[0]]);

export const yoshida6: IntegratorPlugin = {
  type: 'integrator',
  id: 'yoshida6',
  title: 'Yoshida 6th-order composition (solution A) of Verlet',
  description: '7 Störmer–Verlet steps on the A + B split; symplectic, reversible, order 6',
  order: 6,
  properties: { symplectic: true, timeReversible: true, stochastic: false },
  requires: SPLIT_REQUIRES,
  stagesPerStep: 7,
  stepScale: 4,
  create: (model) => createAbaComposition(model, YOSHIDA6_WORD, 'yoshida6'),
  createTangent: (model) => createAbaTangent(model, YOSHIDA6_WORD, 'yoshida6'),
};

/** Control: SABA2C with the corrector's sign flipped; it doubles SABA2's ε² h² term instead of removing it. */
export const saba2cCorrectorFlipped: IntegratorPlugin = {
  ...saba2c,
  id: 'saba2c-corrector-flipped',
  title: 'CONTROL: SABA2C with its corrector sign flipped',
  description: 'SABA2 between two half-correctors of the wrong sign: still symplectic and reversible, but the energy error keeps an ε² h² term',
  create: (model) => createAbaComposition(model, SABA2_WORD, 'saba2c-corrector-flipped', -SABA2_CORRECTOR),
  control: { reason: 'corrector sign flipped (c → −c)', mustFail: ['near-integrable-orders', 'convergence-order', 'energy-error-order'] },
};
