// The test StrykerJS runs against each mutant (`npm run mutation`): the quick-tier catalogue on
// the built-in models and integrators, from source. Not part of `npm test`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const shared = sharedTestConfig(here);
export default defineConfig({ ...shared, test: { ...shared.test, root: here, include: ['catalogue.mutation.ts'], pool: 'threads' } });
