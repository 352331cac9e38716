/** Progress lines of the long `run` commands: one line per tenth of the samples, on stderr. */
import type { Io } from './commands.js';

export function progress(io: Io, quiet: boolean, label: string): (done: number, total: number) => void {
  let last = -1;
  const t0 = performance.now();
  return (done, total) => {
    if (quiet) return;
    const decile = Math.floor((10 * done) / total);
    if (decile === last) return;
    last = decile;
    const s = (performance.now() - t0) / 1000;
    io.err(`${label}: ${done}/${total} samples (${Math.round((100 * done) / total)}%) after ${s.toFixed(0)} s`);
  };
}
