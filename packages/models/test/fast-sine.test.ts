/**
 * fastSin against an exact sine: every double x is a dyadic rational, so x·2^P is an exact
 * BigInt; π comes from Machin's formula and sin from its Taylor series, both in 400-bit fixed
 * point (error ≈ 2^-390, far below an ulp). Bound checked (fast-sine.ts):
 *   |x| ≤ 2²⁰π:                 |fastSin(x) − sin x| ≤ 2.5 ulp(sin x)
 *   2²⁰π < |x| ≤ FAST_SIN_DOMAIN:  ≤ 2.5 ulp(sin x) + |cos x| ulp(x)
 */
import { describe, expect, it } from 'vitest';
import { streamFor } from '@glassy/contracts';
import { FAST_SIN_DOMAIN, fastSin } from '../src/index.js';

const P = 400n;
const GUARD = 32n;

/** x · 2^P exactly (needs |x| ≥ 2^-340 so that no bit is shifted out). */
function toFixed(x: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  if (biased !== 0) mantissa |= 1n << 52n;
  const shift = BigInt(biased === 0 ? -1074 : biased - 1075) + P;
  if (shift < 0n && (mantissa & ((1n << -shift) - 1n)) !== 0n) throw new Error(`toFixed: ${x} too small for 2^-${P}`);
  const v = shift >= 0n ? mantissa << shift : mantissa >> -shift;
  return hi >>> 31 ? -v : v;
}

/** atan(1/n) · 2^bits by its alternating series. */
function atanInverse(n: bigint, bits: bigint): bigint {
  const n2 = n * n;
  let term = (1n << bits) / n;
  let sum = term;
  for (let k = 1n; term !== 0n; k++) {
    term /= n2;
    sum += (k % 2n === 1n ? -term : term) / (2n * k + 1n);
  }
  return sum;
}

/** π · 2^P by Machin: π = 16 atan(1/5) − 4 atan(1/239). */
const PI_FIXED = (16n * atanInverse(5n, P + GUARD) - 4n * atanInverse(239n, P + GUARD)) >> GUARD;

/** sin x · 2^P, exact to a few units of 2^-P for |x| ≤ 2⁴⁴. */
function exactSinFixed(x: number): bigint {
  const X = toFixed(Math.abs(x));
  const k = (2n * X + PI_FIXED) / (2n * PI_FIXED); // round(|x|/π)
  const r = X - k * PI_FIXED; // |r| ≤ π/2
  const r2 = (r * r) >> P;
  let term = r;
  let sum = r;
  for (let n = 1n; term !== 0n; n++) {
    term = -((term * r2) >> P) / (2n * n * (2n * n + 1n));
    sum += term;
  }
  const negative = (k % 2n === 1n) !== x < 0;
  return negative ? -sum : sum;
}

/** The spacing of doubles at |v| (normal v). */
function ulp(v: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(v));
  return 2 ** (((view.getUint32(0) >>> 20) & 0x7ff) - 1075);
}

/** |fastSin(x) − sin x| in units of ulp(sin x), and sin x. */
function errorInUlps(x: number): { ulps: number; sin: number } {
  const exact = exactSinFixed(x);
  const sin = Number(exact) / 2 ** Number(P);
  const diff = toFixed(fastSin(x)) - exact;
  const abs = diff < 0n ? -diff : diff;
  return { ulps: Number(abs) / 2 ** Number(P) / ulp(sin), sin };
}

/** n arguments, uniform (or log-uniform) in [lo, hi] with random sign. */
function args(seed: number, n: number, lo: number, hi: number, log = false): number[] {
  const r = streamFor(seed, 9);
  return Array.from({ length: n }, () => {
    const u = r.uniform();
    const x = log ? Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo))) : lo + u * (hi - lo);
    return r.uniform() < 0.5 ? -x : x;
  });
}

describe('the exact reference', () => {
  it('reproduces π and known sines', () => {
    expect(Number(PI_FIXED) / 2 ** Number(P)).toBe(Math.PI);
    expect(Number(exactSinFixed(Math.PI / 6)) / 2 ** Number(P)).toBeCloseTo(0.5, 15);
    // sin(Math.PI) = π − Math.PI (the double is 1.2e-16 short of π).
    expect(Number(exactSinFixed(Math.PI)) / 2 ** Number(P)).toBe(1.2246467991473532e-16);
  });
});

describe('fastSin error bound', () => {
  const ranges: [string, number, number][] = [
    ['[0, π/2] (no reduction)', 1e-6, Math.PI / 2],
    ['[π/2, 8]', Math.PI / 2, 8],
    ['[8, 1e3]', 8, 1e3],
    ['[1e3, 2²⁰π]', 1e3, 2 ** 20 * Math.PI],
  ];
  it.each(ranges)('%s: max ≤ 2.5 ulp, rms ≤ 0.6 ulp over 4000 random arguments', (_name, lo, hi) => {
    let max = 0;
    let sumSquares = 0;
    const xs = args(Math.round(hi), 4000, lo, hi);
    for (const x of xs) {
      const { ulps } = errorInUlps(x);
      max = Math.max(max, ulps);
      sumSquares += ulps * ulps;
    }
    expect(max).toBeLessThanOrEqual(2.5);
    expect(Math.sqrt(sumSquares / xs.length)).toBeLessThanOrEqual(0.6);
  });
  it('2²⁰π < |x| ≤ 2⁴²: ≤ 2.5 ulp(sin x) + |cos x| ulp(x), the uncertainty of x itself (4000 log-uniform arguments)', () => {
    let worst = 0;
    for (const x of args(42, 4000, 2 ** 20 * Math.PI, FAST_SIN_DOMAIN, true)) {
      const { ulps, sin } = errorInUlps(x);
      const allowed = 2.5 + (Math.abs(Math.cos(x)) * ulp(x)) / ulp(sin);
      worst = Math.max(worst, ulps / allowed);
    }
    expect(worst).toBeLessThanOrEqual(1);
  });
  it('agrees with Math.sin (itself within 1 ulp) to 3.5 ulp on 10⁶ arguments in [−100, 100]', () => {
    let worst = 0;
    for (const x of args(7, 1_000_000, 0, 100)) worst = Math.max(worst, Math.abs(fastSin(x) - Math.sin(x)) / ulp(Math.sin(x)));
    expect(worst).toBeLessThanOrEqual(3.5);
  });
});

describe('fastSin edge cases', () => {
  it('is exactly odd (x ≠ 0) and zero at ±0 (as +0: the sign of zero is not kept)', () => {
    for (const x of args(3, 10_000, 0, 1e6)) expect(fastSin(-x)).toBe(-fastSin(x));
    expect(Object.is(fastSin(0), 0)).toBe(true);
    expect(Object.is(fastSin(-0), 0)).toBe(true);
  });
  it('gives NaN for NaN and ±Infinity', () => {
    expect(fastSin(Number.NaN)).toBeNaN();
    expect(fastSin(Number.POSITIVE_INFINITY)).toBeNaN();
    expect(fastSin(Number.NEGATIVE_INFINITY)).toBeNaN();
  });
  it('is Math.sin beyond its domain', () => {
    for (const x of [FAST_SIN_DOMAIN * 1.5, -1e15, 2 ** 60, Number.MAX_VALUE]) expect(fastSin(x)).toBe(Math.sin(x));
  });
  it('is exact for tiny arguments (sin x = x to double precision for |x| < 2^-26)', () => {
    for (const x of [1e-300, 2 ** -30, -3e-9]) expect(fastSin(x)).toBe(x);
  });
});
