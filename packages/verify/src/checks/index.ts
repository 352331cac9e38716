import type { CheckPlugin } from '@glassy/contracts';
import { convergenceOrderCheck } from './convergence-order.js';
import { derivativeConsistencyCheck } from './derivative-consistency.js';
import { decoupledLimitCheck } from './decoupled-limit.js';
import { energyConservationCheck } from './energy-conservation.js';
import { energyErrorOrderCheck } from './energy-error-order.js';
import { invariantsCheck } from './invariants.js';
import { scalingRelationCheck } from './scaling-relation.js';
import { symplecticityCheck } from './symplecticity.js';
import { timeReversibilityCheck } from './time-reversibility.js';
import { chaoticTripleCheck } from './chaotic-triple.js';
import { gibbsMarginalsCheck } from './gibbs-marginals.js';
import { stationarityCheck } from './stationarity.js';
import { thermostatCheck } from './thermostat.js';
import { velocityFlipCheck } from './velocity-flip.js';
import { phiScalingCheck } from './phi-scaling.js';
import { phiSizeCheck } from './phi-size.js';
import { phiEndpointsCheck, phiT0TrendCheck, phiT0TrendFullCheck } from './phi-relaxation.js';
import { andersonLyapunovCheck, andersonParticipationCheck, andersonSpreadingCheck } from './anderson.js';
import { infiniteTemperatureCheck } from './infinite-temperature.js';
import { symmetryCheck } from './symmetry.js';
import { energyContinuityCheck } from './energy-continuity.js';
import { kappaScalingCheck } from './kappa-scaling.js';
import { kappaNoiseTrendCheck } from './kappa-noise-trend.js';
import { nessLocalisedCheck, nessNormalCheck } from './ness-disorder.js';
import { noiseFreeLimitCheck } from './noise-free-limit.js';
import { kernelAgreementCheck } from './kernel-agreement.js';
import { gibbsConsistencyCheck } from './gibbs-consistency.js';
import { nearIntegrableOrdersCheck } from './near-integrable-orders.js';
import { breatherDissipationCheck, ergodicityTailCheck } from './ergodicity.js';
import { lyapunovDecoupledCheck, lyapunovPairingCheck, lyapunovTwinCheck } from './lyapunov.js';
export { quantumChecks } from './quantum.js';

export { stepJacobian, symplecticDefect } from './symplecticity.js';
export { randomStates, randomReals, instance, checkParams } from './harness.js';

/** The Hamiltonian check catalogue, in display order. */
export const builtinChecks: readonly CheckPlugin[] = [
  derivativeConsistencyCheck,
  kernelAgreementCheck,
  symplecticityCheck,
  energyConservationCheck,
  energyErrorOrderCheck,
  nearIntegrableOrdersCheck,
  timeReversibilityCheck,
  convergenceOrderCheck,
  invariantsCheck,
  scalingRelationCheck,
  decoupledLimitCheck,
  symmetryCheck,
  gibbsConsistencyCheck,
  lyapunovPairingCheck,
  lyapunovTwinCheck,
  lyapunovDecoupledCheck,
];

/** The statistical-mechanics catalogue (exact samplers, stationarity, thermostats, noise). */
export const statisticalChecks: readonly CheckPlugin[] = [
  gibbsMarginalsCheck,
  chaoticTripleCheck,
  stationarityCheck,
  thermostatCheck,
  velocityFlipCheck,
  noiseFreeLimitCheck,
  phiScalingCheck,
  phiSizeCheck,
  phiEndpointsCheck,
  phiT0TrendCheck,
  phiT0TrendFullCheck,
  ergodicityTailCheck,
  breatherDissipationCheck,
  infiniteTemperatureCheck,
  andersonParticipationCheck,
  andersonLyapunovCheck,
  andersonSpreadingCheck,
  energyContinuityCheck,
  kappaScalingCheck,
  kappaNoiseTrendCheck,
  nessLocalisedCheck,
  nessNormalCheck,
];
export { chaoticTripleProbability, tripleFraction, TRIPLE_LIMIT } from './chaotic-triple.js';
