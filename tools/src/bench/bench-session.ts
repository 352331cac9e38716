/** One benchmark run as both CLIs do it: measure, save, return the results. */
import { Registry } from '@glassy/verify';
import { describeMachine } from './machine.js';
import { PROFILES, samplingFor, type ProfileName } from './profiles.js';
import { saveBenchResults, BENCH_RESULTS_FORMAT, type BenchResults } from './results-file.js';
import { runStepBench } from './run-step-bench.js';
import { INITIAL_STATE_SEED, SITE_STEPS_PER_OP, buildStepCases, caseName } from './step-cases.js';

export async function runBenchSession(profile: ProfileName, resultsDir: string): Promise<{ results: BenchResults; path: string }> {
  const machine = describeMachine();
  // Models, steppers and states are all allocated here, before anything is timed.
  const cases = buildStepCases(Registry.builtin());
  const sampling = samplingFor(PROFILES[profile], cases.length);
  console.error(
    `bench (${profile}): ${cases.length} cases, up to ${sampling.maxTime} s each, ≥ ${sampling.minSamples} samples; ${machine.cpuModel} ×${machine.cpuCount}, node ${machine.node}`,
  );
  const width = Math.max(...cases.map((c) => c.timed.name.length));
  const measurements = await runStepBench(cases, sampling, (m) => {
    console.error(`  ${caseName(m).padEnd(width)}  ${m.nsPerSiteStep.toFixed(2)} ns/site-step ±${(100 * m.relativeUncertainty).toFixed(1)} % (${m.samples} samples)`);
  });
  const results: BenchResults = {
    format: BENCH_RESULTS_FORMAT,
    profile,
    machine,
    sampling: { ...sampling },
    siteStepsPerOp: SITE_STEPS_PER_OP,
    initialStateSeed: INITIAL_STATE_SEED,
    measurements,
  };
  const path = saveBenchResults(results, resultsDir);
  return { results, path };
}
