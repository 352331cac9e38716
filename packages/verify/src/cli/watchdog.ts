/**
 * A last line of defence against plugins that hang `glassy verify`. The cell guard (guard.ts)
 * stops every cell that calls force, gradient, a Gibbs draw or a step past its budget; a plugin
 * that loops forever inside one of its own functions never returns to the guard. For that case
 * a watchdog thread (watchdog-worker.ts) follows the cells and, past a hard limit of
 * 1.5 × the cell budget + 10 s, reports the cell as TIMEOUT and ends the process.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Cell } from '../runner.js';
import type { WatchdogMessage } from './watchdog-worker.js';

export interface Watchdog {
  start(cell: { model: string; integrator: string; check: string; seed: number }): void;
  done(cell: Cell): void;
  stop(): void;
}

export function hardLimitSeconds(cellTimeout: number): number {
  return 1.5 * cellTimeout + 10;
}

/** Start the watchdog (undefined where its compiled worker is absent, e.g. tests from source). */
export function startWatchdog(cellTimeout: number, setup: { json?: string; junit?: string; html?: string; header: { glassy: string; tier: 'quick' | 'full'; seed: number; cellTimeout?: number } }): Watchdog | undefined {
  const file = fileURLToPath(new URL('./watchdog-worker.js', import.meta.url));
  if (!existsSync(file)) return undefined;
  const worker = new Worker(file, { workerData: setup });
  worker.unref();
  const limitSeconds = hardLimitSeconds(cellTimeout);
  const post = (m: WatchdogMessage): void => worker.postMessage(m);
  return {
    start: (c) => post({ type: 'start', ...c, limitSeconds }),
    done: (cell) => post({ type: 'done', cell }),
    stop: () => {
      void worker.terminate();
    },
  };
}
