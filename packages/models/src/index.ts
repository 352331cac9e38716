import type { ModelPlugin } from '@glassy/contracts';
import { anharmonicChain } from './anharmonic-chain/anharmonic-chain.js';
import { rotorChainCouplingIgnored, rotorChainCouplingSquared, rotorChainGibbsHot, rotorChainSignError, rotorChainSizeNormalised } from './controls/broken-rotor-chains.js';
import { rotorChain } from './rotor-chain/rotor-chain.js';

export * from './rotor-chain/rotor-chain.js';
export * from './anharmonic-chain/anharmonic-chain.js';
export * from './controls/broken-rotor-chains.js';
export * from './rotor-chain/gibbs.js';
export * from './mechanics.js';
export * from './math/bessel.js';
export * from './math/von-mises.js';

/** Built-in models, in display order. */
export const builtinModels: readonly ModelPlugin[] = [rotorChain, anharmonicChain];

/** Negative-control models (deliberately broken), shown with --include-controls. */
export const controlModels: readonly ModelPlugin[] = [rotorChainSignError, rotorChainCouplingSquared, rotorChainGibbsHot, rotorChainSizeNormalised, rotorChainCouplingIgnored];
