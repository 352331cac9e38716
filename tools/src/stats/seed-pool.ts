/**
 * Runs the planned cells for many base seeds, in this thread (jobs = 0) or over worker
 * threads, one seed per job. Every cell's seed derives from (base seed, ids) only, so the
 * outcomes do not depend on the number of jobs; they are returned in seed order.
 */
import { Worker } from 'node:worker_threads';
import type { CellOutcome, PlannedCell, PluginSet } from './power-plan.js';
import { runPlannedCell } from './power-plan.js';

export interface SeedPoolOptions {
  readonly cells: readonly PlannedCell[];
  readonly seeds: readonly number[];
  readonly jobs: number;
  /** Needed for jobs = 0. */
  readonly set?: PluginSet;
  readonly onSeed?: (seed: number, outcomes: readonly CellOutcome[], seconds: number) => void;
}

export async function runSeeds(options: SeedPoolOptions): Promise<CellOutcome[]> {
  const bySeed = new Map<number, CellOutcome[]>();
  if (options.jobs <= 0) {
    if (!options.set) throw new Error('runSeeds: jobs = 0 needs the plugin set');
    for (const seed of options.seeds) {
      const t0 = performance.now();
      const outcomes = options.cells.map((c) => runPlannedCell(options.set!, c, seed));
      bySeed.set(seed, outcomes);
      options.onSeed?.(seed, outcomes, (performance.now() - t0) / 1000);
    }
  } else {
    await runInWorkers(options, bySeed);
  }
  return options.seeds.flatMap((s) => bySeed.get(s)!);
}

async function runInWorkers(options: SeedPoolOptions, bySeed: Map<number, CellOutcome[]>): Promise<void> {
  const queue = [...options.seeds];
  const n = Math.min(options.jobs, queue.length);
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let active = 0;
      let failed = false;
      const started = new Map<Worker, number>();
      const feed = (w: Worker): void => {
        const seed = queue.shift();
        if (seed === undefined) {
          if (--active === 0) resolve();
          return;
        }
        started.set(w, performance.now());
        w.postMessage({ seed });
      };
      for (let k = 0; k < n; k++) {
        const w = new Worker(new URL('./power-worker.js', import.meta.url), { workerData: { cells: options.cells } });
        workers.push(w);
        active++;
        w.on('message', (msg: { seed: number; outcomes?: CellOutcome[]; error?: string }) => {
          if (failed) return;
          if (msg.error !== undefined) {
            failed = true;
            reject(new Error(`power: base seed ${msg.seed} failed in a worker:\n${msg.error}`));
            return;
          }
          bySeed.set(msg.seed, msg.outcomes!);
          options.onSeed?.(msg.seed, msg.outcomes!, (performance.now() - started.get(w)!) / 1000);
          feed(w);
        });
        w.on('error', (e) => {
          failed = true;
          reject(e);
        });
        w.on('exit', (code) => {
          if (!failed && code !== 0) {
            failed = true;
            reject(new Error(`power: a worker exited with code ${code}`));
          }
        });
        feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
