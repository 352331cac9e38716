/** The glassy commands: list, verify, simulate. Each throws GlassyInputError on bad input. */
import { z } from 'zod';
import {
  GlassyInputError,
  NonFiniteStateError,
  parseOrThrow,
  STREAM,
  streamFor,
  type CheckPlugin,
  type IntegratorPlugin,
  type ModelPlugin,
  type QuantumCheckPlugin,
  type QuantumModelPlugin,
} from '@glassy/contracts';
import { advanceChecked } from '@glassy/observables';
import { instance, randomStates } from '../checks/harness.js';
import { checkOutputDir, checkOutputPath, lookupPlugin, nonNegativeFinite, outFlag, parseFlags, parseSetPairs, positiveFinite, readJsonFile, resolveParams, seedFlag, VERSION, writeFileAtomic } from '@glassy/studies';
import { writeHtmlReport } from '../output/html-report.js';
import { buildReport, verifyReportSchema, type VerifyReport } from '../verify-report.js';
import { compareToBaseline, makeBaseline, readBaseline } from '../baseline.js';
import type { Registry } from '../registry.js';
import { renderJUnit, renderMatrix, summarize } from '../report.js';
import { DEFAULT_CELL_TIMEOUT } from '../guard.js';
import { allGood, emptyReason, runVerify, type Cell } from '../runner.js';
import { startWatchdog } from './watchdog.js';
import { readStateFile, stateFileJson, type StateFile } from '../state-file.js';

export interface Io {
  out(line: string): void;
  err(line: string): void;
  readonly isTTY: boolean;
}

function pick<T extends { id: string; control?: unknown }>(
  table: Map<string, T>,
  ids: readonly string[] | undefined,
  flag: string,
  kind: string,
  includeControls: boolean,
): T[] {
  const all = [...table.values()];
  if (!ids || ids.length === 0) return all.filter((p) => includeControls || p.control === undefined);
  return ids.map((id) => lookupPlugin(table, id, flag, kind));
}

/**
 * Pick from two tables that share one id space (classical and quantum models; classical and
 * quantum checks): each id is looked up in both, an unknown one is refused naming every known id.
 */
function pickTwo<A extends { id: string; control?: unknown }, B extends { id: string; control?: unknown }>(
  a: Map<string, A>,
  b: Map<string, B>,
  ids: readonly string[] | undefined,
  flag: string,
  kind: string,
  includeControls: boolean,
): [A[], B[]] {
  if (!ids || ids.length === 0) return [pick(a, undefined, flag, kind, includeControls), pick(b, undefined, flag, kind, includeControls)];
  const both = new Map<string, A | B>([...a, ...b]);
  const outA: A[] = [];
  const outB: B[] = [];
  for (const id of ids) {
    lookupPlugin(both, id, flag, kind);
    if (a.has(id)) outA.push(a.get(id)!);
    else outB.push(b.get(id)!);
  }
  return [outA, outB];
}

// ---------------------------------------------------------------- list

export function listCommand(registry: Registry, opts: { json?: boolean; includeControls?: boolean }, io: Io): number {
  const show = <T extends { control?: unknown }>(xs: Iterable<T>): T[] => [...xs].filter((x) => opts.includeControls || x.control === undefined);
  const models = show(registry.models.values()) as ModelPlugin[];
  const integrators = show(registry.integrators.values()) as IntegratorPlugin[];
  const checks = [...registry.checks.values()] as CheckPlugin[];
  const quantumModels = show(registry.quantumModels.values()) as QuantumModelPlugin[];
  const quantumChecks = [...registry.quantumChecks.values()] as QuantumCheckPlugin[];
  const observables = [...registry.observables.values()];
  if (opts.json) {
    io.out(
      JSON.stringify(
        {
          models: [...models, ...quantumModels].map((m) => ({ id: m.id, kind: m.kind, title: m.title, equation: m.equation, description: m.description, control: m.control ?? null })),
          integrators: integrators.map((i) => ({ id: i.id, title: i.title, order: i.order, properties: i.properties, requires: i.requires, control: i.control ?? null })),
          checks: [...checks, ...quantumChecks].map((c) => ({ id: c.id, title: c.title, tier: c.tier, scope: c.scope ?? 'pair', purpose: c.purpose })),
          observables: observables.map((o) => ({ id: o.id, title: o.title, estimator: o.estimator, description: o.description })),
          fastPaths: fastPaths(models),
        },
        null,
        2,
      ),
    );
    return 0;
  }
  const w = 30;
  io.out('Models (classical):');
  for (const m of models) io.out(`  ${m.id.padEnd(w)} eq. ${m.equation}  ${m.description}`);
  io.out('Models (quantum, exact diagonalisation):');
  for (const m of quantumModels) io.out(`  ${m.id.padEnd(w)} eq. ${m.equation}  ${m.description}`);
  io.out('Integrators:');
  for (const i of integrators) {
    const props = [
      i.properties.symplectic ? 'symplectic' : '',
      i.properties.timeReversible ? 'reversible' : '',
      i.properties.stochastic ? 'stochastic' : '',
      i.properties.canonical ? 'canonical' : '',
      i.properties.energyConservingNoise ? 'H-conserving noise' : '',
    ]
      .filter(Boolean)
      .join(', ');
    io.out(`  ${i.id.padEnd(w)} order ${i.order}${props ? `, ${props}` : ''}  ${i.control ? i.title : i.description}`);
  }
  const fast = fastPaths(models);
  if (fast.length > 0) {
    io.out('Fast paths (which Störmer–Verlet to name for speed):');
    for (const f of fast) io.out(`  ${f.model.padEnd(w)} ${f.advice}`);
  }
  io.out('Checks (classical):');
  for (const c of checks) io.out(`  ${c.id.padEnd(w)} [${c.tier}] ${c.purpose}`);
  io.out('Checks (quantum models):');
  for (const c of quantumChecks) io.out(`  ${c.id.padEnd(w)} [${c.tier}] ${c.purpose}`);
  io.out('Observables (glassy ensemble --observable):');
  for (const o of observables) io.out(`  ${o.id.padEnd(w)} ${o.description}`);
  if (!opts.includeControls) io.out('(negative controls hidden: --include-controls shows them)');
  return 0;
}

/**
 * For each model with a fused Verlet kernel (at its verification parameters): whether
 * `stormer-verlet` already runs it (the kernel is bit for bit the generic step) or the user
 * should name `stormer-verlet-fused` (the kernel differs by round-off, e.g. a polynomial sine).
 */
export function fastPaths(models: readonly ModelPlugin[]): { model: string; advice: string }[] {
  const out: { model: string; advice: string }[] = [];
  for (const plugin of models) {
    if (plugin.kind !== 'hamiltonian') continue;
    let kernel;
    try {
      kernel = instance(plugin).separable?.verletKernel;
    } catch {
      continue; // a model whose verification parameters do not parse is reported by verify, not here
    }
    if (kernel === undefined) continue;
    out.push({
      model: plugin.id,
      advice: kernel.bitIdentical
        ? 'stormer-verlet runs the fused kernel itself (bit for bit the same trajectory); stormer-verlet-fused is the same'
        : "name stormer-verlet-fused for speed: its fused kernel rounds differently from the model's force (kernel-agreement bounds by how much), so stormer-verlet keeps the generic step",
    });
  }
  return out;
}

// ---------------------------------------------------------------- verify

const verifyFlags = z.object({
  model: z.array(z.string()).optional(),
  integrator: z.array(z.string()).optional(),
  check: z.array(z.string()).optional(),
  tier: z.enum(['quick', 'full'], { message: 'expected "quick" or "full"' }).default('quick'),
  includeControls: z.boolean().default(false),
  json: z.string().min(1).optional(),
  junit: z.string().min(1).optional(),
  html: z.string().min(1).optional(),
  saveBaseline: z.string().min(1).optional(),
  baseline: z.string().min(1).optional(),
  seed: seedFlag.default('1' as never),
  verbose: z.boolean().default(false),
  cellTimeout: positiveFinite.optional(),
});

export function verifyCommand(registry: Registry, rawOpts: unknown, io: Io): number {
  const opts = parseFlags(verifyFlags, rawOpts);
  if (opts.json) checkOutputPath(opts.json, '--json');
  if (opts.junit) checkOutputPath(opts.junit, '--junit');
  if (opts.html) checkOutputDir(opts.html, '--html');
  if (opts.saveBaseline) checkOutputPath(opts.saveBaseline, '--save-baseline');
  const baseline = opts.baseline ? readBaseline(opts.baseline, opts.seed) : undefined;
  const [models, quantumModels] = pickTwo(registry.models, registry.quantumModels, opts.model, '--model', 'model', opts.includeControls);
  if (opts.includeControls && opts.model && opts.model.length > 0) {
    // Named models bring their own controls (a control of M is named M-<defect>).
    const ofNamed = (id: string): boolean => opts.model!.some((m) => id.startsWith(`${m}-`) && !opts.model!.includes(id));
    models.push(...[...registry.models.values()].filter((m) => m.control !== undefined && ofNamed(m.id) && !models.includes(m)));
    quantumModels.push(...[...registry.quantumModels.values()].filter((m) => m.control !== undefined && ofNamed(m.id) && !quantumModels.includes(m)));
  }
  const integrators = pick(registry.integrators, opts.integrator, '--integrator', 'integrator', opts.includeControls);
  const [classicalChecks, quantumChecks] = pickTwo(registry.checks, registry.quantumChecks, opts.check, '--check', 'check', true);
  const checks: (CheckPlugin | QuantumCheckPlugin)[] = [...classicalChecks, ...quantumChecks];
  const cellTimeout = opts.cellTimeout ?? DEFAULT_CELL_TIMEOUT[opts.tier];
  const header = { glassy: VERSION, tier: opts.tier, seed: opts.seed, cellTimeout };
  const watchdog = startWatchdog(cellTimeout, { json: opts.json, junit: opts.junit, html: opts.html, header });
  const t0 = performance.now();
  let cells: Cell[];
  try {
    cells = runVerify({
      models,
      integrators,
      checks: classicalChecks,
      quantumModels,
      quantumChecks,
      tier: opts.tier,
      seed: opts.seed,
      cellTimeout,
      onCellStart: (c) => watchdog?.start(c),
      onCell: (c, i, n) => {
        if (c.status !== 'n.a.') watchdog?.done(c);
        if (io.isTTY) process.stderr.write(`\r\x1b[K[${i}/${n}] ${c.model} × ${c.integrator} × ${c.check}`);
      },
    });
  } finally {
    watchdog?.stop();
  }
  if (io.isTTY) process.stderr.write('\r\x1b[K');
  const seconds = (performance.now() - t0) / 1000;
  const empty = emptyReason(cells, checks, opts.tier);
  const comparison = baseline ? compareToBaseline(cells, checks, baseline) : undefined;
  const ok = empty === undefined && allGood(cells) && (comparison?.regressions.length ?? 0) === 0;
  if (empty === undefined) {
    io.out(renderMatrix(cells, checks, opts.verbose, opts.seed));
    if (comparison) {
      io.out('');
      io.out(`Baseline ${opts.baseline}: ${comparison.compared} cells compared, ${comparison.regressions.length} regressions, ${comparison.improvements.length} improvements${comparison.added > 0 ? `, ${comparison.added} new cells` : ''}`);
      for (const c of [...comparison.regressions, ...comparison.improvements]) io.out(`  ${c.kind === 'regression' ? 'REGRESSION' : 'improvement'} ${c.model} × ${c.integrator} × ${c.check}: ${c.reason}`);
    }
    io.out('');
    io.out(`${summarize(cells)}${comparison && comparison.regressions.length > 0 ? `, ${comparison.regressions.length} regressed` : ''} — ${ok ? 'OK' : 'FAILED'} (tier ${opts.tier}, seed ${opts.seed}, ${seconds.toFixed(1)} s)`);
  } else {
    io.err(`glassy: ${empty}`);
  }
  if (opts.saveBaseline) {
    writeFileAtomic(opts.saveBaseline, `${JSON.stringify(makeBaseline(cells, opts.tier, opts.seed), null, 1)}\n`, '--save-baseline');
    io.out(`baseline written to ${opts.saveBaseline}`);
  }
  const report = buildReport(header, ok, empty, seconds, cells, comparison);
  if (opts.json) writeFileAtomic(opts.json, `${JSON.stringify(report, null, 2)}\n`, '--json');
  if (opts.junit) writeFileAtomic(opts.junit, renderJUnit(cells, empty), '--junit');
  if (opts.html) io.out(`report: ${writeHtmlReport(opts.html, report)}`);
  return ok ? 0 : 1;
}

// ---------------------------------------------------------------- report

const reportFlags = z.object({ html: z.string({ message: 'is required (the folder to write the page to)' }).min(1) });

/** Read and validate a saved verify report: one line naming the file and the field on bad input. */
export function readVerifyReport(file: string, label = file): VerifyReport {
  const raw = readJsonFile(file, label);
  parseOrThrow(verifyReportSchema, raw, label);
  // Validated; rendered as written (zod's output would reorder keys, and the page of a saved
  // report must be the page the run wrote).
  return raw as VerifyReport;
}

export function reportCommand(file: string, rawOpts: unknown, io: Io): number {
  const opts = parseFlags(reportFlags, rawOpts);
  checkOutputDir(opts.html, '--html');
  const report = readVerifyReport(file);
  io.out(`report: ${writeHtmlReport(opts.html, report)}`);
  return 0;
}

// ---------------------------------------------------------------- simulate

const simulateFlags = z.object({
  model: z.string({ message: 'is required' }).min(1),
  integrator: z.string({ message: 'is required' }).min(1),
  dt: positiveFinite,
  tEnd: nonNegativeFinite,
  init: z.string().min(1).optional(),
  out: outFlag,
  set: z.array(z.string()).default([]),
  integratorSet: z.array(z.string()).default([]),
  seed: seedFlag.default('1' as never),
});

export function simulateCommand(registry: Registry, rawOpts: unknown, io: Io): number {
  const opts = parseFlags(simulateFlags, rawOpts);
  const model = lookupPlugin(registry.models, opts.model, '--model', 'model');
  const integrator = lookupPlugin(registry.integrators, opts.integrator, '--integrator', 'integrator');
  const sets = parseSetPairs(opts.set);

  let init: StateFile | undefined;
  if (opts.init) {
    init = readStateFile(opts.init);
    if (init.model !== model.id) throw new GlassyInputError(`${opts.init}: model: state is for "${init.model}", not "${model.id}"`);
  }
  // State-file parameters first (errors name the file), then --set overrides (errors name the flag).
  const base = init ? resolveParams(model, init.params, `${opts.init}: params.`) : {};
  resolveParams(model, sets);
  const params = resolveParams(model, { ...base, ...sets });
  const m = model.create(params);
  let q: Float64Array;
  let p: Float64Array;
  let t0 = 0;
  if (init) {
    for (const key of ['q', 'p'] as const) {
      if (init[key].length !== m.dof) {
        throw new GlassyInputError(`${opts.init}: ${key}: expected ${m.dof} values (model "${model.id}" with these parameters has ${m.dof} degrees of freedom), got ${init[key].length}`);
      }
    }
    q = Float64Array.from(init.q);
    p = Float64Array.from(init.p);
    t0 = init.t;
  } else {
    const s = randomStates(model, m, opts.seed, 1)[0]!;
    q = s.q;
    p = s.p;
  }
  const nSteps = Math.round(opts.tEnd / opts.dt);
  if (nSteps === 0 ? opts.tEnd !== 0 : Math.abs(nSteps * opts.dt - opts.tEnd) > 1e-9 * opts.tEnd) {
    throw new GlassyInputError(`--t-end: ${opts.tEnd} is not a whole number of steps of --dt ${opts.dt}`);
  }
  checkOutputPath(opts.out, '--out');
  // Stochastic integrators (thermostats, flips) get their parameters from --integrator-set and
  // their noise from the stream (--seed, sample 0, dynamics): the same run gives the same file.
  const integratorParams = parseSetPairs(opts.integratorSet, '--integrator-set');
  let validatedIntegratorParams: Record<string, unknown> | undefined;
  if (integrator.params) {
    const r = integrator.params.safeParse(integratorParams);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      throw new GlassyInputError(`--integrator-set ${issue.path.map(String).join('.') || '(parameters)'}: ${issue.message} (integrator "${integrator.id}")`);
    }
    validatedIntegratorParams = r.data;
  } else if (opts.integratorSet.length > 0) {
    throw new GlassyInputError(`--integrator-set: integrator "${integrator.id}" takes no parameters`);
  }
  const random = integrator.properties.stochastic ? streamFor(opts.seed, 0, STREAM.dynamics) : undefined;
  const stepper = integrator.create(m, { params: validatedIntegratorParams, random });
  if (model.control) io.err(`glassy: note: "${model.id}" is a negative control, broken on purpose (${model.control.reason})`);
  if (integrator.control) io.err(`glassy: note: "${integrator.id}" is a negative control, broken on purpose (${integrator.control.reason})`);
  const h0 = m.hamiltonian(q, p);
  const started = performance.now();
  const meta = {
    glassy: VERSION,
    integrator: integrator.id,
    ...(validatedIntegratorParams ? { integratorParams: validatedIntegratorParams } : {}),
    dt: opts.dt,
    steps: nSteps,
    seed: init && !random ? null : opts.seed,
    initialTime: t0,
  };
  const snapshot = (t: number, extra: Record<string, unknown> = {}): StateFile => ({
    model: model.id,
    params,
    t,
    q: Array.from(q),
    p: Array.from(p),
    meta: { ...meta, ...extra },
  });
  try {
    advanceChecked(stepper, q, p, opts.dt, nSteps, { startTime: t0 });
  } catch (e) {
    if (!(e instanceof NonFiniteStateError)) throw e;
    const partial = `${opts.out}.partial.json`;
    const lastStep = e.step - 1;
    writeFileAtomic(partial, stateFileJson(snapshot(t0 + lastStep * opts.dt, { aborted: e.message, stepsDone: lastStep })), '--out');
    io.err(`glassy: ${e.message}; the last finite state (step ${lastStep}, t = ${t0 + lastStep * opts.dt}) is in ${partial}`);
    return 1;
  }
  // The final time is the requested one (nSteps·dt equals it to 1e-9; avoid printing 0.30000000000000004).
  const tFinal = t0 + opts.tEnd;
  const seconds = (performance.now() - started) / 1000;
  writeFileAtomic(opts.out, stateFileJson(snapshot(tFinal)), '--out');
  const h1 = m.hamiltonian(q, p);
  const rel = Math.abs(h1 - h0) / (Math.abs(h0) > 0 ? Math.abs(h0) : 1);
  io.out(
    `${model.id} × ${integrator.id}: ${nSteps} steps of dt = ${opts.dt} from t = ${t0} to t = ${tFinal} in ${seconds.toFixed(2)} s; ` +
      `H = ${h1} (|ΔH/H| = ${rel.toExponential(2)}${integrator.properties.stochastic ? ', not conserved: stochastic integrator' : ''}); state written to ${opts.out}`,
  );
  const reference = model.verification.dt;
  if (!integrator.properties.stochastic && (rel > 0.1 || opts.dt > 10 * reference)) {
    io.err(
      `glassy: warning: ${rel > 0.1 ? `the energy changed by ${(100 * rel).toPrecision(3)} %` : `dt = ${opts.dt} is ${(opts.dt / reference).toPrecision(3)} × the step the catalogue verifies this model at`}: ` +
        `dt = ${opts.dt} is probably beyond the stable step of ${integrator.id} on this model (the catalogue verifies it at dt = ${reference}); try a smaller --dt`,
    );
  }
  return 0;
}
