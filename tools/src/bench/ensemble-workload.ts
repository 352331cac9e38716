/**
 * The workload of the ensemble throughput benchmark: a Figure-2-like relaxation run (rotor
 * chain, L = 64, g = 0.5, β = 1, exact Gibbs initial states, Störmer–Verlet at dt = 0.01,
 * φ(t) recorded up to t = 50), and where to find the pieces of @glassy/verify it needs.
 */
import type { EnsembleSpec, ResolvedEnsemble } from '@glassy/observables';
import type { Registry } from '@glassy/verify';
import { ensembleWorkerModule, resolveEnsemble } from '@glassy/studies';

export type EnsembleProfileName = 'full' | 'quick';

export interface EnsembleProfile {
  /** Samples per run; `full` keeps one worker busy for well over 10 s on the 2-core runner. */
  readonly samples: number;
  /** Rounds; each times 1 worker and 2 workers once, in alternating order. */
  readonly rounds: number;
}

export const ENSEMBLE_PROFILES: Readonly<Record<EnsembleProfileName, EnsembleProfile>> = {
  // ≈ 8 ms per sample per core: 4096 samples ≈ 30 s on one worker, 16 s on two, so the fixed
  // ~0.5 s of worker start-up is ~3% of a run (with 2048 it was ~6% and the ratio read 1.75-1.77).
  full: { samples: 4096, rounds: 3 },
  // ≈ 2 s per 1-worker run: a smoke test of the script, too short for the 1.8× acceptance
  // figure (the ~0.3–0.5 s worker start-up is a large share of it).
  quick: { samples: 256, rounds: 2 },
};

/** Same default as `glassy ensemble --chunk-size`. */
export const DEFAULT_CHUNK_SIZE = 16;

export const WORKLOAD_TIMES: readonly number[] = [1, 2, 5, 10, 20, 50];

/** The spec before validation (ensembleSpec.parse fills in defaults and checks the times). */
export function workloadSpec(samples: number, seed = 1): Record<string, unknown> {
  return {
    model: 'rotor-chain',
    params: { L: 64, g: 0.5 },
    integrator: 'stormer-verlet',
    integratorParams: {},
    dt: 0.01,
    times: [...WORKLOAD_TIMES],
    samples,
    seed,
    observables: ['phi'],
    initial: { kind: 'gibbs', beta: 1, zeroMomentum: false },
  };
}

export type ResolveEnsemble = (registry: Registry, spec: EnsembleSpec) => ResolvedEnsemble;

export interface VerifyEnsembleParts {
  readonly resolveEnsemble: ResolveEnsemble;
  /** The built dist/ensemble-worker.js of @glassy/studies, the module `glassy ensemble` hands to its workers. */
  readonly workerModule: URL;
}

/** The ensemble resolver and worker entry of @glassy/studies (what `glassy ensemble` runs). */
export async function locateVerifyEnsemble(): Promise<VerifyEnsembleParts> {
  return { resolveEnsemble: resolveEnsemble as ResolveEnsemble, workerModule: ensembleWorkerModule() };
}
