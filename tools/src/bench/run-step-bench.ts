/** Time prepared core-step cases and express them in ns per site-step. */
import { timeCases, type CaseTiming, type SamplingOptions } from './benny-adapter.js';
import { nsPerSiteStep, type StepMeasurement } from './measurement.js';
import type { StepCase } from './step-cases.js';

export async function runStepBench(
  cases: readonly StepCase[],
  sampling: SamplingOptions,
  onMeasured: (m: StepMeasurement) => void = () => {},
): Promise<StepMeasurement[]> {
  const byName = new Map(cases.map((c) => [c.timed.name, c]));
  const timings = await timeCases('core step', cases.map((c) => c.timed), sampling, (t) => onMeasured(toMeasurement(byName.get(t.name)!, t)));
  return timings.map((t) => toMeasurement(byName.get(t.name)!, t));
}

function toMeasurement(c: StepCase, t: CaseTiming): StepMeasurement {
  // A NaN/Inf state would be timed on a different (often slower or faster) path: refuse it.
  if (!Number.isFinite(t.checksum)) {
    throw new Error(`${t.name}: the state became non-finite while benchmarking (checksum ${t.checksum}); the timing is meaningless`);
  }
  return {
    model: c.model,
    integrator: c.integrator,
    L: c.L,
    dt: c.dt,
    nSteps: c.nSteps,
    opsPerSecond: t.opsPerSecond,
    samples: t.samples,
    nsPerSiteStep: nsPerSiteStep(t.opsPerSecond, c.L, c.nSteps),
    relativeUncertainty: t.relativeMargin,
    checksum: t.checksum,
  };
}
