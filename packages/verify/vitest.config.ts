import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

/**
 * The longest files first, longest first (seconds measured on a fresh clone, 2 cores), then the
 * rest in vitest's order. Without a duration cache (a fresh clone, CI) vitest runs larger files
 * first, which put the 230 s catalogue-full-tier file (a small file) last, alone on one worker
 * for its whole length: about two minutes of npm test's 15.
 */
const LONGEST_FIRST = [
  'catalogue-full-tier.test.ts', // 231
  'run-commands.test.ts', // 159
  'cli-input.test.ts', // 133
  'ensemble-cli.test.ts', // 109
  'catalogue.test.ts', // 101
  'slurm.test.ts', // 100
  'new-model.test.ts', // 72
  'outside.test.ts', // 69
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification): number => {
      const i = LONGEST_FIRST.findIndex((name) => f.moduleId.endsWith(`/${name}`));
      return i < 0 ? LONGEST_FIRST.length : i;
    };
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  }
}

// Two test files at a time: most files here wait on CLI subprocesses (Node start-up, plugin
// loading), so on 2 cores two files run in about the time of one (vitest's default is one
// worker on a 2-core machine). The catalogue file, CPU-bound, runs beside them.
export default mergeConfig(defineConfig(sharedTestConfig(import.meta.dirname)), { test: { maxWorkers: 2, sequence: { sequencer: LongestFirst } } });
