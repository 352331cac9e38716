/**
 * Negative controls for the DNLS family and the disordered chain: deliberately broken plugins
 * that named checks must reject (README, "Negative controls").
 */
import { defineModel } from '@glassy/contracts';
import { createDisorderedChain, disorderedChainDefinition as disorderedChain, disorderedChainParams, type DisorderedChainParams } from '../disordered-chain/disordered-chain.js';
import { disorderedBondCurrent } from '../disordered-chain/physics.js';
import { createDisorderedDnls, disorderedDnlsDefinition as disorderedDnls, disorderedDnlsParams, type DisorderedDnlsParams } from '../disordered-dnls/disordered-dnls.js';
import { createDnls, dnlsDefinition as dnls, dnlsParams, type DnlsParams } from '../dnls/dnls.js';

/**
 * A DNLS whose hopping is g/2 |ψ_{x+1} − ψ_x|² in H and in the dynamics (a normalisation slip,
 * consistent with itself, so every dynamical check passes) while it still claims the review's
 * infinite-temperature line ε = 2Uα² + 2gα.
 */
export const dnlsHalfHopping = defineModel({
  ...dnls,
  id: 'dnls-half-hopping',
  title: 'CONTROL: DNLS with hopping g/2 that claims the line 2Uα² + 2gα',
  description: 'H uses g/2 for the hopping; the stated infinite-temperature line does not',
  params: dnlsParams,
  create: (params: DnlsParams) => {
    const base = createDnls({ ...params, g: params.g / 2 });
    const cap = base.infiniteTemperature!;
    return { ...base, modelId: 'dnls-half-hopping', infiniteTemperature: { ...cap, energyPerSite: (a: number) => 2 * params.U * a * a + 2 * params.g * a } };
  },
  control: { reason: 'Hamiltonian normalisation differs from the stated one', mustFail: ['infinite-temperature-line'] },
});

/** The disordered chain with its disorder switched off (W forced to 0): an ordered chain, extended modes. */
export const disorderedChainOrdered = defineModel({
  ...disorderedChain,
  id: 'disordered-chain-ordered',
  title: 'CONTROL: disordered chain whose disorder is ignored (W = 0)',
  description: 'ordered chain: extended eigenmodes, no Anderson localisation',
  params: disorderedChainParams,
  create: (params: DisorderedChainParams) => ({ ...createDisorderedChain({ ...params, W: 0 }), modelId: 'disordered-chain-ordered' }),
  harmonic: {
    ...disorderedChain.harmonic!,
    tridiagonal: (params: DisorderedChainParams) => disorderedChain.harmonic!.tridiagonal({ ...params, W: 0 }),
  },
  control: { reason: 'no disorder: modes are extended', mustFail: ['anderson-participation', 'anderson-lyapunov', 'anderson-spreading', 'ness-localised'] },
});

/**
 * The disordered chain with its anharmonicity validated but never wired in (always g = 0): the
 * Anderson model at every g. Every harmonic-limit check passes (it is the true model there);
 * the restoration of normal transport by anharmonicity (Dhar–Lebowitz, J ~ 1/L) is lost.
 */
export const disorderedChainHarmonic = defineModel({
  ...disorderedChain,
  id: 'disordered-chain-harmonic',
  title: 'CONTROL: disordered chain whose anharmonicity is ignored (always g = 0)',
  description: 'a parameter never wired in: the Anderson model whatever g says',
  params: disorderedChainParams,
  create: (params: DisorderedChainParams) => ({ ...createDisorderedChain({ ...params, g: 0 }), modelId: 'disordered-chain-harmonic' }),
  control: { reason: 'anharmonicity ignored: localised at every g', mustFail: ['ness-normal'] },
});

/**
 * The disordered chain with its energy current off by a factor 2, (g0/2)(q_x − q_{x+1})(p_x +
 * p_{x+1}), as if the bond energy were (g0/2)(q_x − q_{x+1})²: the dynamics are right, the
 * measured currents are half the true ones.
 */
export const disorderedChainHalfCurrent = defineModel({
  ...disorderedChain,
  id: 'disordered-chain-half-current',
  title: 'CONTROL: disordered chain whose energy current is half the true one',
  description: 'j_x = (g0/2)(q_x − q_{x+1})(p_x + p_{x+1}): a factor-2 slip in the current only',
  params: disorderedChainParams,
  create: (params: DisorderedChainParams) => {
    const base = createDisorderedChain(params);
    return {
      ...base,
      modelId: 'disordered-chain-half-current',
      localEnergy: { ...base.localEnergy!, bondCurrent: (q: Float64Array, p: Float64Array, out: Float64Array) => disorderedBondCurrent(q, p, params.g0 / 2, out) },
    };
  },
  control: { reason: 'energy current off by a factor 2', mustFail: ['energy-continuity', 'ness-localised'] },
});

/** A disordered DNLS whose hopping-sign parameter is validated but never wired in (always +1). */
export const disorderedDnlsSignIgnored = defineModel({
  ...disorderedDnls,
  id: 'disordered-dnls-sign-ignored',
  title: 'CONTROL: disordered DNLS that ignores its hopping sign',
  description: 'hopping sign parameter never wired in: the gauge map is no longer a symmetry between the two parameter sets',
  params: disorderedDnlsParams,
  create: (params: DisorderedDnlsParams) => ({ ...createDisorderedDnls({ ...params, hopping: 1 }), modelId: 'disordered-dnls-sign-ignored' }),
  control: { reason: 'the hopping sign is ignored', mustFail: ['symmetry-map'] },
});

/**
 * A DNLS whose declared norm invariant is never computed (it returns 0 at every state): a
 * conserved quantity that constrains nothing. Mutation testing found this (the norm's loop
 * emptied) passing the invariants check, which compared the invariant only with itself in time.
 */
export const dnlsNormUnwired = defineModel({
  ...dnls,
  id: 'dnls-norm-unwired',
  title: 'CONTROL: DNLS whose norm invariant returns 0 at every state',
  description: 'the invariant A = Σ|ψ|² is declared but never computed',
  params: dnlsParams,
  create: (params: DnlsParams) => {
    const base = createDnls(params);
    return { ...base, modelId: 'dnls-norm-unwired', invariants: base.invariants.map((inv) => ({ ...inv, evaluate: () => 0 })) };
  },
  control: { reason: 'an invariant that is constant over phase space', mustFail: ['invariants'] },
});
