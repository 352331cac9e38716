/** Synthetic measurements for checker tests: no clocks involved, so the tests are deterministic. */
import { nsPerSiteStep, type StepMeasurement } from '../src/bench/measurement.js';
import { stepsPerOp, type StepKey } from '../src/bench/step-cases.js';

/** A measurement of `key` that took exactly `ns` per site-step, as benny would have reported it. */
export function measured(key: StepKey, ns: number, relativeUncertainty = 0.05): StepMeasurement {
  const nSteps = stepsPerOp(key.L);
  const opsPerSecond = 1e9 / (ns * key.L * nSteps);
  return {
    ...key,
    dt: 0.05,
    nSteps,
    opsPerSecond,
    samples: 20,
    nsPerSiteStep: nsPerSiteStep(opsPerSecond, key.L, nSteps),
    relativeUncertainty,
    checksum: 1.5,
  };
}

/** The same run with every op `factor` times slower (a deliberately injected regression). */
export function slowedDown(m: StepMeasurement, factor: number): StepMeasurement {
  const opsPerSecond = m.opsPerSecond / factor;
  return { ...m, opsPerSecond, nsPerSiteStep: nsPerSiteStep(opsPerSecond, m.L, m.nSteps) };
}
