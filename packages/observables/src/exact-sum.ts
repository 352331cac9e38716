/**
 * Exact floating-point summation (Shewchuk 1997; the algorithm of Python's math.fsum). The sum
 * is kept as non-overlapping partials whose exact total is the true sum of every input, and
 * `value()` rounds that total correctly. The result therefore does not depend on the order in
 * which values were added or accumulators merged: ensemble results are bit-identical for any
 * number of workers and any chunking.
 */
export class ExactSum {
  private partials: number[] = [];
  private special = 0; // sum of non-finite inputs (NaN/±Inf propagate)

  static from(partials: readonly number[], special = 0): ExactSum {
    const s = new ExactSum();
    for (const x of partials) s.add(x);
    s.special += special;
    return s;
  }

  add(value: number): void {
    if (!Number.isFinite(value)) {
      this.special += value;
      return;
    }
    let x = value;
    const p = this.partials;
    let i = 0;
    for (let j = 0; j < p.length; j++) {
      let y = p[j]!;
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[i++] = lo;
      x = hi;
    }
    p.length = i;
    p.push(x);
  }

  merge(other: ExactSum): void {
    for (const x of other.partials) this.add(x);
    this.special += other.special;
  }

  /** The correctly rounded sum. */
  value(): number {
    if (this.special !== 0 || Number.isNaN(this.special)) return this.special;
    const p = this.partials;
    let n = p.length;
    if (n === 0) return 0;
    let hi = p[--n]!;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n]!;
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo !== 0) break;
    }
    // Round half-even across the partials below, as math.fsum does.
    if (n > 0 && ((lo < 0 && p[n - 1]! < 0) || (lo > 0 && p[n - 1]! > 0))) {
      const y = lo * 2;
      const x = hi + y;
      const yr = x - hi;
      if (y === yr) hi = x;
    }
    return hi;
  }

  toJSON(): { partials: number[]; special: number } {
    return { partials: [...this.partials], special: this.special };
  }
}
