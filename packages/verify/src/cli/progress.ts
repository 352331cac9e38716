/**
 * Progress lines of the long `run` commands: one line per tenth of the samples, on stderr, with
 * the elapsed time and, once samples have finished, an estimate of the time left (the rate since
 * the first report, as `glassy ensemble` does; resumed samples count as done at once).
 */
import type { Io } from './commands.js';

export function progress(io: Io, quiet: boolean, label: string): (done: number, total: number) => void {
  let last = -1;
  let first: { done: number; at: number } | undefined;
  const t0 = performance.now();
  return (done, total) => {
    if (quiet) return;
    const now = performance.now();
    first ??= { done, at: now };
    const decile = Math.floor((10 * done) / total);
    if (decile === last) return;
    last = decile;
    const s = (now - t0) / 1000;
    const rate = (done - first.done) / Math.max(1e-9, (now - first.at) / 1000);
    const eta = done >= total ? '' : rate > 0 ? `, about ${((total - done) / rate).toFixed(0)} s left` : '';
    io.err(`${label}: ${done}/${total} samples (${Math.round((100 * done) / total)}%) after ${s.toFixed(0)} s${eta}`);
  };
}
