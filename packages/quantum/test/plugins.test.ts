/**
 * The quantum plugins as a user meets them: bad parameters refused in one line naming the field
 * (N < 0, L < 2, nMax · L < N, an unknown parameter, a sector that does not exist), the sectors
 * of bose-hubbard splitting its space, the S^z sector of disordered-xxz, and the operators.
 */
import { describe, expect, it } from 'vitest';
import { GlassyInputError } from '@glassy/contracts';
import { boseHubbard, controlQuantumModels, disorderedXxz, quantumParams, realisationSpectra, sectorLevels } from '../src/index.js';

const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(GlassyInputError);
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('bad parameters: one line naming the field', () => {
  it.each([
    [{ L: 5, N: -1 }, /^--set N: N must be an integer ≥ 0/],
    [{ L: 1, N: 1 }, /^--set L: L must be an integer ≥ 2/],
    [{ L: 3, N: 7, nMax: 2 }, /^--set nMax: nMax · L must be ≥ N/],
    [{ L: 3, N: 2, W: 1 }, /^--set W: bose-hubbard has no parameter "W"/],
    [{ L: 3, N: 2, g: 'x' }, /^--set g: /],
  ])('bose-hubbard %j', (raw, message) => {
    const m = refusal(() => quantumParams(boseHubbard, raw));
    expect(m).toMatch(message);
    expect(m.split('\n')).toHaveLength(1);
  });

  it.each([
    [{ L: 6, up: 7 }, /^--set up: up must be ≤ L/],
    [{ L: 6, W: -1 }, /^--set W: W must be ≥ 0/],
    [{ L: 30 }, /^--set L: L must be ≤ 20/],
  ])('disordered-xxz %j', (raw, message) => {
    expect(refusal(() => quantumParams(disorderedXxz, raw))).toMatch(message);
  });

  it('a sector that does not exist names the sectors there are', () => {
    const sys = boseHubbard.create(quantumParams(boseHubbard, { L: 4, N: 4 }));
    expect(refusal(() => sectorLevels(sys, 'middle'))).toMatch(/^--sector: no sector "middle" in bose-hubbard \(its sectors: even, odd\)/);
    const xxz = disorderedXxz.create(quantumParams(disorderedXxz, { L: 6 }));
    expect(refusal(() => sectorLevels(xxz, 'even'))).toMatch(/no sectors beyond its charge Sz/);
  });

  it('realisations of a model without disorder are refused', () => {
    expect(refusal(() => realisationSpectra(boseHubbard, quantumParams(boseHubbard, { L: 4, N: 4 }), 'even', 3, 1))).toMatch(/^--realisations: bose-hubbard has no disorder/);
  });
});

describe('the systems', () => {
  it('bose-hubbard L = N = 5: 126 states, even 66 + odd 60, densities summing to N', () => {
    const sys = boseHubbard.create(quantumParams(boseHubbard, { L: 5, N: 5 }));
    expect(sys.dimension).toBe(126);
    expect(sys.sectors.map((s) => [s.id, s.vectors.length])).toEqual([
      ['even', 66],
      ['odd', 60],
    ]);
    for (let k = 0; k < sys.dimension; k++) expect(sys.densities.reduce((s, d) => s + d.diagonal[k]!, 0)).toBe(5);
    expect(sys.label(0)).toBe('|5 0 0 0 0⟩');
    expect(sys.charge.grand().hamiltonian.n).toBe(252);
  });

  it('disordered-xxz L = 8: the S^z = 0 sector (70 states), a grand space of 2^8, fields from the seed', () => {
    const a = disorderedXxz.create(quantumParams(disorderedXxz, { L: 8, W: 2, disorderSeed: 3 }));
    const b = disorderedXxz.create(quantumParams(disorderedXxz, { L: 8, W: 2, disorderSeed: 4 }));
    expect(a.dimension).toBe(70);
    expect(a.charge.value).toBe(0);
    expect(a.charge.grand().hamiltonian.n).toBe(256);
    expect(sectorLevels(a, undefined)).not.toEqual(sectorLevels(b, undefined));
    expect(sectorLevels(a, undefined)).toEqual(sectorLevels(disorderedXxz.create(quantumParams(disorderedXxz, { L: 8, W: 2, disorderSeed: 3 })), undefined));
  });

  it('every control names checks that must reject it', () => {
    for (const c of controlQuantumModels) expect(c.control?.mustFail.length).toBeGreaterThan(0);
  });
});
