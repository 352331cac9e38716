/**
 * The DNLS family and the disordered chain, against their definitions: gradients and forces
 * against finite differences of H, each exact sub-flow against a fine RK4 integration of its
 * own piece of H, local energies summing to H with ė_x = j_{x−1} − j_x, and the disorder
 * reproducible from its seed.
 */
import { describe, expect, it } from 'vitest';
import { streamFor } from '@glassy/contracts';
import { disorderedBondCurrent } from '../src/disordered-chain/physics.js';
import { bondFlow, createDisorderedChain, createDisorderedDnls, createDnls, disorderedChain, disorderedDnls, dnls, onSiteFlow, packetMoments, uniformDisorder } from '../src/index.js';

const rand = (n: number, seed: number, scale = 1): Float64Array => {
  const r = streamFor(seed, 99);
  return Float64Array.from({ length: n }, () => scale * (2 * r.uniform() - 1));
};

/** Central differences of H. */
function fdGradient(H: (q: Float64Array, p: Float64Array) => number, q: Float64Array, p: Float64Array): { dq: Float64Array; dp: Float64Array } {
  const h = 1e-6;
  const dq = new Float64Array(q.length);
  const dp = new Float64Array(p.length);
  for (let i = 0; i < q.length; i++) {
    const q1 = q.slice();
    const q2 = q.slice();
    q1[i]! += h;
    q2[i]! -= h;
    dq[i] = (H(q1, p) - H(q2, p)) / (2 * h);
    const p1 = p.slice();
    const p2 = p.slice();
    p1[i]! += h;
    p2[i]! -= h;
    dp[i] = (H(q, p1) - H(q, p2)) / (2 * h);
  }
  return { dq, dp };
}

/** RK4 on q̇ = ∂H/∂p, ṗ = −∂H/∂q with a tiny step: the reference for the exact flows. */
function rk4Flow(grad: (q: Float64Array, p: Float64Array, gq: Float64Array, gp: Float64Array) => void, q: Float64Array, p: Float64Array, t: number, n = 4000): void {
  const L = q.length;
  const h = t / n;
  const k = Array.from({ length: 8 }, () => new Float64Array(L));
  const qs = new Float64Array(L);
  const ps = new Float64Array(L);
  const f = (qq: Float64Array, pp: Float64Array, kq: Float64Array, kp: Float64Array): void => {
    grad(qq, pp, kp, kq); // kp ← ∂H/∂q, kq ← ∂H/∂p
    for (let i = 0; i < L; i++) kp[i] = -kp[i]!;
  };
  for (let s = 0; s < n; s++) {
    f(q, p, k[0]!, k[1]!);
    for (let i = 0; i < L; i++) {
      qs[i] = q[i]! + 0.5 * h * k[0]![i]!;
      ps[i] = p[i]! + 0.5 * h * k[1]![i]!;
    }
    f(qs, ps, k[2]!, k[3]!);
    for (let i = 0; i < L; i++) {
      qs[i] = q[i]! + 0.5 * h * k[2]![i]!;
      ps[i] = p[i]! + 0.5 * h * k[3]![i]!;
    }
    f(qs, ps, k[4]!, k[5]!);
    for (let i = 0; i < L; i++) {
      qs[i] = q[i]! + h * k[4]![i]!;
      ps[i] = p[i]! + h * k[5]![i]!;
    }
    f(qs, ps, k[6]!, k[7]!);
    for (let i = 0; i < L; i++) {
      q[i] = q[i]! + (h / 6) * (k[0]![i]! + 2 * k[2]![i]! + 2 * k[4]![i]! + k[6]![i]!);
      p[i] = p[i]! + (h / 6) * (k[1]![i]! + 2 * k[3]![i]! + 2 * k[5]![i]! + k[7]![i]!);
    }
  }
}

const maxDiff = (a: Float64Array, b: Float64Array): number => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);

describe('dnls', () => {
  const m = createDnls({ L: 7, U: 0.8, g: 1.3 });
  const q = rand(7, 1);
  const p = rand(7, 2);

  it('gradient matches finite differences of H (odd ring: three bond groups)', () => {
    const gq = new Float64Array(7);
    const gp = new Float64Array(7);
    m.gradient(q, p, gq, gp);
    const fd = fdGradient(m.hamiltonian, q, p);
    expect(maxDiff(gq, fd.dq)).toBeLessThan(1e-8);
    expect(maxDiff(gp, fd.dp)).toBeLessThan(1e-8);
    expect(m.subFlows!.length).toBe(4);
  });

  it('H = U Σ|ψ|⁴ + g Σ|ψ_{x+1} − ψ_x|² with ψ = (q + ip)/√2', () => {
    let h = 0;
    for (let x = 0; x < 7; x++) {
      const y = (x + 1) % 7;
      h += 0.8 * ((q[x]! ** 2 + p[x]! ** 2) / 2) ** 2 + 1.3 * (((q[y]! - q[x]!) ** 2 + (p[y]! - p[x]!) ** 2) / 2);
    }
    expect(m.hamiltonian(q, p)).toBeCloseTo(h, 12);
  });

  it('the sub-flows compose to the full flow (Strang with tiny steps agrees with RK4 on the full H)', () => {
    const a = { q: q.slice(), p: p.slice() };
    const b = { q: q.slice(), p: p.slice() };
    const T = 0.5;
    const n = 2000;
    const flows = m.subFlows!;
    for (let s = 0; s < n; s++) {
      const h = T / n;
      for (let k = 0; k < flows.length - 1; k++) flows[k]!.flow(a.q, a.p, h / 2);
      flows[flows.length - 1]!.flow(a.q, a.p, h);
      for (let k = flows.length - 2; k >= 0; k--) flows[k]!.flow(a.q, a.p, h / 2);
    }
    rk4Flow(m.gradient, b.q, b.p, T);
    expect(maxDiff(a.q, b.q)).toBeLessThan(1e-6);
    expect(maxDiff(a.p, b.p)).toBeLessThan(1e-6);
  });

  it('each sub-flow is the exact flow of its piece: on-site rotation and bond hopping', () => {
    // On-site piece U Σ|ψ|⁴: gradient U(q² + p²)(q, p).
    const a = { q: q.slice(), p: p.slice() };
    onSiteFlow(a.q, a.p, null, 0.8, 0.7);
    const b = { q: q.slice(), p: p.slice() };
    rk4Flow(
      (qq, pp, gq, gp) => {
        for (let x = 0; x < qq.length; x++) {
          gq[x] = 0.8 * (qq[x]! ** 2 + pp[x]! ** 2) * qq[x]!;
          gp[x] = 0.8 * (qq[x]! ** 2 + pp[x]! ** 2) * pp[x]!;
        }
      },
      b.q,
      b.p,
      0.7,
    );
    expect(maxDiff(a.q, b.q)).toBeLessThan(1e-10);
    // One bond (0, 1) of D(|ψ0|² + |ψ1|²) − J(ψ0ψ̄1 + c.c.): gradient D(q0, p0) − J(q1, p1) etc.
    const D = 0.4;
    const J = -1.1;
    const c = { q: q.slice(0, 2), p: p.slice(0, 2) };
    bondFlow(c.q, c.p, Int32Array.from([0, 1]), D, J, 0.9);
    const d = { q: q.slice(0, 2), p: p.slice(0, 2) };
    rk4Flow((qq, pp, gq, gp) => {
      gq[0] = D * qq[0]! - J * qq[1]!;
      gq[1] = D * qq[1]! - J * qq[0]!;
      gp[0] = D * pp[0]! - J * pp[1]!;
      gp[1] = D * pp[1]! - J * pp[0]!;
    }, d.q, d.p, 0.9);
    expect(maxDiff(c.q, d.q)).toBeLessThan(1e-10);
    expect(maxDiff(c.p, d.p)).toBeLessThan(1e-10);
  });

  it('validates its parameters', () => {
    expect(dnls.params.safeParse({ U: -1 }).success).toBe(false);
  });
});

describe('disordered-dnls', () => {
  const params = disorderedDnls.params.parse({ L: 9, W: 4, nonlinearity: 1.5, hopping: -1, disorderSeed: 5 }) as Parameters<typeof createDisorderedDnls>[0];
  const m = createDisorderedDnls(params);
  it('gradient matches finite differences of H; sub-flows compose to the flow', () => {
    const q = rand(9, 3);
    const p = rand(9, 4);
    const gq = new Float64Array(9);
    const gp = new Float64Array(9);
    m.gradient(q, p, gq, gp);
    const fd = fdGradient(m.hamiltonian, q, p);
    expect(maxDiff(gq, fd.dq)).toBeLessThan(1e-8);
    expect(maxDiff(gp, fd.dp)).toBeLessThan(1e-8);
    const a = { q: q.slice(), p: p.slice() };
    const flows = m.subFlows!;
    for (let s = 0; s < 2000; s++) {
      const h = 0.5 / 2000;
      flows[0]!.flow(a.q, a.p, h / 2);
      flows[1]!.flow(a.q, a.p, h / 2);
      flows[2]!.flow(a.q, a.p, h);
      flows[1]!.flow(a.q, a.p, h / 2);
      flows[0]!.flow(a.q, a.p, h / 2);
    }
    rk4Flow(m.gradient, q, p, 0.5);
    expect(maxDiff(a.q, q)).toBeLessThan(1e-6);
  });
  it('the disorder is reproducible from its seed and uniform on [−W/2, W/2]', () => {
    const eps = (seed: number) => createDisorderedDnls({ ...params, L: 2000, disorderSeed: seed, nonlinearity: 0, hopping: 1 });
    const a = eps(5);
    const b = eps(5);
    const z = new Float64Array(2000);
    const one = new Float64Array(2000);
    one[0] = Math.SQRT2; // |ψ_0|² = 1: H = ε_0
    expect(a.hamiltonian(one, z)).toBe(b.hamiltonian(one, z));
    expect(Math.abs(a.hamiltonian(one, z))).toBeLessThanOrEqual(2);
    expect(eps(6).hamiltonian(one, z)).not.toBe(a.hamiltonian(one, z));
  });
});

describe('disorderedBondCurrent', () => {
  it('sets the free end current to 0 whatever the buffer held', () => {
    const out = new Float64Array(4).fill(7);
    disorderedBondCurrent(Float64Array.from([0.1, 0.4, -0.2, 0.3]), Float64Array.from([1, -1, 0.5, 2]), 0.5, out);
    expect(out[3]).toBe(0);
    expect(out[0]).toBeCloseTo(0.5 * (0.1 - 0.4) * (1 - 1), 14);
    expect(out[1]).toBeCloseTo(0.5 * (0.4 + 0.2) * (-1 + 0.5), 14);
  });
});

describe('uniformDisorder', () => {
  it('pins the realisation of a seed across versions (stored results name their disorder by seed)', () => {
    // Values of this version: a change of the stream, its order or the map u → ε changes every
    // disordered result a user has stored, and must be a deliberate, announced change.
    expect([...uniformDisorder(3, 0.5, 1, 1)]).toEqual([0.16925185919162805, -0.9007563959702565, 0.6431507124102926]);
  });
});

describe('packetMoments', () => {
  it('norm, centre, second moment and participation of a packet with known weights', () => {
    // |ψ_l|² = (q² + p²)/2 = 0, 1, 3, 0 (q and p both carry weight, of different sizes).
    const q = Float64Array.from([0, 1, Math.sqrt(2), 0]);
    const p = Float64Array.from([0, 1, 2, 0]);
    const m = packetMoments(q, p);
    expect(m.norm).toBeCloseTo(4, 14);
    expect(m.centre).toBeCloseTo((1 * 1 + 2 * 3) / 4, 14);
    // n = (1/4, 3/4) at l = 1, 2: m2 = Σ (l − 7/4)² n_l = 3/16, P = 1/Σ n² = 1/(1/16 + 9/16) = 1.6
    expect(m.m2).toBeCloseTo((0.75 ** 2 * 1 + 0.25 ** 2 * 3) / 4, 14);
    expect(m.participation).toBeCloseTo(1.6, 14);
  });
});

describe('disordered-dnls gauge symmetry (the symmetry-map check)', () => {
  const gauge = disorderedDnls.symmetries![0]!;
  it('maps the hopping sign to its opposite, both ways', () => {
    const base = disorderedDnls.params.parse({ L: 8 });
    expect(gauge.params({ ...base, hopping: 1 }).hopping).toBe(-1);
    expect(gauge.params({ ...base, hopping: -1 }).hopping).toBe(1);
  });
  it('starts from the documented packet: norm 1 on five sites around the middle, unequal amplitudes and phases', () => {
    for (const L of [3, 5, 8, 9, 12]) {
      const q = new Float64Array(L).fill(7);
      const p = new Float64Array(L).fill(7);
      gauge.initialState(q, p);
      const amplitude = [0.3, 0.5, 0.6, 0.45, 0.2];
      const scale = Math.SQRT2 / Math.hypot(...amplitude);
      const c = Math.floor(L / 2) - 2;
      for (let l = 0; l < L; l++) {
        const k = l - c;
        const a = k >= 0 && k < 5 ? scale * amplitude[k]! : 0;
        expect(q[l]).toBeCloseTo(a * Math.cos(0.7 * k), 14);
        expect(p[l]).toBeCloseTo(a * Math.sin(0.7 * k), 14);
      }
      if (L >= 5) expect(packetMoments(q, p).norm).toBeCloseTo(1, 14); // shorter chains cut the packet
    }
  });
  it('the map flips the sign of every odd site and no other', () => {
    const q = Float64Array.from([1, 2, 3, 4, 5]);
    const p = Float64Array.from([-1, -2, -3, -4, -5]);
    gauge.map(q, p);
    expect([...q]).toEqual([1, -2, 3, -4, 5]);
    expect([...p]).toEqual([-1, 2, -3, 4, -5]);
  });
});

describe('disordered-chain', () => {
  const params = disorderedChain.params.parse({ L: 10, W: 0.4, g0: 0.7, g: 1.2, disorderSeed: 3 }) as Parameters<typeof createDisorderedChain>[0];
  const m = createDisorderedChain(params);
  const q = rand(10, 5, 1.5);
  const p = rand(10, 6, 1.5);
  it('force matches finite differences of H', () => {
    const gq = new Float64Array(10);
    const gp = new Float64Array(10);
    m.gradient(q, p, gq, gp);
    const fd = fdGradient(m.hamiltonian, q, p);
    expect(maxDiff(gq, fd.dq)).toBeLessThan(1e-7);
    expect(maxDiff(gp, fd.dp)).toBeLessThan(1e-7);
  });
  it('local energies sum to H and obey ė_x = j_{x−1} − j_x', () => {
    const e = new Float64Array(10);
    const j = new Float64Array(10);
    m.localEnergy!.localEnergy(q, p, e);
    expect(e.reduce((s, x) => s + x, 0)).toBeCloseTo(m.hamiltonian(q, p), 12);
    m.localEnergy!.bondCurrent(q, p, j);
    // ė_x along the flow by a centred difference of two tiny RK4 steps.
    const h = 1e-4;
    const a = { q: q.slice(), p: p.slice() };
    const b = { q: q.slice(), p: p.slice() };
    rk4Flow(m.gradient, a.q, a.p, h, 4);
    rk4Flow(m.gradient, b.q, b.p, -h, 4);
    const ea = new Float64Array(10);
    const eb = new Float64Array(10);
    m.localEnergy!.localEnergy(a.q, a.p, ea);
    m.localEnergy!.localEnergy(b.q, b.p, eb);
    for (let x = 0; x < 10; x++) {
      const edot = (ea[x]! - eb[x]!) / (2 * h);
      expect(edot).toBeCloseTo((x > 0 ? j[x - 1]! : 0) - j[x]!, 6);
    }
  });
  it('the harmonic limit is K = diag(ω²) + 2g0·Laplacian (free ends), consistent with the force at g = 0', () => {
    const lin = createDisorderedChain({ ...params, g: 0 });
    const { diag, off } = disorderedChain.harmonic!.tridiagonal({ ...params, g: 0 } as never);
    const f = new Float64Array(10);
    lin.separable!.force(q, f);
    for (let x = 0; x < 10; x++) {
      const kq = diag[x]! * q[x]! + (x > 0 ? off[x - 1]! * q[x - 1]! : 0) + (x < 9 ? off[x]! * q[x + 1]! : 0);
      expect(-kq).toBeCloseTo(f[x]!, 12);
    }
    expect(off.every((v) => v === -1.4)).toBe(true);
  });
  it('refuses W so large that some ω_x could be ≤ 0', () => {
    const r = disorderedChain.params.safeParse({ W: 0.6 });
    expect(r.success).toBe(false);
    // The one line a user sees names the field and the rule.
    expect(r.error?.issues[0]?.path).toEqual(['W']);
    expect(r.error?.issues[0]?.message).toMatch(/√3·W/);
    // The bound itself: ω̄ = √3·W exactly would allow ω_x = 0 (a free particle), refused too.
    expect(disorderedChain.params.safeParse({ omegaMean: Math.sqrt(3) * 0.5, W: 0.5 }).success).toBe(false);
    expect(disorderedChain.params.safeParse({ omegaMean: Math.sqrt(3) * 0.5 + 1e-9, W: 0.5 }).success).toBe(true);
  });
});
