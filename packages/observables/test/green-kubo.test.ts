/**
 * Green–Kubo analysis: FFT against the direct transform, the FFT autocorrelation against the
 * direct O(N²) sum, and the plateau value on Ornstein–Uhlenbeck series whose correlation integral
 * is known exactly (σ²τ), within its stated standard error; a series with a different τ is
 * rejected (the estimate can fail).
 */
import { describe, expect, it } from 'vitest';
import { streamFor } from '@glassy/contracts';
import { autocorrelation, fft, greenKubo } from '../src/index.js';

describe('fft and autocorrelation', () => {
  it('matches the direct DFT and the direct autocorrelation sum', () => {
    const r = streamFor(3, 1);
    const n = 64;
    const x = Float64Array.from({ length: n }, () => r.normal());
    const re = x.slice();
    const im = new Float64Array(n);
    fft(re, im);
    for (const k of [0, 1, 7, 31, 63]) {
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        sr += x[j]! * Math.cos((-2 * Math.PI * j * k) / n);
        si += x[j]! * Math.sin((-2 * Math.PI * j * k) / n);
      }
      expect(re[k]).toBeCloseTo(sr, 10);
      expect(im[k]).toBeCloseTo(si, 10);
    }
    const y = Float64Array.from({ length: 300 }, () => r.normal());
    const c = autocorrelation(y, 40);
    for (const k of [0, 1, 13, 40]) {
      let s = 0;
      for (let i = 0; i + k < 300; i++) s += y[i + k]! * y[i]!;
      expect(c[k]).toBeCloseTo(s / (300 - k), 10);
    }
    expect(() => fft(new Float64Array(6), new Float64Array(6))).toThrow(/power of two/);
  });
});

/** OU series with variance σ² and correlation time τ, sampled every dt (exact AR(1)). */
function ou(seed: number, n: number, dt: number, tau: number, sigma: number): Float64Array {
  const r = streamFor(seed, 5);
  const a = Math.exp(-dt / tau);
  const b = sigma * Math.sqrt(1 - a * a);
  const out = new Float64Array(n);
  let x = sigma * r.normal();
  for (let i = 0; i < n; i++) {
    out[i] = x;
    x = a * x + b * r.normal();
  }
  return out;
}

describe('greenKubo', () => {
  const dt = 0.1;
  const series = (tau: number) => Array.from({ length: 64 }, (_, s) => ou(100 + s, 4000, dt, tau, 2));
  it('recovers ∫C = σ²τ on Ornstein–Uhlenbeck series within its standard error (β²/L = 1)', () => {
    const gk = greenKubo(series(1.5), dt, 1, 1, 15);
    const exact = 4 * 1.5; // trapezoid bias at dt/τ = 1/15 is ≈ 4·1.5·(dt/τ)²/12, negligible here
    expect(Math.abs(gk.kappa - exact)).toBeLessThan(4 * gk.kappaStdError);
    expect(gk.kappaStdError / gk.kappa).toBeLessThan(0.1);
    expect(gk.lags.length).toBe(151);
    expect(gk.correlation[0]).toBeCloseTo(4, 0);
  });
  it('tells a different correlation time apart (power against a wrong τ)', () => {
    const gk = greenKubo(series(2.5), dt, 1, 1, 25);
    expect(Math.abs(gk.kappa - 4 * 1.5)).toBeGreaterThan(4 * gk.kappaStdError);
  });
  it('applies the β²/L convention', () => {
    const a = greenKubo(series(1), dt, 1, 1, 10);
    const b = greenKubo(series(1), dt, 2, 8, 10);
    expect(b.kappa).toBeCloseTo(a.kappa * (4 / 8), 12);
  });
});
