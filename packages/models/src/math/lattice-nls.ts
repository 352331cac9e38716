/**
 * Building blocks of discrete nonlinear Schrödinger chains in canonical real coordinates
 * ψ_x = (q_x + i p_x)/√2, so |ψ_x|² = (q_x² + p_x²)/2 and q̇ = ∂H/∂p, ṗ = −∂H/∂q
 * (docs/physics.md §2). Every flow here is the exact flow of one piece of H, in place, without
 * allocation: the split-step integrators compose them.
 *
 * On-site piece  H_x = a_x |ψ_x|² + b |ψ_x|⁴ :  ψ_x → ψ_x e^{−i(a_x + 2b|ψ_x|²) t}
 *   (|ψ_x| is conserved by it, so the rotation angle is constant along the flow).
 * Bond piece     H_ab = D(|ψ_a|² + |ψ_b|²) − J (ψ_a ψ̄_b + ψ̄_a ψ_b) :  linear, with
 *   s = ψ_a + ψ_b → s e^{−i(D−J)t} and d = ψ_a − ψ_b → d e^{−i(D+J)t}.
 *   The DNLS hopping g|ψ_{x+1} − ψ_x|² is D = J = g; the Anderson hopping −(ψ_{l+1}ψ̄_l + c.c.) is D = 0, J = 1.
 * The same formulas hold for z = q + ip = √2 ψ, since the flows are linear in ψ or preserve |ψ|.
 */
import { dft, dftTables, FftPlan } from '@glassy/linalg';

/** Rotate z_x = q_x + i p_x by the angle −θ_x(t) = −(a_x + 2b|ψ_x|²) t; `a` may be null (a_x = 0). */
export function onSiteFlow(q: Float64Array, p: Float64Array, a: Float64Array | null, b: number, t: number): void {
  for (let x = 0; x < q.length; x++) {
    const qx = q[x]!;
    const px = p[x]!;
    const theta = ((a === null ? 0 : a[x]!) + b * (qx * qx + px * px)) * t; // 2b|ψ|² = b(q² + p²)
    const c = Math.cos(theta);
    const s = Math.sin(theta);
    q[x] = qx * c + px * s;
    p[x] = px * c - qx * s;
  }
}

/** Exact flow of Σ over the given bonds (pairs (a, b) = bonds[2k], bonds[2k+1], disjoint) of H_ab. */
export function bondFlow(q: Float64Array, p: Float64Array, bonds: Int32Array, D: number, J: number, t: number): void {
  const cs = Math.cos((D - J) * t);
  const ss = Math.sin((D - J) * t);
  const cd = Math.cos((D + J) * t);
  const sd = Math.sin((D + J) * t);
  for (let k = 0; k < bonds.length; k += 2) {
    const a = bonds[k]!;
    const b = bonds[k + 1]!;
    const sr = q[a]! + q[b]!;
    const si = p[a]! + p[b]!;
    const dr = q[a]! - q[b]!;
    const di = p[a]! - p[b]!;
    // multiply by e^{−iφ} = cos φ − i sin φ
    const sr2 = sr * cs + si * ss;
    const si2 = si * cs - sr * ss;
    const dr2 = dr * cd + di * sd;
    const di2 = di * cd - dr * sd;
    q[a] = 0.5 * (sr2 + dr2);
    p[a] = 0.5 * (si2 + di2);
    q[b] = 0.5 * (sr2 - dr2);
    p[b] = 0.5 * (si2 - di2);
  }
}

/**
 * Nearest-neighbour bonds split into groups of disjoint bonds (each group's flow is exact):
 * even bonds (0,1), (2,3), …; odd bonds (1,2), (3,4), …; for a periodic ring of odd length the
 * closing bond (L−1, 0) forms a third group.
 */
export function bondGroups(L: number, periodic: boolean): Int32Array[] {
  const even: number[] = [];
  const odd: number[] = [];
  const extra: number[] = [];
  const nBonds = periodic ? L : L - 1;
  for (let x = 0; x < nBonds; x++) {
    const y = (x + 1) % L;
    if (periodic && L % 2 === 1 && x === L - 1) extra.push(x, y);
    else (x % 2 === 0 ? even : odd).push(x, y);
  }
  return [even, odd, extra].filter((g) => g.length > 0).map((g) => Int32Array.from(g));
}

/** Norm A = Σ |ψ_x|² = Σ (q_x² + p_x²)/2. */
export function norm(q: Float64Array, p: Float64Array): number {
  let s = 0;
  for (let x = 0; x < q.length; x++) s += q[x]! * q[x]! + p[x]! * p[x]!;
  return 0.5 * s;
}

/**
 * Exact flow of the whole ring hopping g Σ_x |ψ_{x+1} − ψ_x|² (periodic, L sites): it is linear
 * and diagonal in Fourier space, ẑ_k → ẑ_k e^{−i g μ_k t}, μ_k = 4 sin²(πk/L), so
 * z = q + ip is transformed, rotated and transformed back (FFT for L a power of two, else an
 * O(L²) DFT). No allocation per call: the phases of the last few distinct t are cached (a
 * splitting method uses a handful of step fractions).
 */
export function ringHoppingFlow(L: number, g: number): (q: Float64Array, p: Float64Array, t: number) => void {
  const re = new Float64Array(L);
  const im = new Float64Array(L);
  const mu = Float64Array.from({ length: L }, (_, k) => 4 * Math.sin((Math.PI * k) / L) ** 2);
  const plan = (L & (L - 1)) === 0 ? new FftPlan(L) : undefined;
  const tables = plan ? undefined : dftTables(L);
  const scratch = { re: new Float64Array(L), im: new Float64Array(L) };
  const SLOTS = 16;
  const cacheT = new Float64Array(SLOTS).fill(Number.NaN);
  const cacheC = Array.from({ length: SLOTS }, () => new Float64Array(L));
  const cacheS = Array.from({ length: SLOTS }, () => new Float64Array(L));
  let next = 0;
  const transform = (inverse: boolean): void => {
    if (plan !== undefined) plan.transform(re, im, inverse);
    else dft(re, im, tables!, scratch, inverse);
  };
  return (q, p, t) => {
    let slot = -1;
    for (let s = 0; s < SLOTS; s++) {
      if (cacheT[s] === t) {
        slot = s;
        break;
      }
    }
    if (slot < 0) {
      slot = next;
      next = (next + 1) % SLOTS;
      cacheT[slot] = t;
      const c = cacheC[slot]!;
      const s = cacheS[slot]!;
      for (let k = 0; k < L; k++) {
        c[k] = Math.cos(g * mu[k]! * t);
        s[k] = Math.sin(g * mu[k]! * t);
      }
    }
    const c = cacheC[slot]!;
    const s = cacheS[slot]!;
    re.set(q);
    im.set(p);
    transform(false);
    for (let k = 0; k < L; k++) {
      // multiply by e^{−iφ} = cos φ − i sin φ
      const r = re[k]!;
      const i = im[k]!;
      re[k] = r * c[k]! + i * s[k]!;
      im[k] = i * c[k]! - r * s[k]!;
    }
    transform(true);
    q.set(re);
    p.set(im);
  };
}
