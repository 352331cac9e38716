/**
 * The checks of quantum models (scope 'quantum'): one cell per quantum model, in the same
 * catalogue, runner and reports as the classical checks. Each runs at the model's verification
 * parameters (small sizes) and is shown to reject a built-in negative control:
 *
 * - hermiticity: H = Hᵀ entry by entry (control: one hopping direction 2 % too strong);
 * - charge-conservation: [H, Q] = 0 on the grand space of several charge values, and its block
 *   at the system's charge has the system's spectrum (control: a small pair-creation term);
 * - sector-consistency: the sectors are orthonormal, span the space, and the union of their
 *   spectra is the full spectrum with multiplicities (control: a parity projection that mixes);
 * - quantum-exact-limits: the spectrum at each declared limit (atomic, free bosons, free
 *   fermions, fields only) against the declared levels (controls: hopping without √ factors;
 *   disorder never wired in);
 * - lanczos-extremal: Lanczos on the sparse H against the dense solver at both ends;
 * - quantum-evolution: Krylov evolution against evolution by the eigendecomposition; norm and
 *   energy conserved along it; the charge conserved in the grand space (control: non-Hermitian);
 * - operator-consistency: Σ_x h_x = H and continuity [H, n_x] = K_{x−1} − K_x (control: bond
 *   currents 5 % too large);
 * - level-statistics: the mean gap ratio against GOE or Poisson where the model declares which
 *   (control: disorder never wired in).
 *
 * Tolerances of the deterministic checks: the dense eigensolver is backward stable, so levels of
 * a D × D matrix carry errors of order D ε ‖H‖; 1e-10 relative to max(1, max|E|) leaves three
 * orders of magnitude above that at D ≤ 500 and is five orders below the near-miss controls.
 * Every check and control with its measured values: docs/physics.md §7; the models: §9.
 */
import { judge, nanAsInfinite, type CheckResult, type QuantumCheckPlugin, type QuantumModelPlugin, type QuantumSystem, type SparseMatrix } from '@glassy/contracts';
import { denseSymmetricEigen, eigenEvolve, krylovEvolve, lanczos } from '@glassy/linalg';
import { csrMultiply, csrToDense, gapRatioEstimate, GOE_MEAN_GAP_RATIO, POISSON_MEAN_GAP_RATIO, projectedBlock, realisationSpectra } from '@glassy/quantum';

/** Relative tolerance on levels and matrix identities (see the module comment). */
export const LEVEL_TOLERANCE = 1e-10;

// ---------------------------------------------------------------- helpers

/** The model's parameters for a check: verification params, overrides on top, parsed by the schema. */
export function quantumCheckParams(model: QuantumModelPlugin, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return model.params.parse({ ...model.verification.params, ...overrides }) as Record<string, unknown>;
}

export function quantumSystem(model: QuantumModelPlugin, overrides: Record<string, unknown> = {}): QuantumSystem {
  return model.create(quantumCheckParams(model, overrides));
}

function maxAbsEntry(a: SparseMatrix): number {
  let m = 0;
  for (let k = 0; k < a.value.length; k++) m = Math.max(m, Math.abs(a.value[k]!));
  return m;
}

/** Ascending levels of a real symmetric matrix (the dense solver reads the lower triangle). */
export function levels(a: SparseMatrix | Float64Array, n = (a as SparseMatrix).n): Float64Array {
  return denseSymmetricEigen(a instanceof Float64Array ? a : csrToDense(a), n).values;
}

/** max |a_i − b_i| / max(1, max |b|) over equal-length ascending lists (∞ if the lengths differ). */
export function levelMismatch(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  let scale = 1;
  for (let i = 0; i < b.length; i++) {
    m = Math.max(m, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return m / scale;
}

/** Entries as a map (r·n + c → value), duplicates summed. */
function entries(a: SparseMatrix): Map<number, number> {
  const out = new Map<number, number>();
  for (let r = 0; r < a.n; r++) for (let k = a.rowStart[r]!; k < a.rowStart[r + 1]!; k++) out.set(r * a.n + a.column[k]!, (out.get(r * a.n + a.column[k]!) ?? 0) + a.value[k]!);
  return out;
}

/** A random normalised complex state from a seed (mulberry32, Box–Muller). */
function randomState(n: number, seed: number): { re: Float64Array; im: Float64Array } {
  let s = seed >>> 0;
  const u = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const r = Math.sqrt(-2 * Math.log(u()));
    const a = 2 * Math.PI * u();
    re[i] = r * Math.cos(a);
    im[i] = r * Math.sin(a);
    norm += re[i]! ** 2 + im[i]! ** 2;
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < n; i++) {
    re[i] = re[i]! / norm;
    im[i] = im[i]! / norm;
  }
  return { re, im };
}

/** ⟨ψ|A|ψ⟩ for real A (the real part; A symmetric makes it exact). */
function expectation(a: SparseMatrix, re: Float64Array, im: Float64Array): number {
  const y = new Float64Array(a.n);
  let s = 0;
  csrMultiply(a, re, y);
  for (let i = 0; i < a.n; i++) s += re[i]! * y[i]!;
  csrMultiply(a, im, y);
  for (let i = 0; i < a.n; i++) s += im[i]! * y[i]!;
  return s;
}

const fmt = (x: number): string => x.toExponential(2);

// ---------------------------------------------------------------- hermiticity

export const hermiticityCheck: QuantumCheckPlugin = {
  type: 'check',
  id: 'hermiticity',
  title: 'Hermiticity of H and of the local energies',
  purpose: 'H (and every local energy h_x) equals its transpose entry by entry: a real symmetric matrix, so the spectrum is real and the evolution unitary',
  tier: 'quick',
  scope: 'quantum',
  regression: { kind: 'grows', factor: 10 },
  notApplicable: () => undefined,
  run({ model, seed }): CheckResult {
    const sys = quantumSystem(model);
    const mats: [string, SparseMatrix][] = [['H', sys.hamiltonian()], ...(sys.localEnergies ?? []).map((m, x): [string, SparseMatrix] => [`h_${x + 1}`, m])];
    let worst = 0;
    let where = 'H';
    for (const [name, m] of mats) {
      const e = entries(m);
      const scale = Math.max(1e-300, maxAbsEntry(m));
      for (const [key, v] of e) {
        const r = Math.floor(key / m.n);
        const c = key % m.n;
        const d = nanAsInfinite(Math.abs(v - (e.get(c * m.n + r) ?? 0)) / scale); // a NaN entry is not Hermitian
        if (d > worst) {
          worst = d;
          where = `${name}[${sys.label(r)}, ${sys.label(c)}]`;
        }
      }
    }
    return judge({
      check: 'hermiticity',
      statistic: 'max |A_ij − A_ji| / max |A_ij| over H and the h_x',
      value: worst,
      comparison: '<=',
      threshold: 1e-14,
      explanation:
        worst <= 1e-14
          ? `H (${sys.dimension} states) and its ${mats.length - 1} local energies are symmetric to ${fmt(worst)}`
          : `not Hermitian: the largest asymmetry is ${fmt(worst)} of the largest entry, at ${where}`,
      seeds: [seed],
      details: { dimension: sys.dimension },
    });
  },
};

// ---------------------------------------------------------------- charge conservation

export const chargeConservationCheck: QuantumCheckPlugin = {
  type: 'check',
  id: 'charge-conservation',
  title: 'Conservation of the charge (N or S^z)',
  purpose: '[H, Q] = 0 on a space holding several charge values (no term changes N or S^z), and the block of H at the system\u2019s charge has the system\u2019s spectrum',
  tier: 'quick',
  scope: 'quantum',
  regression: { kind: 'grows', factor: 10 },
  notApplicable: () => undefined,
  run({ model, seed }): CheckResult {
    const sys = quantumSystem(model);
    const grand = sys.charge.grand();
    const H = grand.hamiltonian;
    const Q = grand.charge;
    const scale = Math.max(1e-300, maxAbsEntry(H));
    let leak = 0;
    let where = '';
    for (let r = 0; r < H.n; r++) {
      for (let k = H.rowStart[r]!; k < H.rowStart[r + 1]!; k++) {
        const c = H.column[k]!;
        if (Q[r] !== Q[c] && Math.abs(H.value[k]!) / scale > leak) {
          leak = Math.abs(H.value[k]!) / scale;
          where = `${sys.charge.id} = ${Q[c]} → ${Q[r]}`;
        }
      }
    }
    const inBlock = Array.from(Q.keys()).filter((i) => Q[i] === sys.charge.value);
    const block = new Float64Array(inBlock.length * inBlock.length);
    const dense = csrToDense(H);
    inBlock.forEach((i, a) => inBlock.forEach((j, b) => (block[a * inBlock.length + b] = dense[i * H.n + j]!)));
    const mismatch = inBlock.length === sys.dimension ? levelMismatch(levels(block, inBlock.length), levels(sys.hamiltonian())) : Infinity;
    const value = Math.max(leak, mismatch);
    return judge({
      check: 'charge-conservation',
      statistic: `max(|H_ij| / max|H| for ${sys.charge.id}_i ≠ ${sys.charge.id}_j, block-spectrum mismatch)`,
      value,
      comparison: '<=',
      threshold: LEVEL_TOLERANCE,
      explanation:
        leak > LEVEL_TOLERANCE
          ? `H does not conserve ${sys.charge.id}: an entry ${fmt(leak)} of the largest connects ${where}`
          : mismatch > LEVEL_TOLERANCE
            ? `the ${sys.charge.id} = ${sys.charge.value} block of the grand H (${inBlock.length} states) differs from the system (${sys.dimension} states): level mismatch ${fmt(mismatch)}`
            : `no entry of H (${H.n} states, every ${sys.charge.id}) changes ${sys.charge.id}; the ${sys.charge.id} = ${sys.charge.value} block has the system's ${sys.dimension} levels to ${fmt(mismatch)}`,
      seeds: [seed],
      details: { grandDimension: H.n, leak, blockMismatch: mismatch },
    });
  },
};

// ---------------------------------------------------------------- sector consistency

export const sectorConsistencyCheck: QuantumCheckPlugin = {
  type: 'check',
  id: 'sector-consistency',
  title: 'Symmetry sectors',
  purpose: 'the sectors are orthonormal, span the space, are invariant under H, and the union of their spectra is the full spectrum with multiplicities',
  tier: 'quick',
  scope: 'quantum',
  regression: { kind: 'grows', factor: 10 },
  notApplicable: (model) => (quantumSystem(model).sectors.length === 0 ? 'the model declares no symmetry sectors beyond its charge' : undefined),
  run({ model, seed }): CheckResult {
    const sys = quantumSystem(model);
    const H = sys.hamiltonian();
    const all = sys.sectors.flatMap((s) => s.vectors);
    const gram = projectedBlock({ n: sys.dimension, rowStart: Int32Array.from({ length: sys.dimension + 1 }, (_, i) => i), column: Int32Array.from({ length: sys.dimension }, (_, i) => i), value: new Float64Array(sys.dimension).fill(1) }, all);
    let orth = 0;
    for (let a = 0; a < all.length; a++) for (let b = 0; b < all.length; b++) orth = Math.max(orth, Math.abs(gram[a * all.length + b]! - (a === b ? 1 : 0)));
    // Invariance: H v of a sector vector has no weight outside its sector (‖H v‖² = ‖Pᵀ H v‖²).
    const union: number[] = [];
    let leak = 0;
    const x = new Float64Array(sys.dimension);
    const y = new Float64Array(sys.dimension);
    for (const s of sys.sectors) {
      const block = projectedBlock(H, s.vectors);
      union.push(...levels(block, s.vectors.length));
      for (const v of s.vectors) {
        x.fill(0);
        for (const [j, c] of v) x[j] = c;
        csrMultiply(H, x, y);
        let total = 0;
        for (let i = 0; i < y.length; i++) total += y[i]! ** 2;
        let inside = 0;
        for (const u of s.vectors) {
          let d = 0;
          for (const [i, c] of u) d += c * y[i]!;
          inside += d * d;
        }
        leak = Math.max(leak, Math.sqrt(Math.max(0, total - inside)) / Math.max(1, maxAbsEntry(H)));
      }
    }
    union.sort((a, b) => a - b);
    const spectrum = levels(H);
    const mismatch = all.length === sys.dimension ? levelMismatch(union, spectrum) : Infinity;
    const value = Math.max(orth, mismatch, leak);
    const dims = sys.sectors.map((s) => `${s.id} ${s.vectors.length}`).join(', ');
    return judge({
      check: 'sector-consistency',
      statistic: 'max(orthonormality error, leak of H out of a sector, union-spectrum mismatch)',
      value,
      comparison: '<=',
      threshold: LEVEL_TOLERANCE,
      explanation:
        all.length !== sys.dimension
          ? `the sectors hold ${all.length} vectors (${dims}), the space ${sys.dimension}`
          : value <= LEVEL_TOLERANCE
            ? `sectors ${dims} (sum ${all.length} = D): orthonormal to ${fmt(orth)}, invariant to ${fmt(leak)}, spectra union = full spectrum to ${fmt(mismatch)}`
            : `sectors ${dims}: orthonormality error ${fmt(orth)}, leak ${fmt(leak)}, union-spectrum mismatch ${fmt(mismatch)}`,
      seeds: [seed],
      details: { orthonormality: orth, leak, spectrumMismatch: mismatch, dimension: sys.dimension },
    });
  },
};

// ---------------------------------------------------------------- exact limits

export const quantumExactLimitsCheck: QuantumCheckPlugin = {
  type: 'check',
  id: 'quantum-exact-limits',
  title: 'Exactly solvable limits',
  purpose: 'at each declared limit (atomic g = 0, free bosons U = 0, free fermions, fields only) the spectrum equals the known levels with their multiplicities',
  tier: 'quick',
  scope: 'quantum',
  regression: { kind: 'grows', factor: 10 },
  notApplicable: (model) => (model.exactLimits && model.exactLimits.length > 0 ? undefined : 'the model declares no exactly solvable limit'),
  run({ model, seed }): CheckResult {
    const base = quantumCheckParams(model);
    const rows: string[] = [];
    const details: Record<string, number> = {};
    let worst = 0;
    let worstId = '';
    for (const limit of model.exactLimits!) {
      const p = model.params.parse(limit.params(base)) as Record<string, unknown>;
      const sys = model.create(p);
      const got = levels(sys.hamiltonian());
      const want = limit.levels(p);
      const m = levelMismatch(got, want);
      details[limit.id] = m;
      rows.push(`${limit.id} ${Number.isFinite(m) ? fmt(m) : `${got.length} levels, ${want.length} declared`}`);
      if (!(m <= worst)) {
        worst = m;
        worstId = limit.id;
      }
    }
    return judge({
      check: 'quantum-exact-limits',
      statistic: 'max |E_i − E_i(exact)| / max(1, max|E|) over the declared limits',
      value: worst,
      comparison: '<=',
      threshold: LEVEL_TOLERANCE,
      explanation: worst <= LEVEL_TOLERANCE ? `every limit reproduced: ${rows.join('; ')}` : `the ${worstId} limit is not reproduced (${rows.join('; ')})`,
      seeds: [seed],
      details,
    });
  },
};

// ---------------------------------------------------------------- Lanczos against dense

export const lanczosExtremalCheck: QuantumCheckPlugin = {
  type: 'check',
  id: 'lanczos-extremal',
  title: 'Lanczos against the dense solver',
  purpose: 'the two lowest and two highest levels from Lanczos on the sparse H equal the dense solver\u2019s',
  tier: 'quick',
  scope: 'quantum',
  regression: { kind: 'grows', factor: 100 },
  notApplicable: (model) => (quantumSystem(model).dimension < 8 ? 'the space is too small for a Krylov method to mean anything' : undefined),
  run({ model, seed }): CheckResult {
    const sys = quantumSystem(model);
    const H = sys.hamiltonian();
    const dense = levels(H);
    const lz = lanczos((x, y) => csrMultiply(H, x, y), H.n, { count: 2, which: 'both', seed, tolerance: 1e-12 });
    const want = [dense[0]!, dense[1]!, dense[H.n - 2]!, dense[H.n - 1]!];
    const got = [...lz.values];
    const m = levelMismatch(got, want);
    return judge({
      check: 'lanczos-extremal',
      statistic: 'max |E_Lanczos − E_dense| / max(1, max|E|), two levels at each end',
      value: m,
      comparison: '<=',
      threshold: LEVEL_TOLERANCE,
      explanation: `Lanczos (${lz.iterations} vectors, ${lz.converged ? 'converged' : 'NOT converged'}) ${got.map((e) => e.toFixed(8)).join(', ')}; dense ${want.map((e) => e.toFixed(8)).join(', ')}: mismatch ${fmt(m)}`,
      seeds: [seed],
      details: { iterations: lz.iterations, dimension: H.n },
    });
  },
};

// ---------------------------------------------------------------- evolution

export const quantumEvolutionCheck: QuantumCheckPlugin = {
  type: 'check',
  id: 'quantum-evolution',
  title: 'Krylov evolution against the exact one, and its conservation laws',
  purpose: 'Krylov e^{−iHt}ψ equals the evolution by the eigendecomposition; ‖ψ‖ and ⟨H⟩ stay constant; ⟨Q⟩ stays constant in the grand space',
  tier: 'quick',
  scope: 'quantum',
  regression: { kind: 'grows', factor: 100 },
  notApplicable: () => undefined,
  run({ model, seed }): CheckResult {
    const sys = quantumSystem(model);
    const H = sys.hamiltonian();
    const eig = denseSymmetricEigen(csrToDense(H), H.n, { vectors: true });
    const times = [0.5, 2, 10];
    const kry = randomState(H.n, seed);
    const ex = { re: Float64Array.from(kry.re), im: Float64Array.from(kry.im) };
    const e0 = expectation(H, kry.re, kry.im);
    let stateErr = 0;
    let normErr = 0;
    let energyErr = 0;
    let prev = 0;
    const scale = Math.max(1, Math.abs(eig.values[0]!), Math.abs(eig.values[H.n - 1]!));
    for (const t of times) {
      krylovEvolve((x, y) => csrMultiply(H, x, y), kry.re, kry.im, t - prev, { tolerance: 1e-12 });
      eigenEvolve(eig, ex.re, ex.im, t - prev);
      prev = t;
      let d = 0;
      let nn = 0;
      for (let i = 0; i < H.n; i++) {
        d += (kry.re[i]! - ex.re[i]!) ** 2 + (kry.im[i]! - ex.im[i]!) ** 2;
        nn += kry.re[i]! ** 2 + kry.im[i]! ** 2;
      }
      stateErr = Math.max(stateErr, Math.sqrt(d));
      normErr = Math.max(normErr, Math.abs(Math.sqrt(nn) - 1));
      energyErr = Math.max(energyErr, Math.abs(expectation(H, kry.re, kry.im) - e0) / scale);
    }
    // The charge in the grand space: a random state over every charge value, evolved to t = 10.
    const grand = sys.charge.grand();
    const g = randomState(grand.hamiltonian.n, seed ^ 0x5bd1e995);
    const q = (re: Float64Array, im: Float64Array): number => {
      let s = 0;
      for (let i = 0; i < re.length; i++) s += grand.charge[i]! * (re[i]! ** 2 + im[i]! ** 2);
      return s;
    };
    const q0 = q(g.re, g.im);
    krylovEvolve((x, y) => csrMultiply(grand.hamiltonian, x, y), g.re, g.im, 10, { tolerance: 1e-12 });
    const qSpread = Math.max(1, ...grand.charge.map(Math.abs));
    const chargeErr = Math.abs(q(g.re, g.im) - q0) / qSpread;
    const value = Math.max(stateErr, normErr, energyErr, chargeErr);
    const threshold = 1e-9;
    return judge({
      check: 'quantum-evolution',
      statistic: 'max(‖ψ_Krylov − ψ_exact‖, |‖ψ‖ − 1|, |Δ⟨H⟩|/‖H‖, |Δ⟨Q⟩|/max|Q|) at t = 0.5, 2, 10',
      value,
      comparison: '<=',
      threshold,
      explanation:
        value <= threshold
          ? `Krylov agrees with the eigendecomposition to ${fmt(stateErr)}; norm to ${fmt(normErr)}, energy to ${fmt(energyErr)}, ${sys.charge.id} (grand space) to ${fmt(chargeErr)}`
          : `state error ${fmt(stateErr)}, norm drift ${fmt(normErr)}, energy drift ${fmt(energyErr)}, ${sys.charge.id} drift ${fmt(chargeErr)} (tolerance ${fmt(threshold)})`,
      seeds: [seed],
      details: { stateError: stateErr, normError: normErr, energyError: energyErr, chargeError: chargeErr },
    });
  },
};

// ---------------------------------------------------------------- operators

export const operatorConsistencyCheck: QuantumCheckPlugin = {
  type: 'check',
  id: 'operator-consistency',
  title: 'Local energies and bond currents',
  purpose: 'Σ_x h_x = H, and continuity dn_x/dt = j_{x−1} − j_x holds as an operator identity: [H, n_x] = K_{x−1} − K_x with j_x = i K_x',
  tier: 'quick',
  scope: 'quantum',
  regression: { kind: 'grows', factor: 10 },
  notApplicable: (model) => {
    const sys = quantumSystem(model);
    return sys.localEnergies === undefined && sys.currents === undefined ? 'the model declares neither local energies nor bond currents' : undefined;
  },
  run({ model, seed }): CheckResult {
    const sys = quantumSystem(model);
    const H = sys.hamiltonian();
    const hE = entries(H);
    const scale = Math.max(1e-300, maxAbsEntry(H));
    let sumErr = 0;
    if (sys.localEnergies) {
      const total = new Map<number, number>();
      for (const m of sys.localEnergies) for (const [k, v] of entries(m)) total.set(k, (total.get(k) ?? 0) + v);
      for (const k of new Set([...hE.keys(), ...total.keys()])) sumErr = Math.max(sumErr, Math.abs((hE.get(k) ?? 0) - (total.get(k) ?? 0)) / scale);
    }
    let contErr = 0;
    let where = '';
    if (sys.currents) {
      const K = sys.currents.map(entries);
      const n = H.n;
      for (const dens of sys.densities) {
        const x = dens.site - 1;
        const want = new Map<number, number>();
        for (const [k, v] of K[x - 1] ?? []) want.set(k, (want.get(k) ?? 0) + v);
        for (const [k, v] of K[x] ?? []) want.set(k, (want.get(k) ?? 0) - v);
        const got = new Map<number, number>();
        for (const [k, v] of hE) {
          const r = Math.floor(k / n);
          const c = k % n;
          const val = v * (dens.diagonal[c]! - dens.diagonal[r]!);
          if (val !== 0) got.set(k, val);
        }
        for (const k of new Set([...want.keys(), ...got.keys()])) {
          const e = Math.abs((want.get(k) ?? 0) - (got.get(k) ?? 0)) / scale;
          if (e > contErr) {
            contErr = e;
            where = `site ${dens.site}`;
          }
        }
      }
    }
    const value = Math.max(sumErr, contErr);
    return judge({
      check: 'operator-consistency',
      statistic: 'max(|Σ h_x − H|, |[H, n_x] − (K_{x−1} − K_x)|) / max|H|, entrywise',
      value,
      comparison: '<=',
      threshold: 1e-12,
      explanation:
        value <= 1e-12
          ? `Σ h_x = H to ${fmt(sumErr)}; continuity holds at every site to ${fmt(contErr)}`
          : contErr > sumErr
            ? `continuity fails at ${where}: [H, n_x] and j_{x−1} − j_x differ by ${fmt(contErr)} of max|H|`
            : `Σ h_x differs from H by ${fmt(sumErr)} of max|H|`,
      seeds: [seed],
      details: { localEnergySum: sumErr, continuity: contErr },
    });
  },
};

// ---------------------------------------------------------------- level statistics

/** Two-sided normal quantile for the family false-alarm rate 0.001 (Bonferroni over ≤ 2 cases: 0.0005 each). */
const Z_CRIT = 3.48;
/**
 * Finite-size allowance on ⟨r⟩: at the verification sizes (a few hundred levels per spectrum)
 * the chaotic models sit within 0.02 of GOE and the localised one within 0.02 of Poisson
 * (measured; README, "Quantum chains"); GOE and Poisson are 0.144 apart.
 */
export const GAP_RATIO_ALLOWANCE = 0.02;

export const levelStatisticsCheck: QuantumCheckPlugin = {
  type: 'check',
  id: 'level-statistics',
  title: 'Level statistics (mean gap ratio)',
  purpose: 'the mean gap ratio ⟨r⟩ of the middle half of a sector\u2019s spectrum is GOE-like (0.5307) or Poisson (0.3863) where the model declares which',
  tier: 'quick',
  scope: 'quantum',
  notApplicable: (model) => (model.verification.levelStatistics && model.verification.levelStatistics.length > 0 ? undefined : 'the model declares no level-statistics case'),
  run({ model, seed }): CheckResult {
    const rows: string[] = [];
    const details: Record<string, number | string> = {};
    let worst = -Infinity;
    let worstRow = '';
    let se = 0;
    for (const c of model.verification.levelStatistics!) {
      const params = quantumCheckParams(model, c.params as Record<string, unknown>);
      const est = gapRatioEstimate(realisationSpectra(model, params, c.sector, c.realisations ?? 1, seed));
      const target = c.expect === 'goe' ? GOE_MEAN_GAP_RATIO : POISSON_MEAN_GAP_RATIO;
      const z = nanAsInfinite(Math.max(0, Math.abs(est.mean - target) - GAP_RATIO_ALLOWANCE) / est.stdError); // NaN levels fail
      const row = `${c.id}: ⟨r⟩ = ${est.mean.toFixed(4)} ± ${est.stdError.toFixed(4)} (${est.count} ratios, ${est.realisations} spectra) vs ${c.expect.toUpperCase()} ${target.toFixed(4)}`;
      rows.push(row);
      details[`${c.id}.mean`] = est.mean;
      details[`${c.id}.stdError`] = est.stdError;
      details[`${c.id}.target`] = target;
      if (z > worst) {
        worst = z;
        worstRow = row;
        se = est.stdError;
      }
    }
    return judge({
      check: 'level-statistics',
      statistic: `max over cases of (|⟨r⟩ − target| − ${GAP_RATIO_ALLOWANCE}) / SE`,
      value: worst,
      comparison: '<=',
      threshold: Z_CRIT,
      uncertainty: se,
      explanation: worst <= Z_CRIT ? `every case as declared: ${rows.join('; ')}` : `not as declared: ${worstRow} (allowance ${GAP_RATIO_ALLOWANCE} + ${Z_CRIT} SE)`,
      seeds: [seed],
      details,
    });
  },
};

/** The quantum check catalogue, in display order. */
export const quantumChecks: readonly QuantumCheckPlugin[] = [
  hermiticityCheck,
  chargeConservationCheck,
  sectorConsistencyCheck,
  quantumExactLimitsCheck,
  lanczosExtremalCheck,
  quantumEvolutionCheck,
  operatorConsistencyCheck,
  levelStatisticsCheck,
];
