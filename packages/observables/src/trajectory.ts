/**
 * Driving a stepper over a trajectory, with the guard every long run needs: the state is checked
 * for NaN/Inf between chunks, and on failure the offending chunk is replayed one step at a time
 * from a saved copy to name the first bad step and site. The last finite state is kept.
 */
import { NonFiniteStateError, type Stepper } from '@glassy/contracts';

/** Index of the first non-finite entry of q then p, or -1. */
export function firstNonFinite(q: Float64Array, p: Float64Array): { index: number; coordinate: 'q' | 'p' } | undefined {
  for (let i = 0; i < q.length; i++) if (!Number.isFinite(q[i]!)) return { index: i, coordinate: 'q' };
  for (let i = 0; i < p.length; i++) if (!Number.isFinite(p[i]!)) return { index: i, coordinate: 'p' };
  return undefined;
}

/**
 * Replay a block of n steps one step at a time from its saved start (q0, p0) and stop at the
 * first step after which `find` reports a bad state: returns that step (1 … n) and the finding,
 * with (q, p) restored to the state before it. Undefined if every single step stays good (a
 * chunked fast path may round differently); (q, p) then hold the end of the block.
 * Shared by advanceChecked (non-finite states) and the verify cell guard (also runaway states).
 */
export function replayToFirstBad<B>(
  stepper: Stepper,
  q: Float64Array,
  p: Float64Array,
  q0: Float64Array,
  p0: Float64Array,
  dt: number,
  n: number,
  find: (q: Float64Array, p: Float64Array) => B | undefined,
): { step: number; bad: B } | undefined {
  q.set(q0);
  p.set(p0);
  for (let k = 1; k <= n; k++) {
    const qs = q.slice();
    const ps = p.slice();
    stepper.step(q, p, dt, 1);
    const bad = find(q, p);
    if (bad !== undefined) {
      q.set(qs);
      p.set(ps);
      return { step: k, bad };
    }
  }
  return undefined;
}

export interface AdvanceOptions {
  /** Steps between finiteness checks (default 256). */
  readonly chunk?: number;
  /** Index of the first step (for error messages and callbacks), default 0. */
  readonly firstStep?: number;
  /** Time at step 0 (for error messages), default 0. */
  readonly startTime?: number;
  /** Called after every chunk with the number of steps done so far. */
  readonly onChunk?: (stepsDone: number) => void;
}

/**
 * Advance (q, p) by nSteps steps of dt. Throws NonFiniteStateError naming the first step and
 * site at which the state stopped being finite; (q, p) then hold the last finite state, at
 * step `error.step − 1`.
 */
export function advanceChecked(
  stepper: Stepper,
  q: Float64Array,
  p: Float64Array,
  dt: number,
  nSteps: number,
  options: AdvanceOptions = {},
): void {
  const chunk = Math.max(1, options.chunk ?? 256);
  const first = options.firstStep ?? 0;
  const q0 = new Float64Array(q.length);
  const p0 = new Float64Array(p.length);
  let done = 0;
  while (done < nSteps) {
    const n = Math.min(chunk, nSteps - done);
    q0.set(q);
    p0.set(p);
    stepper.step(q, p, dt, n);
    if (firstNonFinite(q, p) !== undefined) {
      const hit = replayToFirstBad(stepper, q, p, q0, p0, dt, n, firstNonFinite);
      if (hit) {
        const step = first + done + hit.step;
        throw new NonFiniteStateError(step, hit.bad.index, hit.bad.coordinate, (options.startTime ?? 0) + step * dt);
      }
      // Stepping one at a time stayed finite (a chunked fast path may differ): go on.
    }
    done += n;
    options.onChunk?.(done);
  }
}
