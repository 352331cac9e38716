export * from './checks/index.js';
export { Registry, CONFIG_FILE, configSchema } from './registry.js';
export * from './runner.js';
export { renderJUnit, renderMatrix, summarize } from './report.js';
export { readStateFile, stateFileSchema, type StateFile } from './state-file.js';
export { parseSetPairs, resolveParams } from './params.js';
export { writeFileAtomic } from './io.js';
export { VERSION } from './version.js';
export { resolveEnsemble } from './ensemble.js';
/** Module URL of the ensemble worker, for runEnsemble({ workerModule }). */
export const ENSEMBLE_WORKER_MODULE = new URL('./ensemble-worker.js', import.meta.url);
export { CellTimeoutError, RunawayStateError, RUNAWAY_FACTOR, DEFAULT_CELL_TIMEOUT, guardPlugins, cellBudget } from './guard.js';
export { BASELINE_FORMAT, CATALOGUE_VERSION, baselineSchema, compareToBaseline, makeBaseline, type Baseline, type BaselineComparison } from './baseline.js';
export { REPORT_FORMAT, buildReport, verifyReportSchema, type VerifyReport } from './verify-report.js';
export { renderHtmlReport } from './output/html-report.js';
