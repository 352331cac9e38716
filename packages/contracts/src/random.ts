/**
 * One seeded, splittable generator family for the whole project.
 *
 * Streams are xoshiro128** (Blackman & Vigna), 128 bits of state in four 32-bit words, fast
 * with Math.imul and allocation-free. A stream is named by a path of integers, e.g.
 * (seed, sample index, purpose); its state is derived by hashing the path with a
 * splitmix-style mixer, so sample i's draws depend only on (seed, i), never on the worker that
 * runs it or on the order of the work. Small seeds are scrambled by the mixer (raw small seeds
 * give poor first draws).
 */
import type { RandomStream } from './integrator.js';

/** 32-bit finaliser (murmur3 fmix32): a bijection with full avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const TWO_POW_MINUS_32 = 2 ** -32;
const TWO_POW_MINUS_53 = 2 ** -53;

export class Xoshiro128 implements RandomStream {
  // State in a typed array: plain fields holding uint32 values ≥ 2³¹ would be boxed as heap
  // numbers, an allocation per draw (measured: 30 ns per draw instead of a few).
  private readonly s = new Int32Array(4);

  constructor(s0: number, s1: number, s2: number, s3: number) {
    const s = this.s;
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = s3;
    if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1; // the all-zero state is a fixed point
  }

  /** The four state words (signed 32-bit), e.g. to continue a trajectory's noise elsewhere. */
  saveState(): [number, number, number, number] {
    const s = this.s;
    return [s[0]!, s[1]!, s[2]!, s[3]!];
  }

  /** The stream whose state `saveState` returned: it continues exactly where that one stopped. */
  static fromState(words: readonly number[]): Xoshiro128 {
    if (words.length !== 4 || !words.every((w) => Number.isInteger(w) && w >= -2147483648 && w <= 4294967295)) {
      throw new RangeError('a xoshiro128 state is four 32-bit integers');
    }
    return new Xoshiro128(words[0]! | 0, words[1]! | 0, words[2]! | 0, words[3]! | 0);
  }

  /** Next 32-bit output (xoshiro128**), as an unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const s0 = s[0]!;
    const s1 = s[1]!;
    const s2 = s[2]! ^ s0;
    const s3 = s[3]! ^ s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    s[1] = s1 ^ s2;
    s[0] = s0 ^ s3;
    s[2] = s2 ^ (s1 << 9);
    s[3] = rotl(s3, 11);
    return result;
  }

  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) * TWO_POW_MINUS_53;
  }

  /** Uniform on (0, 1]: safe inside logarithms. */
  uniformPositive(): number {
    return 1 - this.uniform();
  }

  /**
   * Standard normal by the ziggurat method (Marsaglia & Tsang 2000, 128 strips). The strip index
   * and the signed 32-bit abscissa come from two separate draws, avoiding the correlation of the
   * original single-draw version (Doornik 2005). About 99% of draws cost two 32-bit outputs and
   * one multiplication; the thermostat's inner loop draws one per site and step.
   */
  normal(): number {
    for (;;) {
      const iz = this.nextUint32() & 127;
      const hz = this.nextUint32() | 0;
      if (Math.abs(hz) < ZIG_K[iz]!) return hz * ZIG_W[iz]!;
      const x = this.outsideStrip(iz, hz);
      if (x === x) return x;
    }
  }

  /**
   * The ziggurat's rare branch (about 1 % of draws): the tail beyond r (strip 0), or the wedge
   * test of strip iz. Returns the normal, or NaN when the candidate is rejected (draw again).
   */
  private outsideStrip(iz: number, hz: number): number {
    const x = hz * ZIG_W[iz]!;
    if (iz === 0) {
      // The tail beyond r, by Marsaglia's exponential rejection.
      let a: number;
      let b: number;
      do {
        a = -Math.log(this.uniformPositive()) / ZIG_R;
        b = -Math.log(this.uniformPositive());
      } while (b + b < a * a);
      return hz > 0 ? ZIG_R + a : -ZIG_R - a;
    }
    return ZIG_F[iz]! + this.uniform() * (ZIG_F[iz - 1]! - ZIG_F[iz]!) < Math.exp(-0.5 * x * x) ? x : Number.NaN;
  }

  /**
   * out[0 … count−1] ← `count` calls of `normal()`, the same numbers and the same final state,
   * about 2.5× faster: the generator's four words stay in locals across the common branch
   * (test/random.test.ts compares the two draw by draw). What the thermostats use per step.
   */
  fillNormal(out: Float64Array, count: number = out.length): void {
    const s = this.s;
    let w0 = s[0]!;
    let w1 = s[1]!;
    let w2 = s[2]!;
    let w3 = s[3]!;
    for (let i = 0; i < count; i++) {
      for (;;) {
        // two nextUint32 (xoshiro128**), inlined
        let a0 = w0;
        let a1 = w1;
        let a2 = w2 ^ a0;
        let a3 = w3 ^ a1;
        const iz = Math.imul(rotl(Math.imul(a1, 5), 7), 9) & 127; // the low 7 bits, as (x >>> 0) & 127
        w1 = a1 ^ a2;
        w0 = a0 ^ a3;
        w2 = a2 ^ (a1 << 9);
        w3 = rotl(a3, 11);
        a0 = w0;
        a1 = w1;
        a2 = w2 ^ a0;
        a3 = w3 ^ a1;
        const hz = Math.imul(rotl(Math.imul(a1, 5), 7), 9) | 0;
        w1 = a1 ^ a2;
        w0 = a0 ^ a3;
        w2 = a2 ^ (a1 << 9);
        w3 = rotl(a3, 11);
        if (Math.abs(hz) < ZIG_K[iz]!) {
          out[i] = hz * ZIG_W[iz]!;
          break;
        }
        s[0] = w0;
        s[1] = w1;
        s[2] = w2;
        s[3] = w3;
        const x = this.outsideStrip(iz, hz);
        w0 = s[0]!;
        w1 = s[1]!;
        w2 = s[2]!;
        w3 = s[3]!;
        if (x === x) {
          out[i] = x;
          break;
        }
      }
    }
    s[0] = w0;
    s[1] = w1;
    s[2] = w2;
    s[3] = w3;
  }

  /** 32 random bits as an unsigned integer in [0, 2³²) scaled to [0, 1) (cheap, 32-bit resolution). */
  uniform32(): number {
    return this.nextUint32() * TWO_POW_MINUS_32;
  }
}

// Ziggurat tables (Marsaglia & Tsang 2000): strip edges ZIG_K, widths ZIG_W, densities ZIG_F.
const ZIG_R = 3.442619855899;
const ZIG_K = new Float64Array(128);
const ZIG_W = new Float64Array(128);
const ZIG_F = new Float64Array(128);
{
  const m1 = 2147483648;
  const vn = 9.91256303526217e-3;
  let dn = ZIG_R;
  let tn = dn;
  const q = vn / Math.exp(-0.5 * dn * dn);
  ZIG_K[0] = (dn / q) * m1;
  ZIG_K[1] = 0;
  ZIG_W[0] = q / m1;
  ZIG_W[127] = dn / m1;
  ZIG_F[0] = 1;
  ZIG_F[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
    ZIG_K[i + 1] = (dn / tn) * m1;
    tn = dn;
    ZIG_F[i] = Math.exp(-0.5 * dn * dn);
    ZIG_W[i] = dn / m1;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * The stream named by `path` (non-negative integers < 2⁵³, e.g. [seed, sampleIndex, purpose]).
 * Distinct paths give independent-looking streams; equal paths give identical streams.
 */
export function streamFor(...path: number[]): Xoshiro128 {
  const words = [0x9e3779b9, 0x243f6a88, 0xb7e15162, 0x3c6ef372];
  for (const x of path) {
    if (!Number.isInteger(x) || x < 0 || x > Number.MAX_SAFE_INTEGER) throw new RangeError(`stream path entries must be integers in [0, 2^53), got ${x}`);
    const lo = x >>> 0;
    const hi = Math.floor(x / 4294967296) >>> 0;
    for (let k = 0; k < 4; k++) {
      words[k] = fmix32((words[k]! ^ fmix32(lo + Math.imul(k + 1, 0x9e3779b9))) + Math.imul(hi ^ 0x85ebca6b, k + 3));
    }
    // Diffuse between words so that every word depends on the whole path.
    const t = words[0]!;
    words[0] = fmix32(words[0]! + words[1]!);
    words[1] = fmix32(words[1]! ^ words[2]!);
    words[2] = fmix32(words[2]! + words[3]!);
    words[3] = fmix32(words[3]! ^ t);
  }
  return new Xoshiro128(words[0]!, words[1]!, words[2]!, words[3]!);
}

/** Purposes of sub-streams, so that e.g. initial-state draws never overlap thermostat noise. */
export const STREAM = { initialState: 1, thermalization: 2, dynamics: 3 } as const;
