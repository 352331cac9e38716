/**
 * Locations relative to the tools package, found from this module's own URL: Nx runs the
 * scripts from tools/, a developer may run `node tools/dist/bench/run.js` from anywhere.
 * (Sources live in src/, not bench/, because nx.json's "production" inputs exclude bench/**
 * and the build cache would otherwise miss source edits.)
 */
import { fileURLToPath } from 'node:url';

/** tools/ (this file is tools/src/bench/paths.ts, compiled to tools/dist/bench/paths.js). */
export const TOOLS_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_BUDGETS_PATH = fileURLToPath(new URL('../../bench/budgets.json', import.meta.url));
export const RESULTS_DIR = fileURLToPath(new URL('../../bench/results/', import.meta.url));
