/**
 * Quenched disorder drawn from a seed: the same (seed, L, parameters) give the same realisation
 * everywhere (another worker, another node of an array job), because the draws come from the
 * project's named random streams, not from global state.
 */
import { streamFor } from '@glassy/contracts';

/** Stream purpose of disorder draws (distinct from initial states, thermostats and dynamics). */
export const DISORDER_STREAM = 17;

/**
 * L values uniform on [mean − √3·W, mean + √3·W]: mean `mean`, standard deviation W.
 * Site x takes the x-th draw of the stream (seed, DISORDER_STREAM), so a longer chain extends a
 * shorter one's realisation.
 */
export function uniformDisorder(L: number, mean: number, W: number, seed: number): Float64Array {
  const r = streamFor(seed, DISORDER_STREAM);
  const half = Math.sqrt(3) * W;
  const out = new Float64Array(L);
  for (let x = 0; x < L; x++) out[x] = mean + half * (2 * r.uniform() - 1);
  return out;
}
