/** One benchmark run as both CLIs do it: measure, save, return the results. */
import { Registry } from '@glassy/verify';
import { describeMachine } from './machine.js';
import { PROFILES, REFERENCE_PROFILES, samplingFor, type ProfileName, type ReferenceProfile } from './profiles.js';
import { runReferenceSession } from './reference-session.js';
import type { ReferenceResults } from './reference-stats.js';
import { saveBenchResults, BENCH_RESULTS_FORMAT, type BenchResults, type ResultsProfile } from './results-file.js';
import { runStepBench } from './run-step-bench.js';
import { INITIAL_STATE_SEED, SITE_STEPS_PER_OP, buildStepCases, caseName } from './step-cases.js';

/** Which parts to run, each at which sampling profile (null: skip that part). */
export interface BenchSessionOptions {
  /** The C reference comparison (REFERENCE_PROFILES). */
  readonly reference: ProfileName | null;
  /** The per-(model, integrator) rows (PROFILES). */
  readonly pairs: ProfileName | null;
  /** Overrides the comparison profile's number of rounds. */
  readonly rounds?: number;
}

const log = (line: string): void => console.error(line);

/**
 * `label` names the run in the results (and its file, `<label>-<time>.json`): 'full' and
 * 'quick' run both parts at that profile; 'check' is bench:check's full comparison with the
 * quick per-pair rows.
 */
export async function runBenchSession(
  label: ResultsProfile,
  resultsDir: string,
  options: BenchSessionOptions,
): Promise<{ results: BenchResults; path: string }> {
  const machine = describeMachine();
  const registry = Registry.builtin();
  log(`bench (${label}): ${machine.cpuModel} ×${machine.cpuCount}, node ${machine.node}`);

  // The comparison first: its measurements run in child processes, so nothing the per-pair
  // bench does in this process (JIT state, garbage) reaches them.
  let reference: ReferenceResults | undefined;
  if (options.reference !== null) {
    const refProfile: ReferenceProfile = { ...REFERENCE_PROFILES[options.reference], ...(options.rounds === undefined ? {} : { rounds: options.rounds }) };
    log(`C reference comparison: ${refProfile.rounds} rounds, ~${refProfile.minSeconds} s per side and case`);
    reference = await runReferenceSession(registry, refProfile, log);
  }

  // Models, steppers and states are all allocated here, before anything is timed.
  const cases = options.pairs !== null ? buildStepCases(registry) : [];
  const sampling = samplingFor(PROFILES[options.pairs ?? 'quick'], cases.length);
  let measurements: BenchResults['measurements'] = [];
  if (cases.length > 0) {
    log(`per-pair bench: ${cases.length} cases, up to ${sampling.maxTime} s each, ≥ ${sampling.minSamples} samples`);
    const width = Math.max(...cases.map((c) => c.timed.name.length));
    measurements = await runStepBench(cases, sampling, (m) => {
      log(`  ${caseName(m).padEnd(width)}  ${m.nsPerSiteStep.toFixed(2)} ns/site-step ±${(100 * m.relativeUncertainty).toFixed(1)} % (${m.samples} samples)`);
    });
  }
  const results: BenchResults = {
    format: BENCH_RESULTS_FORMAT,
    profile: label,
    machine,
    sampling: { ...sampling },
    siteStepsPerOp: SITE_STEPS_PER_OP,
    initialStateSeed: INITIAL_STATE_SEED,
    measurements,
    ...(reference === undefined ? {} : { reference }),
  };
  const path = saveBenchResults(results, resultsDir);
  return { results, path };
}
