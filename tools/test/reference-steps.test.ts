/** How the reference steps map onto the registry: ours (fused / split-strang), the plain variant, and what is missing. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { HamiltonianModel, ModelPlugin } from '@glassy/contracts';
import { Registry } from '@glassy/verify';
import { cArguments } from '../src/bench/reference-c.js';
import { fillReferenceState } from '../src/bench/reference-state.js';
import { referenceCase, resolveReference, resolveReferences } from '../src/bench/reference-steps.js';

describe('resolveReferences on the built-in registry', () => {
  const cases = resolveReferences(Registry.builtin());

  it('has the three steps at L = 64 and 4096: the chains × stormer-verlet-fused (plain stormer-verlet alongside), dnls × split-strang', () => {
    expect(cases.map((c) => `${c.reference}@${c.L}`)).toEqual([
      'rotor-sv@64',
      'rotor-sv@4096',
      'anharmonic-sv@64',
      'anharmonic-sv@4096',
      'dnls-split@64',
      'dnls-split@4096',
    ]);
    expect(cases[0]).toMatchObject({
      step: 'rotor-chain × stormer-verlet-fused',
      ours: { model: 'rotor-chain', integrator: 'stormer-verlet-fused' },
      plain: { model: 'rotor-chain', integrator: 'stormer-verlet' },
      unavailable: null,
      dt: 0.05,
      nSteps: 1563,
      cParams: { g: 1 },
    });
    expect(cases[2]).toMatchObject({
      step: 'anharmonic-chain × stormer-verlet-fused',
      plain: { model: 'anharmonic-chain', integrator: 'stormer-verlet' },
      dt: 0.02,
      cParams: { a: 4, b: 2, g: 1 },
    });
    expect(cases[4]).toMatchObject({
      step: 'dnls × split-strang',
      ours: { model: 'dnls', integrator: 'split-strang' },
      plain: null,
      buildPlain: null,
      unavailable: null,
      dt: 0.01,
      cParams: { U: 1, g: 1 },
    });
  });

  it('passes L nSteps dt minSeconds paritySteps seed and the named parameters to C', () => {
    expect(cArguments(referenceCase(cases[2]!), 0.3, 20, 7)).toEqual(['64', '1563', '0.02', '0.3', '20', '7', '4', '2', '1']);
    expect(cArguments(referenceCase(cases[0]!), 0.5, 20, 7)).toEqual(['64', '1563', '0.05', '0.5', '20', '7', '1']);
    expect(cArguments(referenceCase(cases[5]!), 0.5, 20, 7)).toEqual(['4096', '24', '0.01', '0.5', '20', '7', '1', '1']);
  });

  it('builds fresh models and steppers for ours and the plain variant, which step alike', () => {
    const { model, stepper } = cases[1]!.build!();
    expect(model.sites).toBe(4096);
    for (const c of [cases[0]!, cases[2]!]) {
      const run = (build: NonNullable<typeof c.build>): Float64Array => {
        const { model: m, stepper: s } = build();
        const q = new Float64Array(m.dof);
        const p = new Float64Array(m.dof);
        fillReferenceState(q, p, m.angles);
        s.step(q, p, c.dt, 20);
        return Float64Array.of(...q, ...p);
      };
      const fused = run(c.build!);
      const plain = run(c.buildPlain!);
      // anharmonic: bit for bit; rotor: the polynomial sine is within 2.5 ulp of Math.sin
      for (let i = 0; i < fused.length; i++) expect(Math.abs(fused[i]! - plain[i]!)).toBeLessThan(1e-12);
    }
    expect(typeof stepper.step).toBe('function');
  });

  it('leaves out only a plain variant that is missing, and names a missing ours', () => {
    const r = Registry.builtin();
    r.integrators.delete('stormer-verlet');
    const noPlain = resolveReference(r, 'rotor-sv', 64);
    expect(noPlain).toMatchObject({ ours: { integrator: 'stormer-verlet-fused' }, plain: null, buildPlain: null, unavailable: null });
    r.integrators.delete('stormer-verlet-fused');
    r.integrators.delete('split-strang');
    expect(resolveReference(r, 'rotor-sv', 64)).toMatchObject({
      ours: null,
      build: null,
      step: 'rotor-chain × stormer-verlet-fused',
      unavailable: 'n/a (integrator "stormer-verlet-fused" is not registered or does not apply to rotor-chain)',
      cParams: { g: 1 },
      dt: 0.05,
    });
    expect(resolveReference(r, 'dnls-split', 64)).toMatchObject({
      ours: null,
      unavailable: 'n/a (integrator "split-strang" is not registered or does not apply to dnls)',
      cParams: { U: 1, g: 1 },
      dt: 0.01,
    });
  });
});

describe('a DNLS model with other defaults', () => {
  const dnlsParams = z.object({
    L: z.number().int().default(64),
    U: z.number().default(0.5),
    g: z.number().default(2),
    boundary: z.enum(['periodic', 'open']).default('open'),
  });
  const fakeModel = (L: number): HamiltonianModel => ({
    kind: 'hamiltonian',
    modelId: 'dnls',
    sites: L,
    dof: L,
    angles: new Uint8Array(L),
    hamiltonian: () => 0,
    gradient: () => {},
    subFlows: [{ id: 'onsite', flow: () => {} }],
    invariants: [],
  });
  let created: z.output<typeof dnlsParams> | undefined;
  const dnls = {
    type: 'model',
    kind: 'hamiltonian',
    id: 'dnls',
    title: 'DNLS',
    equation: '(11)',
    description: 'test double',
    params: dnlsParams,
    create: (p: z.output<typeof dnlsParams>) => ((created = p), fakeModel(p.L)),
    verification: { params: { L: 8 }, dt: 0.005, qScale: 1, pScale: 1 },
  } as unknown as ModelPlugin;

  it('is forced periodic and run with its own dt and U, g', () => {
    const r = Registry.builtin();
    r.models.set('dnls', dnls);
    const c = resolveReference(r, 'dnls-split', 64);
    expect(c).toMatchObject({ step: 'dnls × split-strang', ours: { model: 'dnls', integrator: 'split-strang' }, unavailable: null, dt: 0.005, cParams: { U: 0.5, g: 2 } });
    expect(c.build!().model.sites).toBe(64);
    expect(created).toMatchObject({ L: 64, boundary: 'periodic' });
  });
});
