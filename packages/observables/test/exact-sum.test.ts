/**
 * Exact summation: order-, partition- and merge-independent to the last bit, and correctly
 * rounded (checked against an exact BigInt reference).
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { ExactSum, Moments, meanEstimate, scaledVarianceEstimate } from '../src/index.js';

/** x = m · 2^e exactly, as a BigInt scaled by 2^400 (valid for |x| ≥ 1e-100, so m·2^(e+400) is an integer). */
function scaled(x: number): bigint {
  if (x === 0) return 0n;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? -1n : 1n;
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const mant = exp === 0 ? frac : frac | (1n << 52n);
  const e = (exp === 0 ? 1 : exp) - 1075; // x = mant · 2^e
  return sign * (mant << BigInt(e + 400));
}
/** Correct rounding of an exact BigInt (scaled by 2^400) back to a double. */
function unscale(v: bigint): number {
  return Number(v) / 2 ** 400; // Number(bigint) rounds half-even; the power-of-two scaling is exact for normal results
}

const values = fc.array(fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true }).filter((x) => x === 0 || Math.abs(x) > 1e-100), { minLength: 1, maxLength: 200 });

describe('ExactSum', () => {
  test.prop([values], { seed: 11, numRuns: 300 })('is the correctly rounded exact sum', (xs) => {
    const s = new ExactSum();
    for (const x of xs) s.add(x);
    const exact = unscale(xs.reduce((acc, x) => acc + scaled(x), 0n));
    expect(Object.is(s.value(), exact) || (s.value() === 0 && exact === 0)).toBe(true);
  });

  test.prop([values, fc.nat(), fc.integer({ min: 1, max: 7 })], { seed: 12, numRuns: 300 })(
    'does not depend on order or on how the values are split into merged chunks',
    (xs, shift, parts) => {
      const whole = new ExactSum();
      for (const x of xs) whole.add(x);
      const rotated = xs.map((_, i) => xs[(i + shift) % xs.length]!).reverse();
      const chunks = Array.from({ length: parts }, () => new ExactSum());
      rotated.forEach((x, i) => chunks[i % parts]!.add(x));
      const merged = new ExactSum();
      for (const c of chunks.reverse()) merged.merge(ExactSum.from(c.toJSON().partials));
      expect(merged.value()).toBe(whole.value());
    },
  );

  it('sums what naive summation loses', () => {
    const s = new ExactSum();
    for (const x of [1e16, 1, -1e16, 1e-3]) s.add(x);
    expect(s.value()).toBe(1.001);
    expect(1e16 + 1 - 1e16 + 1e-3).not.toBe(1.001);
  });
  it('propagates non-finite inputs', () => {
    const s = new ExactSum();
    s.add(1);
    s.add(Number.POSITIVE_INFINITY);
    expect(s.value()).toBe(Number.POSITIVE_INFINITY);
    s.add(Number.NaN);
    expect(s.value()).toBeNaN();
  });
});

describe('Moments', () => {
  it('mean ± SE and scaled variance ± SE on a known sample', () => {
    const m = new Moments();
    const xs = [1, 2, 3, 4, 5, 6, 7, 8];
    for (const x of xs) m.add(x);
    const mean = meanEstimate(m);
    expect(mean.value).toBe(4.5);
    expect(mean.stdError).toBeCloseTo(Math.sqrt(6 / 8), 14); // unbiased variance 6
    const v = scaledVarianceEstimate(m, 2);
    expect(v.value).toBeCloseTo(12, 13);
    const m4 = xs.reduce((s, x) => s + (x - 4.5) ** 4, 0) / 8;
    expect(v.stdError).toBeCloseTo(2 * Math.sqrt((m4 - 36) / 8), 12);
  });
  test.prop([fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2, maxLength: 60 }), fc.integer({ min: 1, max: 59 })], { seed: 13, numRuns: 100 })(
    'merging two halves equals accumulating all, after a JSON round trip',
    (xs, cut) => {
      const k = Math.min(cut, xs.length - 1);
      const all = new Moments();
      const a = new Moments();
      const b = new Moments();
      xs.forEach((x, i) => {
        all.add(x);
        (i < k ? a : b).add(x);
      });
      const merged = Moments.fromJSON(JSON.parse(JSON.stringify(b.toJSON())));
      merged.merge(Moments.fromJSON(JSON.parse(JSON.stringify(a.toJSON()))));
      expect(merged.stats()).toEqual(all.stats());
    },
  );
});
