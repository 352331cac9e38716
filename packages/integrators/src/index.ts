import type { IntegratorPlugin } from '@glassy/contracts';
import {
  explicitEuler,
  langevinFusedWarm,
  langevinHotNoise,
  rk4,
  stormerVerletLargeStep,
  symplecticEulerOrder2,
  velocityRedraw,
  yoshida4Typo,
} from './controls/controls.js';
import { boundaryLangevin, langevinBaoab, langevinBaoabFused, velocityFlip } from './stochastic.js';
import { stormerVerlet } from './stormer-verlet.js';
import { stormerVerletFused } from './stormer-verlet-fused.js';
import { symplecticEuler } from './symplectic-euler.js';
import { yoshida4 } from './yoshida4.js';
import { splitStrang, splitYoshida4 } from './split.js';
import { aba864, kahanLi6, saba2, saba2c, saba2cCorrectorFlipped, yoshida6 } from './near-integrable.js';
import { stormerVerletShortKick, velocityFlipNoForces, velocityFlipWeakKick, yoshida4DigitTypo } from './controls/near-miss.js';

export { createComposedVerlet, hasBitIdenticalKernel, stormerVerlet } from './stormer-verlet.js';
export { stormerVerletFused } from './stormer-verlet-fused.js';
export { requireLangevinKernel, requireSeparable, requireVerletKernel } from './separable.js';
export { symplecticEuler, createSymplecticEuler } from './symplectic-euler.js';
export { yoshida4, YOSHIDA_W0, YOSHIDA_W1 } from './yoshida4.js';
export { createExplicitEuler, createExplicitEulerTangent } from './explicit-euler.js';
export { createRk4 } from './rk4.js';
export * from './controls/controls.js';
export * from './stochastic.js';
export { createComposedStrang, splitStrang, splitYoshida4 } from './split.js';
export * from './near-integrable.js';


/** Built-in integrators, in display order. */
export const builtinIntegrators: readonly IntegratorPlugin[] = [
  stormerVerlet,
  stormerVerletFused,
  symplecticEuler,
  yoshida4,
  splitStrang,
  splitYoshida4,
  saba2,
  saba2c,
  aba864,
  kahanLi6,
  yoshida6,
  langevinBaoab,
  langevinBaoabFused,
  velocityFlip,
  boundaryLangevin,
];

/** Negative-control integrators, shown with --include-controls. */
export const controlIntegrators: readonly IntegratorPlugin[] = [
  explicitEuler,
  rk4,
  symplecticEulerOrder2,
  yoshida4Typo,
  langevinHotNoise,
  langevinFusedWarm,
  velocityRedraw,
  stormerVerletLargeStep,
  stormerVerletShortKick,
  yoshida4DigitTypo,
  velocityFlipNoForces,
  velocityFlipWeakKick,
  saba2cCorrectorFlipped,
];
