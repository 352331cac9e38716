/**
 * Which cells measure a check's false-alarm rate and which its power:
 * - built-in cells: every applicable (non-control model × non-control integrator) pair, or
 *   every non-control model for a model-scope check; each must pass, so a fail is a false alarm;
 * - control cells: a negative control paired with a non-control partner, where the control
 *   lists the check in `control.mustFail` (as "check" or "check@partner"); each must fail, so
 *   the rejection rate is the check's power against that defect. Control × control pairs
 *   (which `glassy verify` also runs) are left out: either defect could be the one caught.
 * Cells are plain data (ids), so a worker thread can run them from its own registry.
 */
import { GlassyInputError, missingCapability, type CheckPlugin, type IntegratorPlugin, type ModelPlugin, type QuantumCheckPlugin, type QuantumModelPlugin } from '@glassy/contracts';
import { expectedVerdict, instance, MODEL_ONLY, runVerify, type Cell } from '@glassy/verify';

export type CellRole = 'builtin' | 'control';

export interface PlannedCell {
  readonly check: string;
  readonly role: CellRole;
  readonly model: string;
  /** MODEL_ONLY for model-scope checks. */
  readonly integrator: string;
  /** For control cells: the id of the broken plugin (model or integrator). */
  readonly control?: string;
}

/** The plugins to plan over, e.g. a Registry's maps as arrays. */
export interface PluginSet {
  readonly models: readonly ModelPlugin[];
  readonly integrators: readonly IntegratorPlugin[];
  readonly checks: readonly CheckPlugin[];
  /** Quantum models and their checks (one cell per model, column MODEL_ONLY). */
  readonly quantumModels?: readonly QuantumModelPlugin[];
  readonly quantumChecks?: readonly QuantumCheckPlugin[];
}

type AnyCheck = CheckPlugin | QuantumCheckPlugin;

export function pluginSet(registry: {
  models: ReadonlyMap<string, ModelPlugin>;
  integrators: ReadonlyMap<string, IntegratorPlugin>;
  checks: ReadonlyMap<string, CheckPlugin>;
  quantumModels?: ReadonlyMap<string, QuantumModelPlugin>;
  quantumChecks?: ReadonlyMap<string, QuantumCheckPlugin>;
}): PluginSet {
  return {
    models: [...registry.models.values()],
    integrators: [...registry.integrators.values()],
    checks: [...registry.checks.values()],
    quantumModels: [...(registry.quantumModels?.values() ?? [])],
    quantumChecks: [...(registry.quantumChecks?.values() ?? [])],
  };
}

const allChecks = (set: PluginSet): AnyCheck[] => [...set.checks, ...(set.quantumChecks ?? [])];

/** Check ids named by at least one control's mustFail, in catalogue order. */
export function controlledCheckIds(set: PluginSet): string[] {
  const named = new Set<string>();
  for (const p of [...set.models, ...(set.quantumModels ?? []), ...set.integrators]) for (const entry of p.control?.mustFail ?? []) named.add(entry.split('@')[0]!);
  return allChecks(set).filter((c) => named.has(c.id)).map((c) => c.id);
}

/** Resolve --check ids (default: every controlled check); unknown ids are an input error. */
export function selectChecks(set: PluginSet, ids: readonly string[]): AnyCheck[] {
  if (ids.length === 0) {
    // Default: the quick tier (what CI gates on). Full-tier checks run minutes per cell; name
    // them with --check to measure them.
    const controlled = new Set(controlledCheckIds(set));
    return allChecks(set).filter((c) => controlled.has(c.id) && c.tier === 'quick');
  }
  return ids.map((id) => {
    const c = allChecks(set).find((x) => x.id === id);
    if (!c) throw new GlassyInputError(`--check: unknown check "${id}" (known: ${allChecks(set).map((x) => x.id).join(', ')})`);
    return c;
  });
}

function applicable(model: ModelPlugin, integrator: IntegratorPlugin | undefined, check: CheckPlugin): boolean {
  if (integrator && missingCapability(integrator, instance(model)) !== undefined) return false;
  return check.notApplicable(model, integrator) === undefined;
}

export interface PowerPlan {
  readonly cells: readonly PlannedCell[];
  /** "control lists check" entries with no applicable cell: a mustFail claim nothing tests. */
  readonly uncovered: ReadonlyArray<{ control: string; check: string }>;
}

export function planPowerCells(set: PluginSet, checks: readonly AnyCheck[]): PowerPlan {
  const models = set.models.filter((m) => !m.control);
  const integrators = set.integrators.filter((i) => !i.control);
  const controlModels = set.models.filter((m) => m.control);
  const controlIntegrators = set.integrators.filter((i) => i.control);
  const cells: PlannedCell[] = [];
  const uncovered: Array<{ control: string; check: string }> = [];
  for (const check of checks) {
    if (check.scope === 'quantum') {
      for (const m of (set.quantumModels ?? []).filter((x) => !x.control)) if (check.notApplicable(m) === undefined) cells.push({ check: check.id, role: 'builtin', model: m.id, integrator: MODEL_ONLY });
      for (const cm of (set.quantumModels ?? []).filter((x) => x.control?.mustFail.includes(check.id))) {
        if (check.notApplicable(cm) === undefined) cells.push({ check: check.id, role: 'control', model: cm.id, integrator: MODEL_ONLY, control: cm.id });
        else uncovered.push({ control: cm.id, check: check.id });
      }
      continue;
    }
    const modelScope = check.scope === 'model';
    for (const m of models) {
      if (modelScope) {
        if (applicable(m, undefined, check)) cells.push({ check: check.id, role: 'builtin', model: m.id, integrator: MODEL_ONLY });
        continue;
      }
      for (const i of integrators) if (applicable(m, i, check)) cells.push({ check: check.id, role: 'builtin', model: m.id, integrator: i.id });
    }
    const lists = (p: ModelPlugin | IntegratorPlugin): boolean => (p.control?.mustFail ?? []).some((e) => e.split('@')[0] === check.id);
    for (const cm of controlModels.filter(lists)) {
      const before = cells.length;
      const partners: Array<IntegratorPlugin | undefined> = modelScope ? [undefined] : integrators;
      for (const i of partners) {
        if (expectedVerdict(cm, i, check) === 'fail' && applicable(cm, i, check)) {
          cells.push({ check: check.id, role: 'control', model: cm.id, integrator: i?.id ?? MODEL_ONLY, control: cm.id });
        }
      }
      if (cells.length === before) uncovered.push({ control: cm.id, check: check.id });
    }
    for (const ci of controlIntegrators.filter(lists)) {
      const before = cells.length;
      if (!modelScope) {
        for (const m of models) {
          if (expectedVerdict(m, ci, check) === 'fail' && applicable(m, ci, check)) {
            cells.push({ check: check.id, role: 'control', model: m.id, integrator: ci.id, control: ci.id });
          }
        }
      }
      if (cells.length === before) uncovered.push({ control: ci.id, check: check.id });
    }
  }
  return { cells, uncovered };
}

/** One planned cell's result for one base seed, without the long explanation text. */
export interface CellOutcome extends PlannedCell {
  readonly baseSeed: number;
  /** The cell's own seed (as `glassy verify --seed baseSeed` derives it): replay with it. */
  readonly cellSeed: number;
  readonly status: Cell['status'];
  readonly seconds: number;
  readonly value?: number;
  readonly threshold?: number;
  readonly comparison?: '<=' | '>=' | 'within';
  readonly target?: number;
  readonly reason?: string;
}

export function toOutcome(planned: PlannedCell, baseSeed: number, cell: Cell): CellOutcome {
  const r = cell.result;
  return {
    ...planned,
    baseSeed,
    cellSeed: cell.seed,
    status: cell.status,
    seconds: cell.seconds,
    ...(r ? { value: r.value, threshold: r.threshold, comparison: r.comparison, ...(r.target !== undefined ? { target: r.target } : {}) } : {}),
    ...(cell.reason !== undefined ? { reason: cell.reason } : {}),
  };
}

/** Run one planned cell exactly as `glassy verify --seed baseSeed` would (same cell seed). */
export function runPlannedCell(set: PluginSet, planned: PlannedCell, baseSeed: number): CellOutcome {
  const quantumCheck = set.quantumChecks?.find((c) => c.id === planned.check);
  if (quantumCheck) {
    const qm = set.quantumModels?.find((m) => m.id === planned.model);
    if (!qm) throw new Error(`power: quantum model ${planned.model} is not registered`);
    const cells = runVerify({ models: [], integrators: [], checks: [], quantumModels: [qm], quantumChecks: [quantumCheck], tier: 'full', seed: baseSeed });
    return toOutcome(planned, baseSeed, cells[0]!);
  }
  const model = set.models.find((m) => m.id === planned.model);
  const check = set.checks.find((c) => c.id === planned.check);
  const integrator = planned.integrator === MODEL_ONLY ? undefined : set.integrators.find((i) => i.id === planned.integrator);
  if (!model || !check || (planned.integrator !== MODEL_ONLY && !integrator)) {
    throw new Error(`power: plugin of cell ${planned.model} × ${planned.integrator} × ${planned.check} is not registered`);
  }
  const cells = runVerify({ models: [model], integrators: integrator ? [integrator] : [], checks: [check], tier: 'full', seed: baseSeed });
  const cell = cells.find((c) => c.check === check.id && c.integrator === planned.integrator);
  if (!cell) throw new Error(`power: runVerify returned no cell for ${planned.model} × ${planned.integrator} × ${planned.check}`);
  return toOutcome(planned, baseSeed, cell);
}
