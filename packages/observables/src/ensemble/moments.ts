/**
 * Per-time-point accumulators of the first four power sums of a recorded value, exact and so
 * mergeable in any order, and the estimators built from them.
 */
import { ExactSum } from '../exact-sum.js';

export interface MomentsJson {
  readonly n: number;
  readonly sums: ReadonlyArray<{ partials: number[]; special: number }>;
}

export class Moments {
  n = 0;
  readonly sums = [new ExactSum(), new ExactSum(), new ExactSum(), new ExactSum()];

  add(x: number): void {
    this.n++;
    const x2 = x * x;
    this.sums[0]!.add(x);
    this.sums[1]!.add(x2);
    this.sums[2]!.add(x2 * x);
    this.sums[3]!.add(x2 * x2);
  }

  merge(other: Moments): void {
    this.n += other.n;
    for (let k = 0; k < 4; k++) this.sums[k]!.merge(other.sums[k]!);
  }

  toJSON(): MomentsJson {
    return { n: this.n, sums: this.sums.map((s) => s.toJSON()) };
  }

  static fromJSON(j: MomentsJson): Moments {
    const m = new Moments();
    m.n = j.n;
    j.sums.forEach((s, k) => m.sums[k]!.merge(ExactSum.from(s.partials, s.special)));
    return m;
  }

  /** Mean, unbiased variance, and the fourth central moment (from correctly rounded sums). */
  stats(): { mean: number; variance: number; m4: number } {
    const n = this.n;
    const [s1, s2, s3, s4] = this.sums.map((s) => s.value()) as [number, number, number, number];
    const mean = s1 / n;
    const variance = n > 1 ? Math.max(0, (s2 - s1 * mean) / (n - 1)) : Number.NaN;
    const m4 = (s4 - 4 * s3 * mean + 6 * s2 * mean * mean) / n - 3 * mean ** 4;
    return { mean, variance, m4 };
  }
}

export interface Estimate {
  readonly value: number;
  readonly stdError: number;
}

/** ⟨X⟩ ± √(Var/n). */
/** Mean ± standard error of independent values (exact sums, as the ensemble engine). */
export function estimateOf(values: Iterable<number>): Estimate {
  const m = new Moments();
  for (const v of values) m.add(v);
  return meanEstimate(m);
}

export function meanEstimate(m: Moments): Estimate {
  const { mean, variance } = m.stats();
  return { value: mean, stdError: Math.sqrt(variance / m.n) };
}

/** scale·Var(X) ± scale·√((m₄ − σ⁴)/n) (large-n standard error of the sample variance). */
export function scaledVarianceEstimate(m: Moments, scale: number): Estimate {
  const { variance, m4 } = m.stats();
  return { value: scale * variance, stdError: scale * Math.sqrt(Math.max(0, m4 - variance * variance) / m.n) };
}
