/**
 * `@glassy/verify/testing`: the check catalogue as vitest tests, for plugin authors.
 *
 *   import { verifyPlugin } from '@glassy/verify/testing';
 *   import { myChain } from '../my-chain.js';
 *
 *   verifyPlugin(myChain);
 *
 * declares `describe(model.id)` with
 * - `it('manifest is valid')`: the same zod validation `glassy` applies to every plugin;
 * - `it('create(verification parameters) builds an instance')`;
 * - one `it('<integrator> × <check>')` per applicable cell of the catalogue (every built-in,
 *   non-control integrator and every check of the tier; `(model) × <check>` for checks of the
 *   model alone), failing with the cell's explanation, or with the error the plugin threw (its
 *   own message and stack, e.g. a generated model's "fill in potential(q)" stub);
 * - `it.skip('<integrator> × <check> — n.a.: <reason>')` for the cells that do not apply.
 *
 * Each cell gets the seed `glassy verify --seed <seed>` would give it, so a failure here is
 * replayed by the command printed in its message. Vitest's default timeout (5 s) is too short
 * for some checks: every cell gets `timeout` (default 300 s).
 *
 * `planPluginCells` is the same plan without vitest: a list of cells with a `run()` that throws
 * on failure, for tests that want to look at the cells themselves.
 */
import { describe, it } from 'vitest';
import { missingCapability, NonFiniteStateError, type CheckPlugin, type CheckResult, type HamiltonianModel, type IntegratorPlugin, type ModelPlugin, type Tier } from '@glassy/contracts';
import { fmt, instance } from './checks/harness.js';
import { Registry } from './registry.js';
import { cellSeed, expectedVerdict, MODEL_ONLY, replayCommand, tierIncludes } from './runner.js';
import { cellBudget, guardPlugins, RunawayStateError } from './guard.js';

export interface VerifyPluginOptions {
  /** Further integrators to run the model with (validated and registered like any plugin). */
  readonly integrators?: readonly IntegratorPlugin[];
  /** Further checks to run (validated and registered like any plugin). */
  readonly checks?: readonly CheckPlugin[];
  /** 'quick' (default: what CI runs) or 'full' (adds the long physics runs). */
  readonly tier?: Tier;
  /** Base seed (default 1, as `glassy verify`); every cell derives its own seed from it. */
  readonly seed?: number;
  /**
   * Also run the built-in negative-control integrators on this model, each against the checks
   * it lists (`control.mustFail`): those cells must fail. Shows that the catalogue can see the
   * defects on your model too. Controls passed in `integrators` always run.
   */
  readonly includeControls?: boolean;
  /** Timeout of each cell's test in milliseconds (default 300 000). */
  readonly timeout?: number;
}

/** One cell of the plan: run it (throws on failure) or skip it (`skip` says why). */
export interface PlannedPluginCell {
  /** `<integrator> × <check>`, `(model) × <check>` for checks of the model alone. */
  readonly name: string;
  readonly model: string;
  readonly integrator: string;
  readonly check: string;
  /** 'pass' for ordinary cells; 'fail' for a negative control's listed check. */
  readonly expected: 'pass' | 'fail';
  /** The seed of the cell (the one `glassy verify --seed <seed>` uses). */
  readonly seed: number;
  /** Why the cell does not run (n.a., other tier, invalid plugin), or undefined. */
  readonly skip?: string;
  /** Run the check; throws an Error explaining the failure, or the error the plugin threw. */
  run(): void;
}

/** The whole plan for one model: set-up tests first, then the cells. */
export interface PluginPlan {
  readonly model: string;
  /** Set-up tests (manifest, instance): each throws if that step failed. */
  readonly setup: ReadonlyArray<{ readonly name: string; run(): void }>;
  readonly cells: readonly PlannedPluginCell[];
}

const DEFAULT_TIMEOUT = 300_000;

const replay = (model: string, integrator: string, check: string, seed: number, controls: boolean): string => replayCommand({ model, integrator, check }, seed, controls);

function noop(): void {}

/**
 * Build the registry (built-ins and controls, the model, the extra plugins) and plan every cell
 * of the catalogue for `model`. Never throws: a broken manifest or a failing `create` becomes a
 * failing set-up test, and the cells are then skipped.
 */
export function planPluginCells(model: ModelPlugin, options: VerifyPluginOptions = {}): PluginPlan {
  const tier = options.tier ?? 'quick';
  const seed = options.seed ?? 1;
  // A little under vitest's own timeout, so the guard's TIMEOUT error is what the test reports.
  const budgetSeconds = (0.9 * (options.timeout ?? DEFAULT_TIMEOUT)) / 1000;
  const id = typeof (model as { id?: unknown })?.id === 'string' ? model.id : '(invalid model)';
  const setup: Array<{ name: string; run(): void }> = [];
  const skipAll = (reason: string): PluginPlan => ({
    model: id,
    setup,
    cells: [{ name: `catalogue — skipped: ${reason}`, model: id, integrator: MODEL_ONLY, check: '', expected: 'pass', seed, skip: reason, run: noop }],
  });

  // The manifest, through the same registry `glassy` builds (so a duplicate id is refused too).
  const registry = Registry.builtin();
  let manifestError: unknown;
  try {
    if (registry.models.get(id) !== model) registry.add(model, 'verifyPlugin');
    for (const p of [...(options.integrators ?? []), ...(options.checks ?? [])]) registry.add(p, 'verifyPlugin options');
  } catch (e) {
    manifestError = e;
  }
  setup.push({
    name: 'manifest is valid',
    run: () => {
      if (manifestError !== undefined) throw manifestError;
    },
  });
  if (manifestError !== undefined) return skipAll('the manifest is invalid (see "manifest is valid")');

  let m: HamiltonianModel | undefined;
  let createError: unknown;
  try {
    m = instance(model);
  } catch (e) {
    createError = e;
  }
  setup.push({
    name: 'create(verification parameters) builds an instance',
    run: () => {
      if (createError !== undefined) throw createError;
    },
  });
  if (m === undefined) return skipAll('create(params) failed at the verification parameters');
  const modelInstance = m;

  const extra = new Set<IntegratorPlugin>(options.integrators ?? []);
  const integrators = [...registry.integrators.values()].filter((i) => !i.control || extra.has(i) || options.includeControls);
  const checks = [...registry.checks.values()];
  const cells: PlannedPluginCell[] = [];

  const plan = (integrator: IntegratorPlugin | undefined, check: CheckPlugin): void => {
    const partner = integrator?.id ?? MODEL_ONLY;
    const name = `${partner} × ${check.id}`;
    const expected = expectedVerdict(model, integrator, check);
    // A control's unlisted checks say nothing (it is broken on purpose): not planned at all.
    if (expected === 'any') return;
    const cs = cellSeed(seed, id, partner, check.id);
    const base = { model: id, integrator: partner, check: check.id, expected, seed: cs };
    let reason: string | undefined;
    if (!tierIncludes(tier, check)) reason = `${check.tier} tier (verifyPlugin(model, { tier: 'full' }) runs it)`;
    else {
      try {
        const missing = integrator ? missingCapability(integrator, modelInstance) : undefined;
        reason = missing ? `model has no ${missing} capability` : check.notApplicable(model, integrator);
      } catch (e) {
        const error = e;
        cells.push({ ...base, name: `${name} (applicability)`, run: () => { throw error; } });
        return;
      }
    }
    if (reason !== undefined) {
      cells.push({ ...base, name: `${name}${expected === 'fail' ? ' (negative control)' : ''} — n.a.: ${reason}`, skip: reason, run: noop });
      return;
    }
    const controls = integrator?.control !== undefined;
    cells.push({
      ...base,
      name: expected === 'fail' ? `${name} (negative control: must fail)` : name,
      run: () => {
        // The same guard as `glassy verify`: a runaway or non-finite state fails the cell with
        // its step and site, a cell past the budget throws instead of hanging the test file.
        const guarded = guardPlugins(model, integrator, cellBudget(budgetSeconds));
        let result: CheckResult;
        try {
          result = check.run({ model: guarded.model, integrator: guarded.integrator, seed: cs });
        } catch (e) {
          if (!(e instanceof NonFiniteStateError || e instanceof RunawayStateError)) throw e;
          if (expected === 'fail') return;
          throw new Error(`${id} × ${partner} × ${check.id}: FAIL — ${e.message} (stopped by the state guard)\n  replay: ${replay(id, partner, check.id, seed, controls)}`);
        }
        const how = `${result.statistic} = ${fmt(result.value)}, threshold ${result.comparison === 'within' ? `within ±${fmt(result.threshold)} of ${fmt(result.target ?? 0)}` : `${result.comparison} ${fmt(result.threshold)}`}`;
        const again = `replay: ${replay(id, partner, check.id, seed, controls)}`;
        if (expected === 'pass' && result.verdict !== 'pass') {
          throw new Error(`${id} × ${partner} × ${check.id}: FAIL — ${result.explanation}\n  ${how}\n  ${again}`);
        }
        if (expected === 'fail' && result.verdict !== 'fail') {
          throw new Error(
            `${id} × ${partner} × ${check.id}: the negative control "${partner}" (${integrator?.control?.reason ?? 'broken on purpose'}) was NOT rejected — ${result.explanation}\n  ${how}\n  ${again}`,
          );
        }
      },
    });
  };

  for (const check of checks) if (check.scope === 'model') plan(undefined, check);
  for (const integrator of integrators) for (const check of checks) if (check.scope !== 'model') plan(integrator, check);
  return { model: id, setup, cells };
}

/**
 * Declare the catalogue for `model` as vitest tests (call it at the top level of a test file).
 * See the module comment for what each test does.
 */
export function verifyPlugin(model: ModelPlugin, options: VerifyPluginOptions = {}): void {
  const plan = planPluginCells(model, options);
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  describe(plan.model, () => {
    for (const s of plan.setup) it(s.name, () => s.run(), timeout);
    for (const cell of plan.cells) {
      if (cell.skip !== undefined) it.skip(cell.name, noop);
      else it(cell.name, () => cell.run(), timeout);
    }
  });
}
