/**
 * Exact steady-state energy current of a harmonic chain H = Σ p²/2 + q·K·q/2 (unit masses, K
 * symmetric tridiagonal) between Langevin baths with friction γ on its first and last sites, at
 * temperatures T_left and T_right (Casher–Lebowitz; Dhar, Adv. Phys. 57, 457 (2008), §3):
 *
 *   J = (T_left − T_right)/(2π) ∫_0^∞ 𝒯(ω) dω,   𝒯(ω) = 4γ²ω² |G_{1L}(ω)|²,
 *   G(ω) = M(ω)^{−1},   M(ω) = K − ω² − iγω (E_11 + E_LL).
 *
 * M is tridiagonal, so G_{1L} = (−1)^{L−1} Π_x K_{x,x+1} / det M (its cofactor), and det M
 * follows from the three-term recurrence in complex arithmetic (rescaled as it goes). The
 * integrand has one peak per normal mode, of width ∝ γ times the mode's weight on the end sites
 * (exponentially small for modes localised far from both ends, whose area is then as small):
 * [0, ω_max] is split at the normal-mode frequencies and each piece integrated by adaptive
 * Gauss–Kronrod (7–15) to a relative tolerance.
 */
import { symmetricTridiagonalEigen } from '@glassy/linalg';

/** |G_{1L}(ω)|² of M(ω) = K − ω² − iγω(E_11 + E_LL). */
export function endToEndGreenSquared(diag: ArrayLike<number>, off: ArrayLike<number>, gamma: number, omega: number): number {
  const L = diag.length;
  const w2 = omega * omega;
  const damp = gamma * omega;
  // det of the leading k×k block: D_k = m_k D_{k−1} − b_{k−1}² D_{k−2}; log-scale the pair.
  let re1 = 1;
  let im1 = 0; // D_{k−1}
  let re0 = 0;
  let im0 = 0; // D_{k−2}
  let logScale = 0;
  let logOff = 0;
  for (let k = 0; k < L; k++) {
    const mRe = diag[k]! - w2;
    const mIm = k === 0 || k === L - 1 ? -damp * (L === 1 ? 2 : 1) : 0;
    const b2 = k > 0 ? off[k - 1]! * off[k - 1]! : 0;
    const re = mRe * re1 - mIm * im1 - b2 * re0;
    const im = mRe * im1 + mIm * re1 - b2 * im0;
    re0 = re1;
    im0 = im1;
    re1 = re;
    im1 = im;
    const s = Math.max(Math.abs(re1), Math.abs(im1));
    if (s > 1e100 || (s < 1e-100 && s > 0)) {
      re0 /= s;
      im0 /= s;
      re1 /= s;
      im1 /= s;
      logScale += Math.log(s);
    }
    if (k > 0) logOff += Math.log(Math.abs(off[k - 1]!));
  }
  const det2 = re1 * re1 + im1 * im1;
  return Math.exp(2 * logOff - 2 * logScale) / det2;
}

// Gauss–Kronrod 7–15 nodes and weights on [−1, 1] (QUADPACK qk15, rounded to doubles).
const XGK = [0.9914553711208126, 0.9491079123427585, 0.8648644233597691, 0.7415311855993945, 0.5860872354676911, 0.4058451513773972, 0.20778495500789848, 0];
const WGK = [0.022935322010529224, 0.06309209262997856, 0.10479001032225019, 0.14065325971552592, 0.1690047266392679, 0.19035057806478542, 0.20443294007529889, 0.20948214108472782];
const WG = [0.1294849661688697, 0.27970539148927664, 0.3818300505051189, 0.4179591836734694];

function gk15(f: (x: number) => number, a: number, b: number): { value: number; error: number } {
  const c = 0.5 * (a + b);
  const h = 0.5 * (b - a);
  const fc = f(c);
  let kronrod = WGK[7]! * fc;
  let gauss = WG[3]! * fc;
  for (let j = 0; j < 7; j++) {
    const fs = f(c - h * XGK[j]!) + f(c + h * XGK[j]!);
    kronrod += WGK[j]! * fs;
    if (j % 2 === 1) gauss += WG[(j - 1) / 2]! * fs;
  }
  return { value: kronrod * h, error: Math.abs((kronrod - gauss) * h) };
}

/** Adaptive Gauss–Kronrod on [a, b]: bisect the worst piece until the error sum is below tol. */
function adaptive(f: (x: number) => number, a: number, b: number, tol: number, maxPieces = 4000): number {
  const pieces = [{ a, b, ...gk15(f, a, b) }];
  for (;;) {
    let total = 0;
    let err = 0;
    let worst = 0;
    for (let i = 0; i < pieces.length; i++) {
      total += pieces[i]!.value;
      err += pieces[i]!.error;
      if (pieces[i]!.error > pieces[worst]!.error) worst = i;
    }
    if (err <= tol || pieces.length >= maxPieces) return total;
    const p = pieces[worst]!;
    const m = 0.5 * (p.a + p.b);
    pieces.splice(worst, 1, { a: p.a, b: m, ...gk15(f, p.a, m) }, { a: m, b: p.b, ...gk15(f, m, p.b) });
  }
}

export interface HarmonicNessOptions {
  /** Relative tolerance of the integral (default 1e-8). */
  readonly relTol?: number;
}

/**
 * J = (T_left − T_right)/(2π) ∫_0^∞ 4γ²ω²|G_{1L}(ω)|² dω for the harmonic chain with force
 * matrix K (tridiagonal: `diag`, `off`) and Langevin baths of friction γ on sites 1 and L.
 */
export function harmonicNessCurrent(diag: ArrayLike<number>, off: ArrayLike<number>, gamma: number, tLeft: number, tRight: number, options: HarmonicNessOptions = {}): number {
  const L = diag.length;
  if (L < 2 || off.length !== L - 1) throw new RangeError(`harmonicNessCurrent: need L ≥ 2 and L − 1 off-diagonals (got ${L}, ${off.length})`);
  if (!(gamma > 0)) throw new RangeError(`harmonicNessCurrent: gamma must be > 0, got ${gamma}`);
  const { values } = symmetricTridiagonalEigen(diag, off);
  if (!(values[0]! >= 0)) throw new RangeError('harmonicNessCurrent: K must be positive semidefinite');
  const nu = Array.from(values, (v) => Math.sqrt(Math.max(v, 0)));
  const f = (w: number): number => 4 * gamma * gamma * w * w * endToEndGreenSquared(diag, off, gamma, w);
  // Split points: 0, every normal-mode frequency, and a cut-off far above the band (𝒯 ~ ω^{−4L+2}).
  const top = nu[nu.length - 1]! * 1.5 + 4 * gamma + 1;
  const cuts = [0, ...nu.filter((v) => v > 0), top].sort((x, y) => x - y);
  const relTol = options.relTol ?? 1e-8;
  // A first pass sets the absolute scale of the tolerance.
  let rough = 0;
  for (let i = 0; i + 1 < cuts.length; i++) if (cuts[i + 1]! > cuts[i]!) rough += gk15(f, cuts[i]!, cuts[i + 1]!).value;
  const tol = relTol * Math.max(Math.abs(rough), 1e-300) / cuts.length;
  let integral = 0;
  for (let i = 0; i + 1 < cuts.length; i++) if (cuts[i + 1]! > cuts[i]!) integral += adaptive(f, cuts[i]!, cuts[i + 1]!, tol);
  // Tail beyond `top`: 𝒯 falls like ω^{−(4L−2)}; one more adaptive piece out to 4·top covers it.
  integral += adaptive(f, top, 4 * top, tol);
  return ((tLeft - tRight) / (2 * Math.PI)) * integral;
}
