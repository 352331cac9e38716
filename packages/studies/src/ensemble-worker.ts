/**
 * Worker-thread entry of `glassy ensemble`: builds the registry once (built-ins plus the
 * plugins of the same config file as the parent), then answers { start, end } chunk jobs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runChunk, type EnsembleSpec } from '@glassy/observables';
import { resolveEnsemble } from './ensemble.js';
import { Registry } from './registry.js';

interface Init {
  readonly spec: EnsembleSpec;
  readonly cwd: string;
  readonly config?: string;
}

const init = workerData as Init;
const registry = Registry.builtin();
await registry.loadConfig(init.cwd, init.config);
const resolved = resolveEnsemble(registry, init.spec);

parentPort!.on('message', (job: { start: number; end: number }) => {
  try {
    parentPort!.postMessage({ result: runChunk(resolved, job.start, job.end) });
  } catch (e) {
    const err = e as Error;
    parentPort!.postMessage({ error: { name: err.name, message: err.message } });
  }
});
