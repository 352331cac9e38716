/**
 * Our only door to benny (and, through it, benchmark.js). benny is unmaintained, so the rest
 * of the tools speak in `TimedCase` / `CaseTiming` and never import it: replacing the timer
 * later touches this file alone.
 */
import { add, configure, cycle, suite } from 'benny';

/** How long benchmark.js may sample each case; the run-time budget of the whole bench. */
export interface SamplingOptions {
  /** Seconds after which a case stops sampling (once it has minSamples). */
  readonly maxTime: number;
  /** Samples (timed cycles of many ops) required before a case may stop. */
  readonly minSamples: number;
}

/**
 * One benchmarked operation. Inputs must be built before `op` is handed over, so only the
 * work itself is timed. `op` returns a number derived from the state it produced; the adapter
 * sums these into a checksum so the JIT cannot prove the work unused and drop it.
 */
export interface TimedCase {
  readonly name: string;
  readonly op: () => number;
}

export interface CaseTiming {
  readonly name: string;
  readonly opsPerSecond: number;
  /** benchmark.js relative margin of error of the mean time per op (95 % confidence), as a fraction. */
  readonly relativeMargin: number;
  readonly samples: number;
  /** Sum of every value `op` returned, warm-up calls included. Finite unless the state blew up. */
  readonly checksum: number;
}

/** Run the cases one after another in one benchmark.js suite; `onCase` reports progress. */
export async function timeCases(
  title: string,
  cases: readonly TimedCase[],
  sampling: SamplingOptions,
  onCase: (timing: CaseTiming) => void = () => {},
): Promise<CaseTiming[]> {
  const names = new Set(cases.map((c) => c.name));
  if (names.size !== cases.length) throw new Error(`${title}: benchmark case names must be unique`);

  // benchmark.js calls each wrapper `count` times per sample; the running sum lives outside
  // the closure and is read back after the run, which keeps every op's result observable.
  const sinks = cases.map((c) => ({ name: c.name, sum: 0 }));
  const timed = cases.map((c, i) => {
    const sink = sinks[i]!;
    return add(c.name, (): void => {
      sink.sum += c.op();
    });
  });

  // Timings come from the per-case `cycle` events: benny's final summary rounds ops/s.
  const timings = new Map<string, CaseTiming>();
  await suite(
    title,
    configure({ cases: { maxTime: sampling.maxTime, minSamples: sampling.minSamples } }),
    ...timed,
    cycle((result) => {
      const timing: CaseTiming = {
        name: result.name,
        opsPerSecond: result.ops,
        relativeMargin: result.details.relativeMarginOfError / 100,
        samples: result.samples,
        checksum: sinks.find((s) => s.name === result.name)?.sum ?? Number.NaN,
      };
      timings.set(timing.name, timing);
      onCase(timing);
      return undefined; // returning nothing keeps benny's own log-update output off the terminal
    }),
  );
  return cases.map((c) => {
    const t = timings.get(c.name);
    if (t === undefined || t.samples === 0) throw new Error(`${title}: case "${c.name}" produced no samples`);
    return t;
  });
}
