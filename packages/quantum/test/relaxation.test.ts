/**
 * φ_q(t) by the eigendecomposition (densityRelaxation) against a second method: the propagator
 * e^{−iHt} built column by column with Krylov evolution, C_x(t) = Σ_{r,s} n_x(r) n_x(s)
 * |⟨r|e^{−iHt}|s⟩|² / D − (Tr n_x/D)². At g = 0 the densities are conserved: φ_q ≡ 0, plateau 0.
 */
import { describe, expect, it } from 'vitest';
import { krylovEvolve } from '@glassy/linalg';
import { boseHubbard, csrMultiply, densityRelaxation, quantumParams } from '../src/index.js';

function phiByPropagation(L: number, N: number, g: number, t: number): number {
  const sys = boseHubbard.create(quantumParams(boseHubbard, { L, N, U: 1, g }));
  const H = sys.hamiltonian();
  const D = H.n;
  const prob = new Float64Array(D * D); // prob[r·D + s] = |⟨r|U|s⟩|²
  for (let s = 0; s < D; s++) {
    const re = new Float64Array(D);
    const im = new Float64Array(D);
    re[s] = 1;
    krylovEvolve((x, y) => csrMultiply(H, x, y), re, im, t, { tolerance: 1e-13 });
    for (let r = 0; r < D; r++) prob[r * D + s] = re[r]! ** 2 + im[r]! ** 2;
  }
  let ct = 0;
  let c0 = 0;
  for (const d of sys.densities) {
    const n = d.diagonal;
    const mean = n.reduce((a, b) => a + b, 0) / D;
    let tr = 0;
    let tr0 = 0;
    for (let r = 0; r < D; r++) {
      tr0 += n[r]! * n[r]!;
      for (let s = 0; s < D; s++) tr += n[r]! * n[s]! * prob[r * D + s]!;
    }
    ct += tr / D - mean * mean;
    c0 += tr0 / D - mean * mean;
  }
  return 1 - ct / c0;
}

describe('densityRelaxation', () => {
  it.each([0.3, 2, 40])('L = N = 4, g = 0.4, t = %s: equals the Krylov propagator to 1e-9', (t) => {
    const sys = boseHubbard.create(quantumParams(boseHubbard, { L: 4, N: 4, U: 1, g: 0.4 }));
    const { phi } = densityRelaxation(sys, [t]);
    expect(Math.abs(phi[0]! - phiByPropagation(4, 4, 0.4, t))).toBeLessThan(1e-9);
  });

  it('φ_q(0) = 0, φ_q stays in [0, 1], and the plateau lies between 0 and 1', () => {
    const sys = boseHubbard.create(quantumParams(boseHubbard, { L: 4, N: 4, U: 1, g: 1 }));
    const r = densityRelaxation(sys, [0, 1, 10, 100]);
    expect(Math.abs(r.phi[0]!)).toBeLessThan(1e-12);
    expect(r.plateau).toBeGreaterThan(0.3);
    expect(r.plateau).toBeLessThan(1);
  });

  it('g = 0: the densities are conserved, φ_q ≡ 0 and the plateau is 0', () => {
    const sys = boseHubbard.create(quantumParams(boseHubbard, { L: 4, N: 4, U: 1, g: 0 }));
    const r = densityRelaxation(sys, [1, 1000]);
    expect(Math.max(...r.phi.map(Math.abs))).toBeLessThan(1e-12);
    expect(Math.abs(r.plateau)).toBeLessThan(1e-12);
  });
});
