/**
 * Fast Fourier transform on Float64Array pairs (re, im), in place, without allocation: the
 * Green–Kubo autocorrelations and the DNLS hopping flow use it. Radix-2 (Cooley–Tukey,
 * bit-reversal then butterflies); a DFT of any length is in dft().
 */

/** In-place iterative radix-2 FFT (re, im of length a power of two); inverse divides by n. */
export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  if (n !== im.length || (n & (n - 1)) !== 0) throw new RangeError(`fft: length ${n} is not a power of two (or re/im differ)`);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const tr = re[i]!;
      re[i] = re[j]!;
      re[j] = tr;
      const ti = im[i]!;
      im[i] = im[j]!;
      im[j] = ti;
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const angle = ((inverse ? 2 : -2) * Math.PI) / len;
    const wr = Math.cos(angle);
    const wi = Math.sin(angle);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k;
        const b = a + len / 2;
        const xr = re[b]! * cr - im[b]! * ci;
        const xi = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
        const t = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = t;
      }
    }
  }
  if (inverse) {
    for (let i = 0; i < n; i++) {
      re[i] = re[i]! / n;
      im[i] = im[i]! / n;
    }
  }
}

/**
 * In-place discrete Fourier transform of any length n, O(n²), with the tables cos/sin(2πj/n)
 * given (from dftTables) and a scratch pair of length n: the fallback of fft() where n is not a
 * power of two. Forward: X_k = Σ_x z_x e^{−2πikx/n}; inverse: e^{+…}, divided by n.
 */
export function dft(re: Float64Array, im: Float64Array, tables: { cos: Float64Array; sin: Float64Array }, scratch: { re: Float64Array; im: Float64Array }, inverse = false): void {
  const n = re.length;
  const sign = inverse ? 1 : -1;
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    let j = 0;
    for (let x = 0; x < n; x++) {
      const c = tables.cos[j]!;
      const s = sign * tables.sin[j]!;
      sr += re[x]! * c - im[x]! * s;
      si += re[x]! * s + im[x]! * c;
      j += k;
      if (j >= n) j -= n;
    }
    scratch.re[k] = sr;
    scratch.im[k] = si;
  }
  const f = inverse ? 1 / n : 1;
  for (let k = 0; k < n; k++) {
    re[k] = scratch.re[k]! * f;
    im[k] = scratch.im[k]! * f;
  }
}

/** cos/sin(2πj/n), j = 0 … n−1, for dft(). */
export function dftTables(n: number): { cos: Float64Array; sin: Float64Array } {
  const cos = new Float64Array(n);
  const sin = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    cos[j] = Math.cos((2 * Math.PI * j) / n);
    sin[j] = Math.sin((2 * Math.PI * j) / n);
  }
  return { cos, sin };
}

/**
 * A radix-2 FFT plan of fixed length n with its twiddle factors tabulated by Math.cos/Math.sin
 * (each within an ulp, where fft()'s recurrence accumulates rounding): for repeated transforms
 * in time stepping, where a transform that is not unitary to round-off would make the norm and
 * the energy drift (the DNLS hopping flow). Allocation-free after construction.
 */
export class FftPlan {
  readonly n: number;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly rev: Uint32Array;

  constructor(n: number) {
    if (n < 1 || (n & (n - 1)) !== 0) throw new RangeError(`FftPlan: length ${n} is not a power of two`);
    this.n = n;
    this.cos = new Float64Array(n / 2 || 1);
    this.sin = new Float64Array(n / 2 || 1);
    for (let k = 0; k < n / 2; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / n);
      this.sin[k] = Math.sin((2 * Math.PI * k) / n);
    }
    this.rev = new Uint32Array(n);
    for (let i = 1, j = 0; i < n; i++) {
      let bit = n >> 1;
      for (; j & bit; bit >>= 1) j ^= bit;
      j ^= bit;
      this.rev[i] = j;
    }
  }

  /** In place: forward X_k = Σ_x z_x e^{−2πikx/n}; inverse with e^{+…}, divided by n. */
  transform(re: Float64Array, im: Float64Array, inverse = false): void {
    const n = this.n;
    const rev = this.rev;
    for (let i = 1; i < n; i++) {
      const j = rev[i]!;
      if (i < j) {
        const tr = re[i]!;
        re[i] = re[j]!;
        re[j] = tr;
        const ti = im[i]!;
        im[i] = im[j]!;
        im[j] = ti;
      }
    }
    const sign = inverse ? 1 : -1;
    for (let len = 2; len <= n; len <<= 1) {
      const half = len >> 1;
      const stride = n / len;
      for (let i = 0; i < n; i += len) {
        for (let k = 0; k < half; k++) {
          const cr = this.cos[k * stride]!;
          const ci = sign * this.sin[k * stride]!;
          const a = i + k;
          const b = a + half;
          const xr = re[b]! * cr - im[b]! * ci;
          const xi = re[b]! * ci + im[b]! * cr;
          re[b] = re[a]! - xr;
          im[b] = im[a]! - xi;
          re[a] = re[a]! + xr;
          im[a] = im[a]! + xi;
        }
      }
    }
    if (inverse) {
      const f = 1 / n;
      for (let i = 0; i < n; i++) {
        re[i] = re[i]! * f;
        im[i] = im[i]! * f;
      }
    }
  }
}
