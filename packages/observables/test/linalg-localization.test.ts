/**
 * Anderson limit of the disordered harmonic chain (docs/physics.md §4, review eq. (15) at g = 0):
 * force matrix, participation ratios, transfer-matrix Lyapunov exponent, eigenvector decay.
 *
 */
import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect, it } from 'vitest';
import { streamFor } from '@glassy/contracts';
import {
  disorderedChainForceMatrix,
  eigenvectorDecayRate,
  lyapunovExponent,
  meanParticipationRatio,
  orderedChainLyapunov,
  participationRatio,
  participationRatios,
  thoulessLyapunov,
  tridiagonalLyapunov,
  uniformDisorderFrequencies,
} from '../src/index.js';
import { eigenvectorView, symmetricTridiagonalEigen, type SymmetricEigenResult } from '@glassy/linalg';

/** The review's eq. (15) potential at g = 0, written literally: free ends q_{L+1} = q_L. */
function potential(q: ArrayLike<number>, omega: ArrayLike<number>, g0: number): number {
  const L = q.length;
  let v = 0;
  for (let x = 0; x < L; x++) {
    const next = x + 1 < L ? q[x + 1]! : q[L - 1]!; // q_{L+1} = q_L
    v += (omega[x]! * omega[x]! * q[x]! * q[x]!) / 2 + g0 * (q[x]! - next) ** 2;
  }
  return v;
}

/** Dense K[i][j] from (diag, off). */
function denseEntry(diag: Float64Array, off: Float64Array, i: number, j: number): number {
  if (i === j) return diag[i]!;
  if (Math.abs(i - j) === 1) return off[Math.min(i, j)]!;
  return 0;
}

/** Moments of ω² for ω uniform on [a, b]: returns [E ω², Var ω²]. */
function omegaSquaredMoments(omegaBar: number, W: number): [number, number] {
  const a = omegaBar - Math.sqrt(3) * W;
  const b = omegaBar + Math.sqrt(3) * W;
  const m2 = (a * a + a * b + b * b) / 3;
  const m4 = (b ** 5 - a ** 5) / (5 * (b - a));
  return [m2, m4 - m2 * m2];
}

describe('disorderedChainForceMatrix', () => {
  const chain = fc.integer({ min: 1, max: 12 }).chain((L) =>
    fc.record({
      omega: fc.array(fc.double({ min: 0.1, max: 2, noNaN: true }), { minLength: L, maxLength: L }),
      q: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: L, maxLength: L }),
      g0: fc.double({ min: 0.01, max: 3, noNaN: true }),
    }),
  );

  test.prop([chain], { seed: 4101, numRuns: 100 })('is the Hessian of the eq. (15) potential (central differences)', ({ omega, q, g0 }) => {
    const L = omega.length;
    const { diag, off } = disorderedChainForceMatrix(omega, g0);
    const h = 1e-3;
    const base = Float64Array.from(q);
    const at = (i: number, si: number, j: number, sj: number): number => {
      const p = Float64Array.from(base);
      p[i] = p[i]! + si * h;
      p[j] = p[j]! + sj * h;
      return potential(p, omega, g0);
    };
    for (let i = 0; i < L; i++) {
      for (let j = 0; j < L; j++) {
        const fd = (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * h * h);
        expect(Math.abs(fd - denseEntry(diag, off, i, j))).toBeLessThan(1e-6 * (1 + Math.abs(fd)));
      }
      // Force: ∂V/∂q_i = (K q)_i (V is quadratic, so central differences are exact up to round-off).
      const grad = (at(i, 1, i, 0) - at(i, -1, i, 0)) / (2 * h);
      let kq = 0;
      for (let j = 0; j < L; j++) kq += denseEntry(diag, off, i, j) * q[j]!;
      expect(Math.abs(grad - kq)).toBeLessThan(1e-8 * (1 + Math.abs(kq)));
    }
  });

  it('has ω² + 2g0·(number of neighbours) on the diagonal and −2g0 off it', () => {
    const { diag, off } = disorderedChainForceMatrix([1, 2, 3, 4], 0.5);
    expect(Array.from(diag)).toEqual([1 + 1, 4 + 2, 9 + 2, 16 + 1]);
    expect(Array.from(off)).toEqual([-1, -1, -1]);
    expect(Array.from(disorderedChainForceMatrix([3], 7).diag)).toEqual([9]);
  });

  it('ordered chain: λ_k = ω² + 2g0 (2 − 2cos(πk/L)) (free-end Laplacian spectrum)', () => {
    const L = 300;
    const { diag, off } = disorderedChainForceMatrix(new Float64Array(L).fill(0.8), 1.7);
    const { values } = symmetricTridiagonalEigen(diag, off);
    for (let k = 0; k < L; k++) expect(Math.abs(values[k]! - (0.64 + 3.4 * (2 - 2 * Math.cos((Math.PI * k) / L))))).toBeLessThan(1e-12);
  });

  it('reuses buffers and rejects bad input', () => {
    const diag = new Float64Array(3);
    const off = new Float64Array(2);
    const r = disorderedChainForceMatrix([1, 1, 1], 1, { diag, off });
    expect(r.diag).toBe(diag);
    expect(r.off).toBe(off);
    expect(() => disorderedChainForceMatrix([], 1)).toThrow(RangeError);
    expect(() => disorderedChainForceMatrix([1, Number.NaN], 1)).toThrow(/not finite/);
    expect(() => disorderedChainForceMatrix([1, 1], -1)).toThrow(/g0/);
    expect(() => disorderedChainForceMatrix([1, 1], 1, { diag: new Float64Array(3) })).toThrow(/lengths 2\/1/);
  });
});

describe('uniformDisorderFrequencies', () => {
  it('is uniform on [ω̄ − √3W, ω̄ + √3W] with mean ω̄ and standard deviation W, reproducibly', () => {
    const om = uniformDisorderFrequencies(100_000, 1, 0.3, streamFor(31, 1));
    let mean = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const w of om) {
      mean += w;
      min = Math.min(min, w);
      max = Math.max(max, w);
    }
    mean /= om.length;
    let variance = 0;
    for (const w of om) variance += (w - mean) ** 2;
    const sd = Math.sqrt(variance / (om.length - 1));
    expect(Math.abs(mean - 1)).toBeLessThan(0.005);
    expect(Math.abs(sd - 0.3)).toBeLessThan(0.003);
    expect(min).toBeGreaterThanOrEqual(1 - Math.sqrt(3) * 0.3);
    expect(max).toBeLessThanOrEqual(1 + Math.sqrt(3) * 0.3);
    expect(Array.from(uniformDisorderFrequencies(5, 1, 0.3, streamFor(31, 1)))).toEqual(Array.from(om.subarray(0, 5)));
  });
  it('refuses a width that would allow ω_x ≤ 0', () => {
    expect(() => uniformDisorderFrequencies(4, 1, 0.6, streamFor(1))).toThrow(/all ω_x > 0/);
  });
});

describe('participationRatio', () => {
  it('is 1 on one site, N when spread evenly, m on m equal sites', () => {
    expect(participationRatio([0, 0, 3, 0])).toBe(1);
    expect(participationRatio(new Float64Array(50).fill(-0.2))).toBeCloseTo(50, 12);
    expect(participationRatio([1, 0, -1, 0, 1, 0])).toBeCloseTo(3, 14);
    expect(participationRatio([9, 9, 1, -1, 1, 9], 2, 3)).toBeCloseTo(3, 14);
    expect(participationRatio([5e-324, 0])).toBe(1); // subnormal entries: no overflow in the rescaling
    expect(participationRatio([1e300, -1e300])).toBe(2);
  });
  const entry = fc.double({ min: -1e3, max: 1e3, noNaN: true }).map((x) => (Math.abs(x) < 1e-100 ? 0 : x));
  test.prop([fc.array(entry, { minLength: 1, maxLength: 100 }).filter((a) => a.some((x) => x !== 0)), fc.double({ min: 1e-100, max: 1e100, noNaN: true })], {
    seed: 4102,
    numRuns: 300,
  })('lies in [1, N] and is scale-invariant', (v, scale) => {
    const pr = participationRatio(v);
    expect(pr).toBeGreaterThanOrEqual(1 - 1e-12);
    expect(pr).toBeLessThanOrEqual(v.length * (1 + 1e-12));
    expect(participationRatio(v.map((x) => x * scale))).toBeCloseTo(pr, 9);
  });
  it('rejects a zero, non-finite or empty vector', () => {
    expect(() => participationRatio([0, 0])).toThrow(/zero vector/);
    expect(() => participationRatio([1, Number.NaN])).toThrow(/not finite/);
    expect(() => participationRatio([1, 2], 2)).toThrow(RangeError);
  });
  it('ordered chain: cosine modes have PR = 2N/3, except k = 0 and k = N/2 (PR = N)', () => {
    // v_k(x) = cos(πk(x + ½)/N): Σ v² = N/2 and Σ v⁴ = 3N/8 (k ≠ 0, N/2); constant modulus otherwise.
    const N = 64;
    const { diag, off } = disorderedChainForceMatrix(new Float64Array(N).fill(1), 1);
    const eig = symmetricTridiagonalEigen(diag, off, { vectors: true });
    const prs = participationRatios(eig);
    for (let k = 0; k < N; k++) expect(prs[k]).toBeCloseTo(k === 0 || k === N / 2 ? N : (2 * N) / 3, 9);
    expect(meanParticipationRatio(diag, off)).toBeCloseTo(2 + (2 * (N - 2)) / 3, 9);
  });
});

describe('lyapunovExponent: ordered chain (W = 0) is exact', () => {
  it('acosh(|E|/2) is ln of the larger root of μ² − Eμ + 1 = 0 (|E| > 2)', () => {
    for (const E of [-7, -2.5, -2.0001, 2.0001, 3, 10]) {
      const r = Math.sqrt((E * E) / 4 - 1);
      const [muPlus, muMinus] = [E / 2 + r, E / 2 - r];
      expect(muPlus * muMinus).toBeCloseTo(1, 12); // det T = 1
      expect(muPlus + muMinus).toBeCloseTo(E, 12); // tr T = E
      expect(Math.acosh(Math.abs(E) / 2)).toBeCloseTo(Math.log(Math.max(Math.abs(muPlus), Math.abs(muMinus))), 12);
    }
    // Band of the ordered chain: ω² ≤ ν² ≤ ω² + 8g0 ⇔ |E| ≤ 2.
    expect(orderedChainLyapunov(1, 1, 1)).toBe(0);
    expect(orderedChainLyapunov(1, 1, 3)).toBe(0);
    expect(orderedChainLyapunov(1, 1, 0)).toBeCloseTo(Math.acosh(1.25), 15); // E = 2.5
    expect(orderedChainLyapunov(1, 1, 4)).toBeCloseTo(Math.acosh(2.75), 15); // E = −5.5
  });

  const L = 20_000;
  const params = fc.record({
    omega: fc.double({ min: 0.2, max: 2, noNaN: true }),
    g0: fc.double({ min: 0.1, max: 2, noNaN: true }),
    where: fc.double({ min: 0, max: 1, noNaN: true }),
    region: fc.constantFrom('below', 'inside', 'above'),
  });
  test.prop([params], { seed: 4103, numRuns: 60 })('matches 0 inside the band and acosh(|E|/2) outside, to O(1/L)', ({ omega, g0, where, region }) => {
    const w2 = omega * omega;
    const nu2 = region === 'below' ? w2 * 0.95 * where : region === 'inside' ? w2 + 8 * g0 * (0.05 + 0.9 * where) : w2 + 8 * g0 * (1.02 + 2 * where);
    const nu = Math.sqrt(nu2);
    const exact = orderedChainLyapunov(omega, g0, nu);
    if (region === 'inside') expect(exact).toBe(0);
    else expect(exact).toBeGreaterThan(0);
    const gammaL = lyapunovExponent(new Float64Array(L).fill(omega), g0, nu);
    expect(Math.abs(gammaL - exact)).toBeLessThan(10 / L + 1e-9 * exact);
  });
});

describe('lyapunovExponent: disordered chain (W = 0.3, g0 = 1)', () => {
  const W = 0.3;
  const g0 = 1;
  const [m2, var2] = omegaSquaredMoments(1, W);
  const omega = uniformDisorderFrequencies(1_000_000, 1, W, streamFor(4104, 1));
  /** ν with ⟨ω²⟩ + 8g0·f = ν², f ∈ (0, 1) across the (mean) band. */
  const nuAt = (f: number): number => Math.sqrt(m2 + 8 * g0 * f);
  /**
   * Weak-disorder (Born) result for the Anderson chain with on-site energies ω_x², hopping 2g0:
   * γ = Var(ω²) / (8 (2g0)² sin²k), where 2cos k = (⟨ω²⟩ + 4g0 − ν²)/(2g0).
   */
  const born = (f: number): number => {
    const cosk = (m2 + 4 * g0 - nuAt(f) ** 2) / (4 * g0);
    return var2 / (32 * g0 * g0 * (1 - cosk * cosk));
  };

  it('is positive across the band and matches the weak-disorder (Born) formula', () => {
    const rows: string[] = [];
    for (const f of [0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9]) {
      const gamma = lyapunovExponent(omega, g0, nuAt(f));
      rows.push(`f=${f}: γ=${gamma.toFixed(5)} Born=${born(f).toFixed(5)}`);
      expect(gamma).toBeGreaterThan(0.005);
      expect(Math.abs(gamma / born(f) - 1)).toBeLessThan(0.12);
    }
    console.log(`Lyapunov exponent, W = ${W}, g0 = ${g0}, L = 1e6: ${rows.join('; ')}`);
  });

  it('shows the Kappus–Wegner anomaly at the band centre (γ/γ_Born → 96/105 ≈ 0.914)', () => {
    const ratio = lyapunovExponent(omega, g0, nuAt(0.5)) / born(0.5);
    expect(ratio).toBeGreaterThan(0.86);
    expect(ratio).toBeLessThan(0.97);
  });

  it('agrees with the Thouless formula evaluated on the QL eigenvalues of independent chains', () => {
    const N = 2000;
    const spectra = [2, 3, 4, 5].map((r) => {
      const { diag, off } = disorderedChainForceMatrix(uniformDisorderFrequencies(N, 1, W, streamFor(4104, r)), g0);
      return symmetricTridiagonalEigen(diag, off).values;
    });
    const rows: string[] = [];
    for (const f of [0.15, 0.3, 0.45, 0.6, 0.75, 0.9]) {
      let ratio = 0;
      for (const values of spectra) {
        // ν² midway between the two consecutive eigenvalues around the target (ln|ν² − λ_k| is singular at λ_k).
        let k = 0;
        while (k < N - 2 && values[k + 1]! < nuAt(f) ** 2) k++;
        const nu = Math.sqrt((values[k]! + values[k + 1]!) / 2);
        ratio += thoulessLyapunov(values, g0, nu) / lyapunovExponent(omega, g0, nu) / spectra.length;
      }
      rows.push(`f=${f}: ${ratio.toFixed(3)}`);
      expect(Math.abs(ratio - 1)).toBeLessThan(0.15);
    }
    console.log(`Thouless (4 chains, N = ${N}) / transfer matrix (L = 1e6): ${rows.join('; ')}`);
  });

  it('Thouless formula on the ordered chain reproduces acosh(|E|/2) and 0', () => {
    const N = 2000;
    const { diag, off } = disorderedChainForceMatrix(new Float64Array(N).fill(1), 1);
    const { values } = symmetricTridiagonalEigen(diag, off);
    for (const nu2 of [0.3, 9.5, 12]) expect(Math.abs(thoulessLyapunov(values, 1, Math.sqrt(nu2)) - orderedChainLyapunov(1, 1, Math.sqrt(nu2)))).toBeLessThan(2e-3);
    const mid = Math.sqrt((values[1000]! + values[1001]!) / 2);
    expect(Math.abs(thoulessLyapunov(values, 1, mid))).toBeLessThan(2e-3);
  });

  it('rejects bad parameters', () => {
    expect(() => lyapunovExponent([1, 1], 0, 1)).toThrow(/g0/);
    expect(() => lyapunovExponent([1, 1], 1, Number.NaN)).toThrow(/nu/);
    expect(() => lyapunovExponent([1, 1], 1, 1, { discard: 2 })).toThrow(/discard/);
  });
});

describe('eigenvectorDecayRate', () => {
  it('recovers the rate of an exact exponential and ignores the core and the round-off floor', () => {
    // |v_x| = e^{−0.15|x − 150|} on sites 0..400, plus a 1e-15 "round-off" pattern that must be cut.
    const v = Float64Array.from({ length: 401 }, (_, x) => (x % 3 === 0 ? -1 : 1) * Math.exp(-0.15 * Math.abs(x - 150)) + (x % 2 ? 1e-15 : -1e-15));
    const r = eigenvectorDecayRate(v, { minDistance: 5 });
    expect(r.center).toBe(150);
    expect(r.rate).toBeCloseTo(0.15, 6);
    // Left: d = 5..150 (146 sites). Right: d = 5..168, since e^{−0.15·169} < 1e-11 (164 sites).
    expect(r.points).toBe(146 + 164);
    expect(eigenvectorDecayRate(v, { minDistance: 5, maxDistance: 20 }).points).toBe(32);
    expect(eigenvectorDecayRate([0, 1, 0]).rate).toBeNaN();
  });
});

describe('Anderson localisation: sanity run (ω uniform on [1 − √3W, 1 + √3W], g0 = 1)', () => {
  // W = 0.3 keeps every ω_x ≥ 0.48 > 0 (the review requires ω_x > 0) while the mid-band
  // localisation length ξ = 1/γ ≈ 70-95 sites stays well below L = 1024 (see the Lyapunov test).
  const W = 0.3;
  const g0 = 1;
  const chains = new Map<string, { omega: Float64Array; eig: SymmetricEigenResult; meanPR: number }>();
  const solve = (L: number, w: number, rep: number): { omega: Float64Array; eig: SymmetricEigenResult; meanPR: number } => {
    const key = `${L}/${w}/${rep}`;
    let c = chains.get(key);
    if (c === undefined) {
      const omega = uniformDisorderFrequencies(L, 1, w, streamFor(2026, L, Math.round(w * 1000), rep));
      const { diag, off } = disorderedChainForceMatrix(omega, g0);
      const eig = symmetricTridiagonalEigen(diag, off, { vectors: true });
      const prs = participationRatios(eig);
      c = { omega, eig, meanPR: prs.reduce((a, b) => a + b, 0) / L };
      chains.set(key, c);
    }
    return c;
  };
  let pr: Record<string, number> = {};
  beforeAll(() => {
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    pr = {
      'W=0,L=256': solve(256, 0, 0).meanPR,
      'W=0,L=1024': solve(1024, 0, 0).meanPR,
      'W=0.3,L=256': mean([0, 1, 2, 3].map((r) => solve(256, W, r).meanPR)),
      'W=0.3,L=1024': mean([0, 1].map((r) => solve(1024, W, r).meanPR)),
      'W=0.5,L=256': mean([0, 1, 2, 3].map((r) => solve(256, 0.5, r).meanPR)),
      'W=0.5,L=1024': solve(1024, 0.5, 0).meanPR,
    };
    console.log(`mean participation ratio (g0 = 1): ${Object.entries(pr).map(([k, v]) => `${k}: ${v.toFixed(2)}`).join('; ')}`);
  });

  it('W = 0: PR grows ∝ L, exactly 2 + 2(L − 2)/3', () => {
    expect(pr['W=0,L=256']).toBeCloseTo(2 + (2 * 254) / 3, 8);
    expect(pr['W=0,L=1024']).toBeCloseTo(2 + (2 * 1022) / 3, 8);
  });

  it('W > 0: PR stays bounded (far below L) as L grows fourfold', () => {
    expect(pr['W=0.3,L=1024']! / pr['W=0.3,L=256']!).toBeLessThan(1.6); // ordered chain: ×3.99
    expect(pr['W=0.3,L=1024']!).toBeLessThan(0.1 * 1024);
    expect(pr['W=0.5,L=1024']! / pr['W=0.5,L=256']!).toBeLessThan(1.25);
    expect(pr['W=0.5,L=1024']!).toBeLessThan(pr['W=0.3,L=1024']!); // stronger disorder, shorter ξ
  });

  it('eigenvector decay rate ≈ Lyapunov exponent at ν² = λ (mid-band modes, within 30% on average)', () => {
    const L = 1024;
    const { eig } = solve(L, W, 0);
    // γ(ν) from an independent long chain (on the same chain ν² = λ_k is a resonance, see lyapunovExponent).
    const reference = uniformDisorderFrequencies(200_000, 1, W, streamFor(2026, 9));
    const ratios: number[] = [];
    for (let k = Math.floor(0.2 * L); k < 0.8 * L; k += 8) {
      const fit = eigenvectorDecayRate(eigenvectorView(eig, k), { minDistance: 20 });
      if (fit.center < L / 4 || fit.center > (3 * L) / 4 || !(fit.points > 100)) continue;
      ratios.push(fit.rate / lyapunovExponent(reference, g0, Math.sqrt(eig.values[k]!)));
    }
    const meanRatio = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    console.log(`decay rate / Lyapunov exponent over ${ratios.length} mid-band modes (W = ${W}, L = ${L}): mean ${meanRatio.toFixed(3)}, range ${Math.min(...ratios).toFixed(2)}..${Math.max(...ratios).toFixed(2)}`);
    expect(ratios.length).toBeGreaterThanOrEqual(15);
    expect(Math.abs(meanRatio - 1)).toBeLessThan(0.3);
  });
});

describe('tridiagonalLyapunov (any tridiagonal K)', () => {
  it('equals lyapunovExponent on the disordered chain\'s K, is ≈ 0 in the ordered band, and refuses bad shapes', () => {
    const g0 = 1;
    const omega = uniformDisorderFrequencies(200_000, 1, 0.3, streamFor(77, 1));
    const { diag, off } = disorderedChainForceMatrix(omega, g0);
    for (const nu of [1.2, 2, 2.6]) {
      const a = tridiagonalLyapunov(diag, off, nu * nu);
      const b = lyapunovExponent(omega, g0, nu, { discard: 1000 });
      expect(a).toBeGreaterThan(0);
      expect(Math.abs(a - b)).toBeLessThan(0.02 * b + 20 / 200_000);
    }
    const ordered = disorderedChainForceMatrix(new Float64Array(100_000).fill(1), g0);
    expect(Math.abs(tridiagonalLyapunov(ordered.diag, ordered.off, 3))).toBeLessThan(1e-3);
    expect(() => tridiagonalLyapunov(new Float64Array(5), new Float64Array(5), 1, 0)).toThrow(/off has length/);
    expect(() => tridiagonalLyapunov(new Float64Array(5), new Float64Array(4), 1)).toThrow(/discard/);
  });
});
