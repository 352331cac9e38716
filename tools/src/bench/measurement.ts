/** One timed (model, integrator, L) core step, in the unit the budgets use. */
import { z } from 'zod';

export const stepMeasurementSchema = z.strictObject({
  model: z.string().min(1),
  integrator: z.string().min(1),
  L: z.number().int().positive(),
  dt: z.number().positive(),
  nSteps: z.number().int().positive(),
  opsPerSecond: z.number().positive(),
  samples: z.number().int().nonnegative(),
  /** 1e9 / (opsPerSecond · L · nSteps). */
  nsPerSiteStep: z.number().positive(),
  /** benchmark.js relative margin of error (95 %) of the time per op; ns/site-step is proportional to it. */
  relativeUncertainty: z.number().nonnegative(),
  /** Sum of one state entry per op (see benny-adapter); only shows the work was not dropped. */
  checksum: z.number(),
});

export type StepMeasurement = z.output<typeof stepMeasurementSchema>;

export function nsPerSiteStep(opsPerSecond: number, L: number, nSteps: number): number {
  return 1e9 / (opsPerSecond * L * nSteps);
}
