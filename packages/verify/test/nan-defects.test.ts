/**
 * Checks that take a worst case with Math.max or `>` must not skip NaN (both ignore it): a
 * model whose local energy is NaN at one site, or whose Hamiltonian has a NaN entry, fails.
 * Mutation testing found the first passing energy-continuity (the periodic ring's closing bond
 * read past the end of the array).
 */
import { describe, expect, it } from 'vitest';
import { defineModel, type HamiltonianModelPlugin } from '@glassy/contracts';
import { rotorChainDefinition } from '@glassy/models';
import { boseHubbard } from '@glassy/quantum';
import { energyContinuityCheck } from '../src/checks/energy-continuity.js';
import { hermiticityCheck } from '../src/checks/quantum.js';

describe('a NaN is a failure, not a value that a maximum skips', () => {
  it('energy-continuity rejects a local energy that is NaN at one site', () => {
    const base = rotorChainDefinition as HamiltonianModelPlugin;
    const nanSite = defineModel({
      ...base,
      id: 'rotor-chain-nan-site',
      create: (params: never) => {
        const m = base.create(params);
        const cap = m.localEnergy!;
        return {
          ...m,
          localEnergy: {
            ...cap,
            localEnergy: (q: Float64Array, p: Float64Array, out: Float64Array) => {
              cap.localEnergy(q, p, out);
              out[q.length - 1] = Number.NaN;
            },
          },
        };
      },
    });
    const result = energyContinuityCheck.run({ model: nanSite, seed: 1 });
    expect(result.verdict).toBe('fail');
    expect(result.value).toBe(Number.POSITIVE_INFINITY);
    expect(energyContinuityCheck.run({ model: rotorChainDefinition as HamiltonianModelPlugin, seed: 1 }).verdict).toBe('pass');
  });

  it('hermiticity rejects a Hamiltonian with a NaN entry', () => {
    const nanEntry = {
      ...boseHubbard,
      id: 'bose-hubbard-nan-entry',
      create: (params: never) => {
        const sys = boseHubbard.create(params);
        return {
          ...sys,
          hamiltonian: () => {
            const h = sys.hamiltonian();
            const value = Float64Array.from(h.value);
            value[0] = Number.NaN;
            return { ...h, value };
          },
        };
      },
    };
    const result = hermiticityCheck.run({ model: nanEntry as typeof boseHubbard, seed: 1 });
    expect(result.verdict).toBe('fail');
  });
});
