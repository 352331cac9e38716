/**
 * Worker-thread entry for a study's independent samples (samples.ts): builds the registry once
 * (built-ins plus the plugins of the same config file as the parent), loads the samplers of the
 * studies (not the studies: their output code is not needed here), then answers { start, end } chunk jobs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Registry } from './registry.js';
import { runSampleChunk, type SampleTask } from './samples.js';
import './samplers.js';

interface Init {
  readonly task: SampleTask;
  readonly cwd: string;
  readonly config?: string;
}

const init = workerData as Init;
const registry = Registry.builtin();
await registry.loadConfig(init.cwd, init.config);

parentPort!.on('message', (job: { start: number; end: number }) => {
  try {
    parentPort!.postMessage({ result: runSampleChunk(init.task, registry, job.start, job.end) });
  } catch (e) {
    const err = e as Error;
    parentPort!.postMessage({ error: { name: err.name, message: err.message } });
  }
});
