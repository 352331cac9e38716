import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GlassyInputError, judge, validatePlugin } from '../src/index.js';

const goodModel = {
  type: 'model',
  kind: 'hamiltonian',
  id: 'toy-chain',
  title: 'Toy',
  equation: '(0)',
  description: 'a toy',
  params: z.object({ L: z.number().default(4) }),
  create: () => ({}),
  verification: { params: {}, dt: 0.1, qScale: 1, pScale: 1 },
};

describe('validatePlugin', () => {
  it('accepts a well-formed model manifest', () => {
    expect(validatePlugin(goodModel, 'test').id).toBe('toy-chain');
  });
  it.each([
    [{ ...goodModel, id: 'Toy Chain' }, /plugin "Toy Chain" \(test\): id: must be kebab-case/],
    [{ ...goodModel, create: 42 }, /plugin "toy-chain" \(test\): create: expected a function/],
    [{ ...goodModel, params: { L: 4 } }, /plugin "toy-chain" \(test\): params: expected a zod schema/],
    [{ ...goodModel, verification: { ...goodModel.verification, dt: -1 } }, /toy-chain.*verification\.dt/],
    [{ ...goodModel, verification: { ...goodModel.verification, ergodic: { params: {}, beta: 1, dt: 0.02, tEnd: 100, samples: 1 } } }, /toy-chain.*verification\.ergodic\.samples/],
    [{ ...goodModel, verification: { ...goodModel.verification, breather: { cases: [{ params: {}, a: 2, site: 1, energy: 10, eEnd: 1, exponent: 0 }], tolerance: 0.1 } } }, /toy-chain.*verification\.breather\.cases\.0\.a/],
    [{ ...goodModel, kind: 'spin-glass' }, /toy-chain.*kind: unknown model kind \(supported: "hamiltonian", "quantum"\)/],
    [{ ...goodModel, kind: 'quantum', create: undefined }, /toy-chain.*create: expected a function/],
    [{ ...goodModel, kind: 'quantum', verification: { params: {}, levelStatistics: [{ id: 'x', description: '', params: {}, expect: 'wigner' }] } }, /toy-chain.*verification\.levelStatistics\.0\.expect/],
    [{ ...goodModel, type: 'thing' }, /toy-chain.*type: expected "model", "integrator", "check" or "observable"/],
    [{ ...goodModel, control: { reason: 'x', mustFail: [] } }, /control\.mustFail: a control must name at least one check/],
    [null, /plugin from test: expected a plugin object, got null/],
  ])('refuses broken manifest %#, naming plugin and field', (manifest, message) => {
    expect(() => validatePlugin(manifest, 'test')).toThrow(GlassyInputError);
    expect(() => validatePlugin(manifest, 'test')).toThrow(message);
  });
});

describe('judge', () => {
  const base = { check: 'c', statistic: 's', explanation: '', seeds: [] };
  it('applies the comparison', () => {
    expect(judge({ ...base, value: 1, comparison: '<=', threshold: 1 }).verdict).toBe('pass');
    expect(judge({ ...base, value: 1.01, comparison: '<=', threshold: 1 }).verdict).toBe('fail');
    expect(judge({ ...base, value: 2.1, comparison: 'within', target: 2, threshold: 0.15 }).verdict).toBe('pass');
    expect(judge({ ...base, value: 1.0, comparison: 'within', target: 2, threshold: 0.15 }).verdict).toBe('fail');
    expect(judge({ ...base, value: 5, comparison: '>=', threshold: 3 }).verdict).toBe('pass');
  });
  it('fails non-finite statistics whatever the comparison', () => {
    expect(judge({ ...base, value: Number.NaN, comparison: '<=', threshold: 1 }).verdict).toBe('fail');
    expect(judge({ ...base, value: Number.POSITIVE_INFINITY, comparison: '>=', threshold: 1 }).verdict).toBe('fail');
  });
});
