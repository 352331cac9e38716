/**
 * Every full-tier check rejects at least one negative control (a check that cannot fail is a
 * defect). Full-tier checks are long on the built-ins (users run them on demand), but their
 * controls are cheap: each runs against the controls only, so CI still proves they can fail.
 * Kept apart from catalogue.test.ts so that the two long files run side by side.
 */
import { describe, expect, it } from 'vitest';
import { Registry, runVerify } from '../src/index.js';

const registry = Registry.builtin();
const models = [...registry.models.values()];
const integrators = [...registry.integrators.values()];
const checks = [...registry.checks.values()];

describe('full-tier checks against the controls (seed 1)', () => {
  it.each(checks.filter((c) => c.tier === 'full').map((c) => [c.id]))('full-tier check %s rejects at least one negative control', (id) => {
    const check = [registry.checks.get(id)!];
    const controlModels = models.filter((m) => m.control);
    const controlIntegrators = integrators.filter((i) => i.control);
    const run = [
      ...runVerify({ models: controlModels, integrators: integrators.filter((i) => !i.control), checks: check, tier: 'full', seed: 1 }),
      ...runVerify({ models: models.filter((m) => !m.control), integrators: controlIntegrators, checks: check, tier: 'full', seed: 1 }),
    ];
    expect(run.filter((c) => c.status === 'unexpected-pass' || (c.expected === 'fail' && c.status === 'error'))).toEqual([]);
    expect(run.filter((c) => c.status === 'expected-fail').length).toBeGreaterThan(0);
  });
});
