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
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare = 0;
  private hasSpare = false;

  constructor(s0: number, s1: number, s2: number, s3: number) {
    this.s0 = s0 >>> 0;
    this.s1 = s1 >>> 0;
    this.s2 = s2 >>> 0;
    this.s3 = s3 >>> 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
  }

  /** Next 32-bit output (xoshiro128**). */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    this.s0 >>>= 0;
    this.s1 >>>= 0;
    this.s2 >>>= 0;
    this.s3 >>>= 0;
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

  /** Standard normal by the Marsaglia polar method (pairs; the spare is kept). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return u * f;
  }

  /** 32 random bits as an unsigned integer in [0, 2³²) scaled to [0, 1) (cheap, 32-bit resolution). */
  uniform32(): number {
    return this.nextUint32() * TWO_POW_MINUS_32;
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
