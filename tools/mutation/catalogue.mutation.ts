/**
 * The quick-tier catalogue as one vitest test per cell, for mutation testing (StrykerJS, see
 * stryker.config.json and README "Mutation testing"): a mutant of a built-in model or integrator
 * is killed when some cell no longer shows what it shows on the true code, i.e.
 * - a built-in (model × integrator × check) cell that passes stops passing, or
 * - a negative control that a check rejects is no longer rejected (the control runs through
 *   the same model and integrator code, so a mutant can hide a defect from a check).
 * Cheap checks come first: Stryker stops at the first failing test of a mutant.
 * Cells that are n.a. on the true code are not declared; a mutant that switches a capability
 * off (a cell that should run becomes n.a.) is caught by CELLS below, the committed list of the
 * cells that run on the true code (`npm run mutation:cells` rewrites it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { expectedVerdict, planCells, Registry, runVerify } from '@glassy/verify';

// Built inside each test, not at module load nor in a hook: a mutant that breaks a plugin's
// manifest (e.g. an emptied `properties` object) makes Registry.builtin() throw, which must fail
// the tests (a killed mutant). A throw at load or in beforeAll fails the file's collection or
// skips its tests, which the runner counts as no failure (measured: such mutants survived).
let built: Registry | undefined;
function registryOf(): Registry {
  built ??= Registry.builtin();
  return built;
}

interface Planned {
  readonly model: string;
  readonly integrator: string;
  readonly check: string;
  readonly expect: 'pass' | 'expected-fail';
  /** Wall time of the cell on the true code when cells.json was written. */
  readonly seconds: number;
}

/**
 * Cells slower than this (on the true code) are left out of the mutation run: Stryker's
 * instrumentation slows the hot loops about fivefold, and a surviving mutant runs every cell, so
 * the long statistical cells (φ ensembles, Green–Kubo, Anderson spectra: 2–3 s each, about half
 * of the 55 s) would make a run take hours. They still gate CI; the README says which were left out.
 */
export const MAX_CELL_SECONDS = 2;

const CELLS_FILE = new URL('./cells.json', import.meta.url);
const planned = JSON.parse(readFileSync(CELLS_FILE, 'utf8')) as Planned[];

const key = (c: { model: string; integrator: string; check: string }): string => `${c.model} × ${c.integrator} × ${c.check}`;

if (process.env['GLASSY_UPDATE_CELLS'] === '1') {
  it('writes cells.json: the cells that run on the true code, and what they show', () => {
    const registry = registryOf();
    const checks = [...registry.checks.values()].filter((c) => c.tier === 'quick');
    const cells = runVerify({ models: [...registry.models.values()], integrators: [...registry.integrators.values()], checks, tier: 'quick', seed: 1 })
      .filter((c) => c.status === 'pass' || c.status === 'expected-fail')
      .sort((a, b) => a.seconds - b.seconds)
      .map((c) => ({ model: c.model, integrator: c.integrator, check: c.check, expect: c.status, seconds: Number(c.seconds.toFixed(4)) }));
    // Cheapest cells first (as measured on the true code): Stryker stops at a mutant's first failure.
    writeFileSync(CELLS_FILE, `${JSON.stringify(cells, null, 1)}\n`);
    expect(cells.length).toBeGreaterThan(0);
  });
} else {
  // tools/mutation/run.mjs mutates one file per Stryker run and names the plugins whose source
  // reaches that file; cells of other plugins cannot see the mutant and are skipped (empty: all).
  const reach = (process.env['GLASSY_MUTATION_IDS'] ?? '').split(',').filter((s) => s.length > 0);
  const reaches = (c: Planned): boolean => reach.length === 0 || reach.includes(c.model) || reach.includes(c.integrator);
  // First, without running anything: the cells that apply are exactly those that applied on the
  // true code. A mutant that switches a capability or a property on (a cell that was n.a. now
  // runs) or off (a cell that ran is now n.a.) moves this set.
  it('the applicable cells are exactly those of cells.json', () => {
    const registry = registryOf();
    const checks = [...registry.checks.values()].filter((c) => c.tier === 'quick');
    const applicable = planCells({ models: [...registry.models.values()], integrators: [...registry.integrators.values()], checks, tier: 'quick', seed: 1 })
      .filter((p) => p.reason === undefined && expectedVerdict(p.model, p.integrator, p.check) !== 'any')
      .map((p) => key({ model: p.model.id, integrator: p.integrator?.id ?? '(model)', check: p.check.id }))
      .sort();
    expect(applicable).toEqual(planned.map(key).sort());
  });

  for (const c of planned.filter((x) => x.seconds <= MAX_CELL_SECONDS && reaches(x))) {
    it(`${c.model} × ${c.integrator} × ${c.check}: ${c.expect}`, () => {
      const registry = registryOf();
      const model = registry.models.get(c.model)!;
      const integrator = c.integrator === '(model)' ? [] : [registry.integrators.get(c.integrator)!];
      const check = registry.checks.get(c.check)!;
      const [cell] = runVerify({ models: [model], integrators: integrator, checks: [check], tier: 'quick', seed: 1, cellTimeout: 300 }).filter(
        (x) => x.integrator === c.integrator,
      );
      expect(cell?.status, cell?.result?.explanation ?? cell?.reason).toBe(c.expect);
    });
  }
}
