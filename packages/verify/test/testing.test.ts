/**
 * `verifyPlugin` on the fill-in of the generated model template: a harmonic chain, pinned,
 * free ends, V = Σ_x q_x²/2 + g Σ_{x<L} (q_{x+1} − q_x)²/2. Its whole applicable catalogue is
 * declared here as tests, and must pass; then the plan itself is checked (names, n.a. reasons,
 * seeds, controls, broken manifests).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineModel, type HamiltonianModel, type ModelPlugin } from '@glassy/contracts';
import { identityVelocity, kineticEnergy, rotorChain, unitMassGradient } from '@glassy/models';
import { cellSeed, MODEL_ONLY, Registry } from '../src/index.js';
import { planPluginCells, verifyPlugin } from '../src/testing.js';

const harmonicChainParams = z.object({
  L: z.number().int().min(2).max(1 << 24).default(64).describe('number of sites L (free ends)'),
  g: z.number().finite().min(0).default(1).describe('coupling strength g ≥ 0'),
});
type HarmonicChainParams = z.output<typeof harmonicChainParams>;

function createHarmonicChain({ L, g }: HarmonicChainParams): HamiltonianModel {
  const potential = (q: Float64Array): number => {
    let v = 0;
    for (let x = 0; x < L; x++) v += 0.5 * q[x]! * q[x]!;
    for (let x = 0; x + 1 < L; x++) v += 0.5 * g * (q[x + 1]! - q[x]!) ** 2;
    return v;
  };
  const force = (q: Float64Array, out: Float64Array): void => {
    for (let x = 0; x < L; x++) out[x] = -q[x]!;
    for (let x = 0; x + 1 < L; x++) {
      const f = g * (q[x + 1]! - q[x]!);
      out[x] = out[x]! + f;
      out[x + 1] = out[x + 1]! - f;
    }
  };
  return {
    kind: 'hamiltonian',
    modelId: 'test-harmonic-chain',
    sites: L,
    dof: L,
    angles: new Uint8Array(L),
    hamiltonian: (q, p) => kineticEnergy(p) + potential(q),
    gradient: unitMassGradient(force),
    separable: { kinetic: kineticEnergy, potential, velocity: identityVelocity, force },
    invariants: [],
  };
}

const harmonicChain = defineModel({
  type: 'model',
  kind: 'hamiltonian',
  id: 'test-harmonic-chain',
  title: 'Pinned harmonic chain',
  equation: '(12) with a = b = 2',
  description: 'H = Σ p²/2 + q²/2 + g Σ (q_{x+1} − q_x)²/2, free ends',
  params: harmonicChainParams,
  create: createHarmonicChain,
  verification: { params: { L: 8, g: 1 }, dt: 0.02, qScale: 1, pScale: 1 },
});

// The whole applicable catalogue (quick tier, seed 1) as tests: all must pass.
verifyPlugin(harmonicChain);

describe('planPluginCells', () => {
  const plan = planPluginCells(harmonicChain);
  const registry = Registry.builtin();
  const builtinIntegrators = [...registry.integrators.values()].filter((i) => !i.control);
  const checks = [...registry.checks.values()];

  it('plans the manifest and the instance, then one cell per (non-control integrator × pair check) and per model check', () => {
    expect(plan.setup.map((s) => s.name)).toEqual(['manifest is valid', 'create(verification parameters) builds an instance']);
    const pair = checks.filter((c) => c.scope !== 'model');
    const single = checks.filter((c) => c.scope === 'model');
    expect(plan.cells).toHaveLength(single.length + builtinIntegrators.length * pair.length);
    expect(plan.cells.filter((c) => c.integrator === MODEL_ONLY).map((c) => c.check)).toEqual(single.map((c) => c.id));
    expect(new Set(plan.cells.map((c) => c.integrator))).toEqual(new Set([MODEL_ONLY, ...builtinIntegrators.map((i) => i.id)]));
    expect(plan.cells.every((c) => c.expected === 'pass')).toBe(true);
  });

  it('names cells "<integrator> × <check>" and gives each the seed glassy verify gives it', () => {
    const cell = plan.cells.find((c) => c.integrator === 'stormer-verlet' && c.check === 'energy-conservation')!;
    expect(cell.name).toBe('stormer-verlet × energy-conservation');
    expect(cell.skip).toBeUndefined();
    expect(cell.seed).toBe(cellSeed(1, 'test-harmonic-chain', 'stormer-verlet', 'energy-conservation'));
    expect(planPluginCells(harmonicChain, { seed: 7 }).cells.find((c) => c.name === cell.name)!.seed).toBe(
      cellSeed(7, 'test-harmonic-chain', 'stormer-verlet', 'energy-conservation'),
    );
  });

  it('skips the cells that do not apply, with the reason in the test name', () => {
    const skip = (integrator: string, check: string): string | undefined => plan.cells.find((c) => c.integrator === integrator && c.check === check)!.skip;
    expect(skip('stormer-verlet', 'scaling-relation')).toBe('model declares no scaling transform');
    expect(skip('stormer-verlet', 'decoupled-limit')).toBe('model declares no decoupled limit');
    expect(skip('symplectic-euler', 'time-reversibility')).toBe('integrator does not claim to be time-reversible');
    expect(skip(MODEL_ONLY, 'gibbs-marginals')).toMatch(/Gibbs sampler/);
    expect(skip(MODEL_ONLY, 'phi-t0-trend-full')).toMatch(/^full tier/);
    const named = plan.cells.find((c) => c.integrator === 'stormer-verlet' && c.check === 'scaling-relation')!;
    expect(named.name).toBe('stormer-verlet × scaling-relation — n.a.: model declares no scaling transform');
    // The full tier plans the long checks to run (here still n.a.: no Gibbs sampler).
    expect(planPluginCells(harmonicChain, { tier: 'full' }).cells.find((c) => c.check === 'phi-t0-trend-full')!.skip).toMatch(/Gibbs sampler/);
  });

  it('includeControls adds each control integrator against the checks it lists, expected to fail', () => {
    const withControls = planPluginCells(harmonicChain, { includeControls: true }).cells.filter((c) => c.expected === 'fail');
    const controls = [...registry.integrators.values()].filter((i) => i.control);
    expect(new Set(withControls.map((c) => c.integrator))).toEqual(new Set(controls.map((i) => i.id)));
    for (const c of withControls) {
      const listed = registry.integrators.get(c.integrator)!.control!.mustFail;
      expect(listed.some((entry) => entry === c.check || entry === `${c.check}@test-harmonic-chain`), c.name).toBe(true);
    }
    // decoupled-limit@rotor-chain is listed for another model only: not planned here.
    expect(withControls.some((c) => c.integrator === 'yoshida4-typo' && c.check === 'decoupled-limit')).toBe(false);
    expect(withControls.find((c) => c.integrator === 'rk4' && c.check === 'symplecticity')!.name).toBe('rk4 × symplecticity (negative control: must fail)');
  });

  it('every control integrator is rejected on this model, and a control that passes would fail its test', () => {
    const cells = planPluginCells(harmonicChain, { includeControls: true }).cells.filter((c) => c.expected === 'fail' && c.skip === undefined);
    expect(cells.length).toBeGreaterThanOrEqual(9);
    for (const c of cells) expect(() => c.run(), c.name).not.toThrow();
    // Stormer-Verlet posing as a control that symplecticity must reject: its test must fail.
    const fake = { ...registry.integrators.get('stormer-verlet')!, id: 'verlet-posing-as-control', control: { reason: 'not broken at all', mustFail: ['symplecticity'] } };
    const cell = planPluginCells(harmonicChain, { integrators: [fake] }).cells.find((c) => c.integrator === fake.id && c.check === 'symplecticity')!;
    expect(cell.expected).toBe('fail');
    expect(() => cell.run()).toThrow(/negative control "verlet-posing-as-control" \(not broken at all\) was NOT rejected/);
  });

  it('a failing cell throws the explanation, the threshold and the replay command', () => {
    const wrong = defineModel({
      ...harmonicChain,
      id: 'test-wrong-force-chain',
      create: (params: HarmonicChainParams) => {
        const m = createHarmonicChain(params);
        const force = (q: Float64Array, out: Float64Array): void => {
          m.separable!.force(q, out);
          for (let i = 0; i < q.length; i++) out[i] = 1.1 * out[i]!;
        };
        return { ...m, separable: { ...m.separable!, force }, gradient: unitMassGradient(force) };
      },
    } as ModelPlugin);
    const cell = planPluginCells(wrong).cells.find((c) => c.integrator === 'stormer-verlet' && c.check === 'energy-error-order')!;
    expect(() => cell.run()).toThrow(/^test-wrong-force-chain × stormer-verlet × energy-error-order: FAIL — the energy error does not fall with dt[\s\S]*threshold[\s\S]*replay: glassy verify --model test-wrong-force-chain --integrator stormer-verlet --check energy-error-order --seed 1 --verbose/);
  });

  it('a cell whose state runs away fails with the step and site (the guard of glassy verify), never hangs', () => {
    const unbounded = defineModel({
      ...harmonicChain,
      id: 'test-unbounded-chain',
      create: (params: HarmonicChainParams) => {
        const m = createHarmonicChain(params);
        const force = (q: Float64Array, out: Float64Array): void => {
          for (let i = 0; i < q.length; i++) out[i] = q[i]! ** 3;
        };
        return { ...m, separable: { ...m.separable!, force }, gradient: unitMassGradient(force) };
      },
    } as ModelPlugin);
    const cell = planPluginCells(unbounded).cells.find((c) => c.integrator === 'langevin-baoab' && c.check === 'thermostat')!;
    expect(() => cell.run()).toThrow(/^test-unbounded-chain × langevin-baoab × thermostat: FAIL — state (ran away|became non-finite).* step [\d–]+, site \d+.*stopped by the state guard/);
  });

  it('a broken manifest fails "manifest is valid" naming the field, and skips the catalogue', () => {
    const broken = { ...harmonicChain, verification: { ...harmonicChain.verification, dt: -1 } } as ModelPlugin;
    const p = planPluginCells(broken);
    expect(() => p.setup[0]!.run()).toThrow('plugin "test-harmonic-chain" (verifyPlugin): verification.dt:');
    expect(p.cells).toHaveLength(1);
    expect(p.cells[0]!.skip).toMatch(/manifest is invalid/);
  });

  it('a model whose id is taken by a built-in is refused, the built-in itself is accepted', () => {
    const impostor = { ...harmonicChain, id: 'rotor-chain' } as ModelPlugin;
    expect(() => planPluginCells(impostor).setup[0]!.run()).toThrow(/a model with this id is already registered \(built-in\)/);
    expect(() => planPluginCells(rotorChain).setup[0]!.run()).not.toThrow();
  });

  it('a create() that throws fails the instance test and skips the catalogue', () => {
    const throwing = { ...harmonicChain, id: 'test-throwing-chain', create: () => { throw new Error('test-throwing-chain: not yet'); } } as ModelPlugin;
    const p = planPluginCells(throwing);
    expect(() => p.setup[1]!.run()).toThrow('test-throwing-chain: not yet');
    expect(p.cells[0]!.skip).toMatch(/create\(params\) failed/);
  });
});
