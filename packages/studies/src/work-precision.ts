/**
 * Work-precision diagrams (`glassy bench work-precision`), as DiffEqDevTools' WorkPrecisionSet
 * draws them: for each integrator and step, the error of the run against the cost of the run.
 *
 * Per (integrator, dt), from `samples` initial states (exact Gibbs draws at β where the model has
 * a sampler, else draws on its infinite-temperature line at density 1, else uniform in its
 * verification scales; streams (seed, s, 1)) integrated to t = T:
 * - energy error: max over 200 equally spaced times in [0, T] of |H(t) − H(0)| / |H(0)|, the mean
 *   over samples;
 * - trajectory error at T: ‖x(T) − x_ref(T)‖₂ / ‖x_ref(T)‖₂ over (q, p), the mean over samples
 *   (chaos amplifies rounding like e^{λT}: where the reference's own error is not small the run
 *   warns, and keep T to a few Lyapunov times for this error);
 *   The reference x_ref is the highest-order applicable method (kahan-li6, yoshida6, then
 *   split-yoshida4, yoshida4) at dt_ref = dt_min / 16, checked against the same at dt_ref / 2:
 *   that difference (the reference's own error, printed and saved) must be far below the errors
 *   it measures;
 * - cost: the median over `repeats` of the wall time of the run (stepping only, no energy
 *   evaluations), divided by T: seconds per unit of physical time; measured interleaved (every
 *   case once per repeat, in turn), so machine load shifts all methods alike. Force evaluations
 *   (or sweeps of B) per unit time = stagesPerStep / dt are recorded beside it.
 * Crossing points: for target errors 10⁻¹ … 10⁻¹³, the cost of each method at that error by
 * log-log interpolation along its curve (inside its measured range only), and the cheapest
 * method; the accuracies where the cheapest method changes are the crossings.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { GlassyInputError, missingCapability, STREAM, streamFor, type HamiltonianModel, type IntegratorPlugin } from '@glassy/contracts';
import { claimRunDir, writeFileAtomic } from './io.js';
import { lookupPlugin } from './lookup.js';
import { intAtLeast, parseFlags, positiveFinite, seedFlag } from './options.js';
import { writeHdf5Atomic, type Hdf5Group } from './output/hdf5.js';
import { curvesPlot } from './output/plots.js';
import { writeFigure } from './output/render.js';
import { parseSetPairs, resolveParams } from './params.js';
import { withDefaults, type Study, type StudyContext, type StudyOutcome } from './study.js';
import { VERSION } from './version.js';

const REFERENCE_ORDER = ['kahan-li6', 'yoshida6', 'split-yoshida4', 'yoshida4'];
const ENERGY_SAMPLES = 200;

const rangeFlag = z.union([z.string(), z.array(z.number())]).transform((given, ctx) => {
  const parts = (Array.isArray(given) ? given : given.split(',').map((x) => Number(x.trim()))) as number[];
  if (parts.length !== 2 || !parts.every((x) => Number.isFinite(x) && x > 0) || !(parts[0]! < parts[1]!)) {
    ctx.addIssue({ code: 'custom', message: 'expected "lo,hi" with 0 < lo < hi' });
    return z.NEVER;
  }
  return parts as [number, number];
});

/** The parameters of a work-precision set (CLI: the flags of `glassy bench work-precision`). */
export const workPrecisionSpec = z.object({
  model: z.string({ message: 'is required' }).min(1),
  set: z.array(z.string()).default([]),
  integrators: z.string().optional(),
  dtRange: rangeFlag.optional(),
  points: intAtLeast(2).optional(),
  tEnd: positiveFinite.optional(),
  samples: intAtLeast(1).optional(),
  repeats: intAtLeast(1).optional(),
  beta: positiveFinite.default(1),
  seed: seedFlag.default(1),
  quick: z.boolean().default(false),
});

export interface WorkPrecisionPoint {
  readonly dt: number;
  readonly energyError: number;
  readonly trajectoryError: number;
  readonly secondsPerUnitTime: number;
  readonly forceEvaluationsPerUnitTime: number;
}

export interface WorkPrecisionCurve {
  readonly integrator: string;
  readonly order: number;
  readonly points: WorkPrecisionPoint[];
}

export type WorkPrecisionSummary = Record<string, unknown> & { readonly curves: readonly WorkPrecisionCurve[] };

/** Cost at error e along a curve (log-log interpolation between the two bracketing points), or undefined outside its range. */
export function costAtError(points: readonly { error: number; cost: number }[], e: number): number | undefined {
  const pts = points.filter((p) => p.error > 0 && Number.isFinite(p.error) && p.cost > 0).sort((a, b) => a.error - b.error);
  for (let i = 0; i + 1 < pts.length; i++) {
    const a = pts[i]!;
    const b = pts[i + 1]!;
    if (e >= a.error && e <= b.error) {
      if (b.error === a.error) return Math.min(a.cost, b.cost);
      const f = Math.log(e / a.error) / Math.log(b.error / a.error);
      return Math.exp(Math.log(a.cost) + f * Math.log(b.cost / a.cost));
    }
  }
  return undefined;
}

/** For target errors 10^-1 … 10^-13: the cheapest method and each method's cost (interpolated). */
export function cheapestAt(curves: readonly { name: string; points: readonly { error: number; cost: number }[] }[]): { error: number; cheapest: string | undefined; costs: Record<string, number | null> }[] {
  const rows = [];
  for (let k = 1; k <= 13; k++) {
    const e = Number(`1e-${k}`); // the double nearest 10^-k (10 ** -k can be off by an ulp)
    const costs: Record<string, number | null> = {};
    let best: string | undefined;
    let bestCost = Number.POSITIVE_INFINITY;
    for (const c of curves) {
      const cost = costAtError(c.points, e);
      costs[c.name] = cost ?? null;
      if (cost !== undefined && cost < bestCost) {
        bestCost = cost;
        best = c.name;
      }
    }
    rows.push({ error: e, cheapest: best, costs });
  }
  return rows;
}

function initialStates(m: HamiltonianModel, model: { verification: { qScale: number; pScale: number } }, beta: number, seed: number, samples: number): { q: Float64Array; p: Float64Array }[] {
  return Array.from({ length: samples }, (_, s) => {
    const q = new Float64Array(m.dof);
    const p = new Float64Array(m.dof);
    const random = streamFor(seed, s, STREAM.initialState);
    if (m.gibbs) m.gibbs.sample(q, p, beta, random);
    else if (m.infiniteTemperature) m.infiniteTemperature.sample(q, p, 1, random);
    else {
      for (let i = 0; i < m.dof; i++) {
        q[i] = (2 * random.uniform() - 1) * (m.angles[i] === 1 ? Math.PI : model.verification.qScale);
        p[i] = (2 * random.uniform() - 1) * model.verification.pScale;
      }
    }
    return { q, p };
  });
}

function relativeDistance(q: Float64Array, p: Float64Array, rq: Float64Array, rp: Float64Array): number {
  let d = 0;
  let r = 0;
  for (let i = 0; i < q.length; i++) {
    d += (q[i]! - rq[i]!) ** 2 + (p[i]! - rp[i]!) ** 2;
    r += rq[i]! ** 2 + rp[i]! ** 2;
  }
  return Math.sqrt(d / r);
}

async function runWorkPrecision(raw: z.input<typeof workPrecisionSpec>, context: StudyContext): Promise<StudyOutcome<WorkPrecisionSummary>> {
  const opts = parseFlags(workPrecisionSpec, raw);
  const { out, force, backend, log } = withDefaults(context);
  const registry = backend.registry;
  const model = lookupPlugin(registry.models, opts.model, '--model', 'model');
  const params = resolveParams(model, parseSetPairs(opts.set));
  const m = model.create(params);
  const usable = (i: IntegratorPlugin): boolean => !i.properties.stochastic && missingCapability(i, m) === undefined;
  let integrators: IntegratorPlugin[];
  if (opts.integrators !== undefined) {
    integrators = opts.integrators.split(',').map((id) => lookupPlugin(registry.integrators, id.trim(), '--integrators', 'integrator'));
    const bad = integrators.find((i) => !usable(i));
    if (bad) throw new GlassyInputError(`--integrators: "${bad.id}" cannot run model "${model.id}" deterministically (${bad.properties.stochastic ? 'stochastic' : `model has no ${missingCapability(bad, m)} capability`})`);
  } else {
    integrators = [...registry.integrators.values()].filter((i) => i.control === undefined && usable(i));
  }
  if (integrators.length === 0) throw new GlassyInputError(`--integrators: no deterministic integrator can run model "${model.id}"`);
  const referenceId = REFERENCE_ORDER.find((id) => registry.integrators.has(id) && usable(registry.integrators.get(id)!));
  if (referenceId === undefined) throw new GlassyInputError(`--model: no high-order reference method (${REFERENCE_ORDER.join(', ')}) can run model "${model.id}"`);
  const reference = registry.integrators.get(referenceId)!;
  const dt0 = model.verification.dt;
  const [lo, hi] = opts.dtRange ?? (opts.quick ? [dt0, 4 * dt0] : [dt0 / 4, 8 * dt0]);
  const points = opts.points ?? (opts.quick ? 3 : 6);
  const tEnd = opts.tEnd ?? (opts.quick ? 5 : 10);
  const samples = opts.samples ?? (opts.quick ? 1 : 4);
  const repeats = opts.repeats ?? (opts.quick ? 1 : 3);
  // Steps that divide T exactly: dt_k = T / n_k with n_k log-spaced between T/hi and T/lo.
  const stepsList = [...new Set(Array.from({ length: points }, (_, k) => Math.max(1, Math.round((tEnd / hi) * (hi / lo) ** (k / (points - 1))))))].sort((a, b) => a - b);
  const dts = stepsList.map((n) => tEnd / n);
  claimRunDir(out, 'bench work-precision', { ...opts, params }, force);
  const started = performance.now();
  const states = initialStates(m, model, opts.beta, opts.seed, samples);
  // Reference at dt_min/16 and dt_min/32; their difference is the reference's own error.
  const nRef = 16 * Math.max(...stepsList);
  const refs = states.map((s) => {
    const a = { q: s.q.slice(), p: s.p.slice() };
    const b = { q: s.q.slice(), p: s.p.slice() };
    reference.create(m).step(a.q, a.p, tEnd / nRef, nRef);
    reference.create(m).step(b.q, b.p, tEnd / (2 * nRef), 2 * nRef);
    return { q: b.q, p: b.p, ownError: relativeDistance(a.q, a.p, b.q, b.p) };
  });
  const referenceError = Math.max(...refs.map((r) => r.ownError));
  log(`work-precision: reference ${reference.id} at dt = ${(tEnd / (2 * nRef)).toPrecision(3)}, its own error (against dt × 2) ${referenceError.toExponential(2)}`);
  // A chaotic chain amplifies rounding like e^{λT}: past a few Lyapunov times no reference resolves the trajectory.
  const referenceWarning =
    referenceError > 1e-6
      ? `the reference's own error ${referenceError.toExponential(2)} is not small: the chain is chaotic over T = ${tEnd} (rounding grows like e^{λT}), so trajectory errors below ~${(10 * referenceError).toExponential(0)} are not resolved; use a shorter --t-end for the trajectory error (the energy error needs no reference)`
      : undefined;
  if (referenceWarning) log(`warning: ${referenceWarning}`);
  // Errors (with energy evaluations), once per case.
  const errors = new Map<string, { energy: number; trajectory: number }>();
  for (const integ of integrators) {
    for (let k = 0; k < dts.length; k++) {
      let energy = 0;
      let trajectory = 0;
      for (let s = 0; s < states.length; s++) {
        const q = states[s]!.q.slice();
        const p = states[s]!.p.slice();
        const h0 = m.hamiltonian(q, p);
        const stepper = integ.create(m);
        const n = stepsList[k]!;
        let done = 0;
        let eMax = 0;
        for (let j = 1; j <= ENERGY_SAMPLES; j++) {
          const target = Math.round((j * n) / ENERGY_SAMPLES);
          if (target > done) stepper.step(q, p, dts[k]!, target - done);
          done = target;
          const e = Math.abs(m.hamiltonian(q, p) - h0) / Math.abs(h0);
          if (!(e <= eMax)) eMax = e;
        }
        energy += eMax / states.length;
        trajectory += relativeDistance(q, p, refs[s]!.q, refs[s]!.p) / states.length;
      }
      errors.set(`${integ.id}@${k}`, { energy, trajectory });
    }
  }
  // Cost: interleaved repeats of the bare runs.
  const times = new Map<string, number[]>();
  let sink = 0;
  for (let r = 0; r < repeats; r++) {
    for (const integ of integrators) {
      for (let k = 0; k < dts.length; k++) {
        const t0 = performance.now();
        for (const s of states) {
          const q = s.q.slice();
          const p = s.p.slice();
          integ.create(m).step(q, p, dts[k]!, stepsList[k]!);
          sink += q[0]!;
        }
        const seconds = (performance.now() - t0) / 1000 / states.length;
        const key = `${integ.id}@${k}`;
        times.set(key, [...(times.get(key) ?? []), seconds]);
      }
    }
    log(`work-precision: timing round ${r + 1}/${repeats}`);
  }
  if (!Number.isFinite(sink)) log('work-precision: a timed run ended non-finite (its errors say which)');
  const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  const curves: WorkPrecisionCurve[] = integrators.map((integ) => ({
    integrator: integ.id,
    order: integ.order,
    points: dts.map((dt, k) => {
      const e = errors.get(`${integ.id}@${k}`)!;
      return { dt, energyError: e.energy, trajectoryError: e.trajectory, secondsPerUnitTime: median(times.get(`${integ.id}@${k}`)!) / tEnd, forceEvaluationsPerUnitTime: integ.stagesPerStep / dt };
    }),
  }));
  const crossings = (kind: 'energyError' | 'trajectoryError') => {
    const rows = cheapestAt(curves.map((c) => ({ name: c.integrator, points: c.points.map((p) => ({ error: p[kind], cost: p.secondsPerUnitTime })) })));
    const switches = rows.filter((row, i) => i > 0 && row.cheapest !== undefined && rows[i - 1]!.cheapest !== undefined && row.cheapest !== rows[i - 1]!.cheapest).map((row) => ({ below: row.error * 10, from: rows[rows.indexOf(row) - 1]!.cheapest, to: row.cheapest }));
    return { table: rows, switches };
  };
  const parameters = { model: model.id, params, integrators: integrators.map((i) => i.id), dts, tEnd, samples, repeats, beta: opts.beta, seed: opts.seed, quick: opts.quick };
  const summary: WorkPrecisionSummary = {
    software: { glassy: VERSION },
    parameters,
    definitions: {
      energyError: `max over ${ENERGY_SAMPLES} equally spaced times in [0, T] of |H(t) − H(0)| / |H(0)|; mean over samples`,
      trajectoryError: '‖x(T) − x_ref(T)‖₂ / ‖x_ref(T)‖₂ over (q, p); mean over samples',
      cost: `median over ${repeats} interleaved repeats of the wall time of one run (stepping only), per unit of physical time; forceEvaluationsPerUnitTime = stagesPerStep / dt`,
      initialStates: m.gibbs ? `exact Gibbs draws at β = ${opts.beta}` : 'infinite-temperature draws at density 1, or uniform in the verification scales',
      crossings: 'for target errors 10^-1 … 10^-13, each method\'s cost by log-log interpolation along its curve (measured range only); "switches": where the cheapest method changes',
    },
    reference: {
      integrator: reference.id,
      dt: tEnd / (2 * nRef),
      ownError: referenceError,
      check: 'relative distance between the reference at dt and at 2·dt (the error of the coarser one bounds the finer one\'s); trajectory errors below 10 × ownError are not resolved',
      ...(referenceWarning ? { warning: referenceWarning } : {}),
    },
    curves,
    crossings: { energyError: crossings('energyError'), trajectoryError: crossings('trajectoryError') },
    seconds: (performance.now() - started) / 1000,
  };
  writeFileAtomic(join(out, 'work-precision.json'), `${JSON.stringify(summary, null, 2)}\n`, '--out');
  const groups: Record<string, Hdf5Group> = {};
  for (const c of curves) {
    groups[c.integrator] = {
      attrs: { order: c.order },
      datasets: {
        dt: c.points.map((p) => p.dt),
        energy_error: c.points.map((p) => p.energyError),
        trajectory_error: c.points.map((p) => p.trajectoryError),
        seconds_per_unit_time: c.points.map((p) => p.secondsPerUnitTime),
        force_evaluations_per_unit_time: c.points.map((p) => p.forceEvaluationsPerUnitTime),
      },
    };
  }
  await writeHdf5Atomic(join(out, 'work-precision.h5'), {
    attrs: { software: `glassy ${VERSION}`, description: 'work-precision set: error against cost per integrator and step', parameters: JSON.stringify(parameters), reference: reference.id, reference_own_error: referenceError },
    datasets: {},
    groups,
  });
  const paramText = Object.entries(params).map(([k, v]) => `${k} = ${String(v)}`).join(', ');
  const subtitle = `${model.id} (${paramText}), T = ${tEnd}, ${samples} state${samples > 1 ? 's' : ''}, reference ${reference.id} (own error ${referenceError.toExponential(1)})`;
  const files = [join(out, 'work-precision.json'), join(out, 'work-precision.h5')];
  for (const [kind, label, file] of [
    ['energyError', 'max |ΔH/H| over [0, T]', 'energy'],
    ['trajectoryError', '‖x(T) − x_ref(T)‖ / ‖x_ref(T)‖', 'trajectory'],
  ] as const) {
    const fig = writeFigure(
      join(out, `work-precision-${file}`),
      await curvesPlot(
        curves.map((c) => ({ name: c.integrator, x: c.points.map((p) => p[kind]), y: c.points.map((p) => p.secondsPerUnitTime) })),
        { title: `work-precision: ${file} error`, subtitle, xTitle: label, yTitle: 'wall seconds per unit time', logX: true, logY: true },
      ),
    );
    files.push(fig.svg, fig.png);
  }
  const sw = (summary.crossings as { energyError: ReturnType<typeof crossings> }).energyError;
  const report = [
    `reference ${reference.id} at dt = ${(tEnd / (2 * nRef)).toPrecision(3)}: own error ${referenceError.toExponential(2)}${referenceWarning ? ' (see the warning: trajectory errors unresolved below 10× that)' : ''}`,
    ...sw.table.filter((r) => r.cheapest !== undefined).map((r) => `energy error ${r.error.toExponential(0)}: cheapest ${r.cheapest} (${Object.entries(r.costs).filter(([, c]) => c !== null).map(([id, c]) => `${id} ${(c! * 1e3).toPrecision(3)}`).join(', ')} ms per unit time)`),
    `results in ${out}/ (work-precision.json, work-precision.h5, work-precision-energy.svg/png, work-precision-trajectory.svg/png)`,
  ];
  return { summary, files, report };
}

/** Work-precision set of the deterministic integrators on one model. */
export const workPrecisionStudy: Study<typeof workPrecisionSpec, WorkPrecisionSummary> = {
  id: 'work-precision',
  description: 'work-precision diagrams: error (energy, trajectory) against cost for each integrator and step',
  spec: workPrecisionSpec,
  run: runWorkPrecision,
};
