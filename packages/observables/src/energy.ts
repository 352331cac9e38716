/**
 * Energy error along a trajectory: the relative error (H(t) − H(0))/|H(0)| sampled at regular
 * intervals, its maximum, and its drift. For a symplectic method the error oscillates around
 * a constant offset (H − H̃ of the modified Hamiltonian), so means over the first and last
 * windows agree; a drifting method's window means separate.
 */
import type { HamiltonianModel, Stepper } from '@glassy/contracts';
import { advanceChecked } from './trajectory.js';
import { fitLine } from './statistics.js';

export interface EnergyErrorSeries {
  readonly times: Float64Array;
  readonly relError: Float64Array;
  readonly maxAbsRelError: number;
  /** Least-squares slope of relError against t (per unit time) and its standard error. */
  readonly slope: number;
  readonly slopeStdError: number;
  /** Mean of the last tenth minus mean of the first tenth of the samples. */
  readonly windowDrift: number;
}

export function energyErrorSeries(
  model: HamiltonianModel,
  stepper: Stepper,
  q: Float64Array,
  p: Float64Array,
  dt: number,
  nSteps: number,
  samples = 1000,
): EnergyErrorSeries {
  const every = Math.max(1, Math.floor(nSteps / samples));
  const m = Math.floor(nSteps / every);
  const times = new Float64Array(m + 1);
  const relError = new Float64Array(m + 1);
  const h0 = model.hamiltonian(q, p);
  const scale = Math.abs(h0) > 0 ? Math.abs(h0) : 1;
  let maxAbs = 0;
  for (let k = 1; k <= m; k++) {
    advanceChecked(stepper, q, p, dt, every, { firstStep: (k - 1) * every });
    times[k] = k * every * dt;
    const e = (model.hamiltonian(q, p) - h0) / scale;
    relError[k] = e;
    if (!(Math.abs(e) <= maxAbs)) maxAbs = Math.abs(e);
  }
  const fit = fitLine(times, relError);
  const w = Math.max(1, Math.floor((m + 1) / 10));
  let first = 0;
  let last = 0;
  for (let i = 0; i < w; i++) {
    first += relError[i]!;
    last += relError[m - i]!;
  }
  return { times, relError, maxAbsRelError: maxAbs, slope: fit.slope, slopeStdError: fit.slopeStdError, windowDrift: (last - first) / w };
}
