/** The case list and the timed op, checked without any clock. */
import { describe, expect, it } from 'vitest';
import { missingCapability } from '@glassy/contracts';
import { Registry } from '@glassy/verify';
import { buildStepCases, stepsPerOp, SITE_STEPS_PER_OP } from '../src/bench/step-cases.js';
import { nsPerSiteStep } from '../src/bench/measurement.js';

describe('buildStepCases', () => {
  const registry = Registry.builtin();
  const cases = buildStepCases(registry);

  it('covers every non-control (model, integrator) pair that can run together at L = 64 and 4096, and no control', () => {
    const models = [...registry.models.values()].filter((m) => m.control === undefined);
    const integrators = [...registry.integrators.values()].filter((i) => i.control === undefined);
    const expected = models.flatMap((m) => {
      const model = m.create(m.params.parse(m.verification.params));
      return integrators.filter((i) => missingCapability(i, model) === undefined).flatMap((i) => [64, 4096].map((L) => `${m.id}|${i.id}|${L}`));
    });
    expect(cases.map((c) => `${c.model}|${c.integrator}|${c.L}`).sort()).toEqual(expected.sort());
    // e.g. the fused Verlet only where the model has a kernel, the split steps only with sub-flows
    expect(expected).toContain('rotor-chain|stormer-verlet-fused|64');
    expect(expected).toContain('dnls|split-strang|4096');
    expect(expected).not.toContain('dnls|stormer-verlet|64');
    expect(expected).not.toContain('disordered-chain|stormer-verlet-fused|64');
    for (const c of cases) {
      expect(registry.models.get(c.model)!.control).toBeUndefined();
      expect(registry.integrators.get(c.integrator)!.control).toBeUndefined();
    }
  });

  it('uses the model verification dt and about 1e5 site-steps per op', () => {
    for (const c of cases) {
      expect(c.dt).toBe(registry.models.get(c.model)!.verification.dt);
      expect(Math.abs(c.nSteps * c.L - SITE_STEPS_PER_OP) / SITE_STEPS_PER_OP).toBeLessThan(0.02);
    }
    expect(stepsPerOp(64)).toBe(1563);
    expect(stepsPerOp(4096)).toBe(24);
  });

  it('gives ops that advance a bounded state and return a finite, state-dependent number', () => {
    const [small] = buildStepCases(registry, [8]);
    const values = [small!.timed.op(), small!.timed.op(), small!.timed.op()];
    for (const v of values) expect(Number.isFinite(v)).toBe(true);
    expect(new Set(values).size).toBe(3);
  });

  it('starts every run from the same seeded state', () => {
    const a = buildStepCases(registry, [8]).map((c) => c.timed.op());
    const b = buildStepCases(registry, [8]).map((c) => c.timed.op());
    expect(a).toEqual(b);
  });
});

describe('nsPerSiteStep', () => {
  it('is 1e9 / (ops/s · L · nSteps)', () => {
    expect(nsPerSiteStep(500, 64, 1563)).toBeCloseTo(1e9 / (500 * 64 * 1563), 12);
  });
});
