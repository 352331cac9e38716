import type { ModelPlugin } from '@glassy/contracts';
import { anharmonicChain } from './anharmonic-chain/anharmonic-chain.js';
import { rotorChainDimerised, rotorChainCouplingIgnored, rotorChainWrongCurrent, rotorChainCouplingSquared, rotorChainGibbsHot, rotorChainSignError, rotorChainSizeNormalised } from './controls/broken-rotor-chains.js';
import { rotorChain } from './rotor-chain/rotor-chain.js';
import { nearMissModels } from './controls/near-miss-chains.js';
import { dnls } from './dnls/dnls.js';
import { disorderedChain } from './disordered-chain/disordered-chain.js';
import { disorderedDnls } from './disordered-dnls/disordered-dnls.js';
import { disorderedChainHalfCurrent, disorderedChainHarmonic, disorderedChainOrdered, disorderedDnlsSignIgnored, dnlsHalfHopping, dnlsNormUnwired } from './controls/broken-wave-chains.js';

export * from './rotor-chain/rotor-chain.js';
export * from './anharmonic-chain/anharmonic-chain.js';
export * from './controls/broken-rotor-chains.js';
export * from './rotor-chain/gibbs.js';
export * from './mechanics.js';
export * from './math/bessel.js';
export * from './math/von-mises.js';
export * from './dnls/dnls.js';
export * from './disordered-chain/disordered-chain.js';
export * from './disordered-dnls/disordered-dnls.js';
export * from './controls/broken-wave-chains.js';
export * from './controls/near-miss-chains.js';
export * from './math/lattice-nls.js';
export * from './math/disorder.js';
export { packetMoments } from './disordered-dnls/physics.js';

/** Built-in models, in display order. */
export const builtinModels: readonly ModelPlugin[] = [rotorChain, anharmonicChain, dnls, disorderedChain, disorderedDnls];

/** Negative-control models (deliberately broken), shown with --include-controls. */
export const controlModels: readonly ModelPlugin[] = [rotorChainSignError, rotorChainCouplingSquared, rotorChainGibbsHot, rotorChainSizeNormalised, rotorChainCouplingIgnored, dnlsHalfHopping, dnlsNormUnwired, disorderedChainOrdered, disorderedChainHarmonic, disorderedChainHalfCurrent, disorderedDnlsSignIgnored, rotorChainWrongCurrent, rotorChainDimerised, ...nearMissModels];
