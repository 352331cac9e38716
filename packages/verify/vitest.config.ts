import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

// Two test files at a time: most files here wait on CLI subprocesses (Node start-up, plugin
// loading), so on 2 cores two files run in about the time of one (vitest's default is one
// worker on a 2-core machine). The catalogue file, CPU-bound, runs beside them.
export default mergeConfig(defineConfig(sharedTestConfig(import.meta.dirname)), { test: { maxWorkers: 2 } });
