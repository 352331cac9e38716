/**
 * Worker-thread entry of the power script: builds the built-in registry once, then runs every
 * planned cell for each base seed it is sent, answering { seed, outcomes } or { seed, error }.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Registry } from '@glassy/verify';
import { pluginSet, runPlannedCell, type PlannedCell } from './power-plan.js';

const { cells } = workerData as { cells: PlannedCell[] };
const set = pluginSet(Registry.builtin());

parentPort!.on('message', (job: { seed: number }) => {
  try {
    parentPort!.postMessage({ seed: job.seed, outcomes: cells.map((c) => runPlannedCell(set, c, job.seed)) });
  } catch (e) {
    parentPort!.postMessage({ seed: job.seed, error: (e as Error).stack ?? String(e) });
  }
});
