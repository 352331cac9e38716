/**
 * The HMC route to exp(−βH) (ensemble/hmc.ts) against exact laws. Fixed seeds; each comparison
 * is a test at false-alarm rate α = 1e-3 (KS p-value, or |z| < 3.3 for means), and each has a
 * control the same test must reject: the chain run at a wrong β (×1.3), whose rejection is the
 * test's power at these sample sizes (measured, not assumed: the control asserts it).
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { describe, expect, it } from 'vitest';
import { streamFor, type HamiltonianModel } from '@glassy/contracts';
import { anharmonicChain, createDnls, rotorChain } from '@glassy/models';
import { hmcSample, ksOneSample, ksTwoSample, meanAndStdError } from '../src/index.js';

const ALPHA = 1e-3;
const Z_CRIT = 3.29; // two-sided normal quantile at α = 1e-3

function hmcDraws(model: HamiltonianModel, beta: number, samples: number, seed: number, f: (q: Float64Array, p: Float64Array) => number[]): { values: number[]; acceptance: number } {
  const q = new Float64Array(model.dof);
  const p = new Float64Array(model.dof);
  const values: number[] = [];
  let acc = 0;
  for (let i = 0; i < samples; i++) {
    const r = hmcSample(model, q, p, { beta, burnIn: 200, trajectories: 200 }, streamFor(seed, i));
    acc += r.acceptance;
    values.push(...f(q, p));
  }
  return { values, acceptance: acc / samples };
}

function gibbsDraws(model: HamiltonianModel, beta: number, samples: number, seed: number, f: (q: Float64Array, p: Float64Array) => number[]): number[] {
  const q = new Float64Array(model.dof);
  const p = new Float64Array(model.dof);
  const values: number[] = [];
  for (let i = 0; i < samples; i++) {
    model.gibbs!.sample(q, p, beta, streamFor(seed, i));
    values.push(...f(q, p));
  }
  return values;
}

describe('HMC equilibrium samples (the route for models without a Gibbs sampler or a separable H)', () => {
  it('DNLS at g = 0: n_x = |ψ_x|² follows the exact law ∝ exp(−βU n²) (KS), and β × 1.3 is rejected', () => {
    const model = createDnls({ L: 8, U: 1, g: 0 });
    const n = (q: Float64Array, p: Float64Array) => Array.from(q, (qx, x) => (qx * qx + p[x]! * p[x]!) / 2);
    const { values, acceptance } = hmcDraws(model, 1, 200, 11, n);
    // n ≥ 0 with density ∝ exp(−βU n²): |N(0, σ²)| with σ² = 1/(2βU), CDF 2Φ(n/σ) − 1.
    const cdf = (beta: number) => (x: number) => 2 * normalCdf(x, 0, Math.sqrt(1 / (2 * beta))) - 1;
    const ks = ksOneSample(values, cdf(1));
    expect(ks.pValue, `D = ${ks.statistic}, acceptance ${acceptance}`).toBeGreaterThan(ALPHA);
    expect(acceptance).toBeGreaterThan(0.4);
    const wrong = hmcDraws(model, 1.3, 200, 11, n).values;
    expect(ksOneSample(wrong, cdf(1)).pValue).toBeLessThan(ALPHA);
  });

  it('DNLS at g = 1: equipartition ⟨x·∇H⟩/(2n) = 1/β, and β × 1.3 is rejected', () => {
    const model = createDnls({ L: 16, U: 1, g: 1 });
    const virial = (q: Float64Array, p: Float64Array) => {
      const gq = new Float64Array(q.length);
      const gp = new Float64Array(q.length);
      model.gradient(q, p, gq, gp);
      let s = 0;
      for (let k = 0; k < q.length; k++) s += q[k]! * gq[k]! + p[k]! * gp[k]!;
      return [s / (2 * q.length)];
    };
    for (const beta of [0.5, 2]) {
      const { mean, stdError } = meanAndStdError(hmcDraws(model, beta, 300, 12, virial).values);
      expect(Math.abs(mean - 1 / beta) / stdError, `⟨x·∇H⟩/2n = ${mean} ± ${stdError} at β = ${beta}`).toBeLessThan(Z_CRIT);
      const wrong = meanAndStdError(hmcDraws(model, 1.3 * beta, 300, 12, virial).values);
      expect(Math.abs(wrong.mean - 1 / beta) / wrong.stdError).toBeGreaterThan(Z_CRIT);
    }
  });

  it('rotor chain: HMC and the exact Gibbs sampler give the same law of H/L (two-sample KS), and β × 1.3 is rejected', () => {
    const model = rotorChain.create(rotorChain.params.parse({ L: 16 }));
    const e = (q: Float64Array, p: Float64Array) => [model.hamiltonian(q, p) / model.sites];
    const exact = gibbsDraws(model, 1, 300, 100, e);
    const ks = ksTwoSample(hmcDraws(model, 1, 300, 200, e).values, exact);
    expect(ks.pValue, `D = ${ks.statistic}`).toBeGreaterThan(ALPHA);
    expect(ksTwoSample(hmcDraws(model, 1.3, 300, 200, e).values, exact).pValue).toBeLessThan(ALPHA);
  });

  it('anharmonic chain (no exact sampler): p_x ~ N(0, 1/β) (KS) and ⟨q·∂H/∂q⟩/n = 1/β; β × 1.3 is rejected', () => {
    const model = anharmonicChain.create(anharmonicChain.params.parse({ L: 16 }));
    const momenta = (_q: Float64Array, p: Float64Array) => Array.from(p);
    const cdf = (x: number) => normalCdf(x, 0, 1);
    expect(ksOneSample(hmcDraws(model, 1, 300, 300, momenta).values, cdf).pValue).toBeGreaterThan(ALPHA);
    expect(ksOneSample(hmcDraws(model, 1.3, 300, 300, momenta).values, cdf).pValue).toBeLessThan(ALPHA);
    const virial = (q: Float64Array, p: Float64Array) => {
      const gq = new Float64Array(q.length);
      model.gradient(q, p, gq, new Float64Array(q.length));
      return [q.reduce((s, qx, k) => s + qx * gq[k]!, 0) / q.length];
    };
    const right = meanAndStdError(hmcDraws(model, 1, 300, 301, virial).values);
    expect(Math.abs(right.mean - 1) / right.stdError, `⟨q·∂H/∂q⟩/n = ${right.mean} ± ${right.stdError}`).toBeLessThan(Z_CRIT);
    const wrong = meanAndStdError(hmcDraws(model, 1.3, 300, 301, virial).values);
    expect(Math.abs(wrong.mean - 1) / wrong.stdError).toBeGreaterThan(Z_CRIT);
  });

  it('is a pure function of its stream: same stream, same state, bit for bit', () => {
    const model = createDnls({ L: 8, U: 1, g: 1 });
    const draw = () => {
      const q = new Float64Array(8);
      const p = new Float64Array(8);
      hmcSample(model, q, p, { beta: 1, burnIn: 20, trajectories: 20 }, streamFor(5, 3));
      return [...q, ...p];
    };
    expect(draw()).toEqual(draw());
  });
});
