// The test StrykerJS runs against each mutant (`npm run mutation`): first the quick-tier catalogue
// on the built-in models and integrators, from source, then the models' and integrators' own unit
// tests, which see the helpers outside the plugin contract (the cross-check references such as
// `rotorForceFast`, the spreading moments, input validation). Not part of `npm test`.
//
// Stryker runs one file at a time (maxWorkers 1) and stops at a mutant's first failing test, so
// the order decides which test is credited: the catalogue runs first, and run.mjs reports the
// score of the catalogue alone beside the score with the unit tests.
import { fileURLToPath } from 'node:url';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CATALOGUE = 'tools/mutation/catalogue.mutation.ts';

class CatalogueFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification): number => (f.moduleId.endsWith(`/${CATALOGUE}`) ? 0 : 1);
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  }
  override async shard(files: TestSpecification[]): Promise<TestSpecification[]> {
    return files;
  }
}

// GLASSY_MUTATION_UNIT=0 runs the catalogue alone (the catalogue-only score of the README).
const unit = process.env['GLASSY_MUTATION_UNIT'] === '0' ? [] : ['packages/models/test/*.test.ts', 'packages/integrators/test/*.test.ts'];
const shared = sharedTestConfig(root);
export default defineConfig({
  ...shared,
  test: { ...shared.test, root, include: [CATALOGUE, ...unit], pool: 'threads', fileParallelism: false, sequence: { sequencer: CatalogueFirst } },
});
