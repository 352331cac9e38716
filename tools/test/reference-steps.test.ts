/** How the reference steps map onto a registry, including a DNLS model registered later. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { HamiltonianModel, IntegratorPlugin, ModelPlugin } from '@glassy/contracts';
import { Registry } from '@glassy/verify';
import { cArguments } from '../src/bench/reference-c.js';
import { referenceCase, resolveReference, resolveReferences } from '../src/bench/reference-steps.js';

describe('resolveReferences on the built-in registry', () => {
  const cases = resolveReferences(Registry.builtin());

  it('has the three steps at L = 64 and 4096, ours = rotor and anharmonic chains × stormer-verlet', () => {
    expect(cases.map((c) => `${c.reference}@${c.L}`)).toEqual([
      'rotor-sv@64',
      'rotor-sv@4096',
      'anharmonic-sv@64',
      'anharmonic-sv@4096',
      'dnls-split@64',
      'dnls-split@4096',
    ]);
    const rotor = cases[0]!;
    expect(rotor).toMatchObject({ step: 'rotor-chain × stormer-verlet', ours: { model: 'rotor-chain', integrator: 'stormer-verlet' }, dt: 0.05, nSteps: 1563, cParams: { g: 1 } });
    expect(cases[2]).toMatchObject({ step: 'anharmonic-chain × stormer-verlet', dt: 0.02, cParams: { a: 4, b: 2, g: 1 } });
  });

  it('shows the DNLS row as n/a while no dnls model is registered, with C fallback parameters', () => {
    const dnls = cases.find((c) => c.reference === 'dnls-split')!;
    expect(dnls).toMatchObject({ ours: null, unavailable: 'n/a (no dnls model registered)', build: null, cParams: { U: 1, g: 1 }, dt: 0.01 });
  });

  it('passes L nSteps dt minSeconds paritySteps seed and the named parameters to C', () => {
    expect(cArguments(referenceCase(cases[2]!), 0.3, 20, 7)).toEqual(['64', '1563', '0.02', '0.3', '20', '7', '4', '2', '1']);
    expect(cArguments(referenceCase(cases[0]!), 0.5, 20, 7)).toEqual(['64', '1563', '0.05', '0.5', '20', '7', '1']);
  });

  it('builds a fresh model and stepper for ours', () => {
    const { model, stepper } = cases[1]!.build!();
    expect(model.sites).toBe(4096);
    expect(typeof stepper.step).toBe('function');
  });
});

describe('a DNLS model registered later', () => {
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
  const dnls = {
    type: 'model',
    kind: 'hamiltonian',
    id: 'dnls',
    title: 'DNLS',
    equation: '(11)',
    description: 'test double',
    params: dnlsParams,
    create: (p: z.output<typeof dnlsParams>) => fakeModel(p.L),
    verification: { params: { L: 8 }, dt: 0.005, qScale: 1, pScale: 1 },
  } as unknown as ModelPlugin;
  const integrator = (id: string, extra: Partial<IntegratorPlugin> = {}): IntegratorPlugin => ({
    type: 'integrator',
    id,
    title: id,
    description: 'test double',
    order: 2,
    properties: { symplectic: true, timeReversible: true, stochastic: false },
    requires: ['subFlows'],
    stagesPerStep: 1,
    create: () => ({ step: () => {} }),
    ...extra,
  });
  const registryWith = (...integrators: IntegratorPlugin[]): Registry => {
    const r = Registry.builtin();
    r.models.set('dnls', dnls);
    for (const i of integrators) r.integrators.set(i.id, i);
    return r;
  };

  it('is picked up by id with a split-step integrator, forced periodic, with its own dt and U, g', () => {
    const c = resolveReference(registryWith(integrator('split-step')), 'dnls-split', 64);
    expect(c).toMatchObject({ step: 'dnls × split-step', ours: { model: 'dnls', integrator: 'split-step' }, unavailable: null, dt: 0.005, cParams: { U: 0.5, g: 2 } });
    expect(c.build!().model.sites).toBe(64);
  });

  it('prefers an id containing "strang", and skips controls and stochastic integrators', () => {
    const r = registryWith(
      integrator('split-noisy', { properties: { symplectic: false, timeReversible: false, stochastic: true } }),
      integrator('split-broken', { control: { reason: 'test', mustFail: [] } }),
      integrator('lie-split'),
      integrator('strang'),
    );
    expect(resolveReference(r, 'dnls-split', 64).ours).toEqual({ model: 'dnls', integrator: 'strang' });
  });

  it('stays n/a, naming what is missing, without a split-step integrator', () => {
    expect(resolveReference(registryWith(), 'dnls-split', 64).unavailable).toBe('n/a (no integrator whose id contains "strang" or "split" applies to dnls)');
  });
});
