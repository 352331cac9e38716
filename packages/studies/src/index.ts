/**
 * @glassy/studies: each `glassy run X` as a study callable from code (a zod spec, the ensembles
 * or independent samples it needs, the analysis of their results, its output files), the
 * backends that run them (local worker threads or SLURM array jobs), the plugin registry, and
 * the file output shared with the CLI (atomic writes, HDF5, figures).
 *
 *   import { phiStudy, slurmBackend } from '@glassy/studies';
 *   await phiStudy.run({ g: [1, 0.7], samples: 128 }, { out: 'phi', backend: slurmBackend({ shards: 8 }) });
 */
import { kappaTrendStudy } from './kappa-trend.js';
import { kappaStudy } from './kappa.js';
import { levelStatsStudy } from './level-stats.js';
import { quantumRelaxationStudy } from './quantum-relaxation.js';
import { nessStudy } from './ness-study.js';
import { phiStudy } from './phi.js';
import { snapshotsStudy } from './snapshots.js';
import { spreadingStudy } from './spreading.js';
import { lyapunovStudy } from './lyapunov.js';
import { ergodizationStudy } from './ergodization.js';
import { breatherStudy, rotorFrictionStudy } from './breather.js';
import { ensembleWorkerModule } from './workers.js';

export * from './study.js';
export * from './backend.js';
export * from './samples.js';
export * from './workers.js';
export { phiStudy, phiSpec, type PhiSpec, type PhiSummary } from './phi.js';
export { snapshotsStudy, snapshotsSpec, deviationOverlap, type SnapshotsSummary } from './snapshots.js';
export { spreadingStudy, spreadingSpec, type SpreadingSummary } from './spreading.js';
export { workPrecisionStudy, workPrecisionSpec, costAtError, cheapestAt, type WorkPrecisionSummary, type WorkPrecisionCurve, type WorkPrecisionPoint } from './work-precision.js';
export { lyapunovStudy, lyapunovSpec, type LyapunovSummary, type LyapunovPerG } from './lyapunov.js';
export { ergodizationStudy, ergodizationSpec, PLATEAU_SLOPE, type ErgodizationSummary, type ErgodizationPerG } from './ergodization.js';
export { breatherStudy, breatherSpec, breatherSlope, rotorFrictionStudy, rotorFrictionSpec, rotorFrictionExponent } from './breather.js';
export { kappaStudy, kappaSpec, type KappaSummary } from './kappa.js';
export { kappaTrendStudy, kappaTrendSpec, type KappaTrendSummary } from './kappa-trend.js';
export { nessStudy, nessSpec, type NessSummary } from './ness-study.js';
export { levelStatsStudy, levelStatsSpec, type LevelStatsSummary } from './level-stats.js';
export { quantumRelaxationStudy, quantumRelaxationSpec, type QuantumRelaxationSummary } from './quantum-relaxation.js';
export * from './quantum-sweep.js';

/** Every study, by the name of its `glassy run` command. */
export const studies = [phiStudy, snapshotsStudy, spreadingStudy, lyapunovStudy, ergodizationStudy, breatherStudy, rotorFrictionStudy, kappaStudy, kappaTrendStudy, nessStudy, levelStatsStudy, quantumRelaxationStudy] as const;

export { Registry, CONFIG_FILE, configSchema } from './registry.js';
export * from './ensemble.js';
export * from './shards.js';
export * from './slurm.js';
export * from './io.js';
export * from './flags.js';
export * from './lookup.js';
export * from './params.js';
export * from './version.js';
export * from './options.js';
export * from './transport.js';
export * from './ness.js';
export * from './output/atomic.js';
export * from './output/hdf5.js';
export * from './output/plots.js';
export * from './output/quantum-plots.js';
export * from './output/render.js';

/** Module URL of the ensemble worker, for runEnsemble({ workerModule }). */
export const ENSEMBLE_WORKER_MODULE: URL = ensembleWorkerModule();
