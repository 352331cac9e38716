/**
 * The snapshots study (`glassy run snapshots`): Figure 1 of the review. One rotor chain (L = 64, β = 1, g = 0.07) is
 * thermalised by Langevin dynamics for t_th = 1000 and then evolved by Störmer–Verlet at
 * Δt = 0.001; ω_x for x = 1..40 is drawn at three times, with the sites of chaotic triples
 * (three neighbours within √g) marked, and space-time maps of ω and of the triples are drawn.
 *
 * The review's picture of the chaotic spots, in a second quantity: a deviation vector (Gaussian,
 * stream (seed, 0, dynamics)) is advanced with the trajectory by Störmer–Verlet's tangent map (the
 * exact Jacobian of the step; the trajectory is bit for bit the one `stormer-verlet` gives) and
 * renormalised at every frame; its weight per site w_x = (δθ_x² + δω_x²) / Σ_y (δθ_y² + δω_y²)
 * is mapped over space and time. Reported: the mean over frames after the first tenth of the run
 * of the weight on sites of chaotic triples and within two sites of one, beside the fraction of
 * sites there (what a vector spread evenly would give): their ratio is how strongly the deviation
 * vector sits on the chaotic spots; and its participation number 1/Σ w_x² (how many sites it
 * covers).
 */
import { join } from 'node:path';
import { z } from 'zod';
import { NonFiniteStateError, STREAM, streamFor } from '@glassy/contracts';
import { createLangevinFast, stormerVerlet } from '@glassy/integrators';
import { advanceChecked } from '@glassy/observables';
import { claimRunDir } from './io.js';
import { intAtLeast, numberFlag, parseFlags, parseStudySpec, positiveFinite, seedFlag } from './options.js';
import { writeHdf5Atomic } from './output/hdf5.js';
import { chaoticTripleSites, snapshotsPlot, spaceTimePlot } from './output/plots.js';
import { writeFigure } from './output/render.js';
import { withDefaults, type Study, type StudyContext, type StudyOutcome } from './study.js';
import { VERSION } from './version.js';

const times3 = z.union([z.string(), z.array(z.number())], { message: 'expected three times, e.g. 0,500,1000' }).transform((s, ctx) => {
  const v = typeof s === 'string' ? s.split(',').map((x) => Number(x.trim())) : s;
  if (v.length !== 3 || !v.every((x) => Number.isFinite(x) && x >= 0) || !(v[0]! < v[1]! && v[1]! < v[2]!)) {
    ctx.addIssue({ code: 'custom', message: 'expected three increasing non-negative times, e.g. 0,500,1000' });
    return z.NEVER;
  }
  return v as [number, number, number];
});

/** The parameters of the snapshots study (CLI: the flags of `glassy run snapshots`). */
export const snapshotsSpec = z.object({
  g: positiveFinite.default(0.07),
  L: intAtLeast(3).default(64),
  beta: positiveFinite.default(1),
  dt: positiveFinite.default(0.001),
  times: times3.default([0, 1000, 2000]),
  frames: numberFlag.pipe(z.number().int().min(2, { message: 'must be ≥ 2' })).default(400),
  tTherm: numberFlag.pipe(z.number().min(0, { message: 'must be ≥ 0' })).default(1000),
  seed: seedFlag.default(1),
});

async function runSnapshots(raw: z.input<typeof snapshotsSpec>, context: StudyContext): Promise<StudyOutcome<SnapshotsSummary>> {
  const opts = parseFlags(snapshotsSpec, raw);
  const { out, force, backend } = withDefaults(context);
  claimRunDir(out, 'run snapshots', opts, force);
  const plugin = backend.registry.models.get('rotor-chain')!;
  const m = plugin.create(parseStudySpec(plugin.params, { L: opts.L, g: opts.g, boundary: 'periodic' }));
  const q = new Float64Array(m.dof);
  const p = new Float64Array(m.dof);
  // Thermalise as the review does: Langevin at β from q = 0, Gaussian p (thermostat dt = 0.01).
  const init = streamFor(opts.seed, 0, STREAM.initialState);
  for (let x = 0; x < m.dof; x++) p[x] = init.normal() / Math.sqrt(opts.beta);
  const thermDt = 0.01;
  advanceChecked(createLangevinFast(m, 'thermalization', streamFor(opts.seed, 0, STREAM.thermalization), 1, opts.beta), q, p, thermDt, Math.round(opts.tTherm / thermDt));
  const stepper = stormerVerlet.createTangent!(m);
  const dq = new Float64Array(m.dof);
  const dp = new Float64Array(m.dof);
  const dev = streamFor(opts.seed, 0, STREAM.dynamics);
  for (let x = 0; x < m.dof; x++) {
    dq[x] = dev.normal();
    dp[x] = dev.normal();
  }
  const tEnd = opts.times[2];
  const nSteps = Math.round(tEnd / opts.dt);
  // Frames evenly spaced over [0, tEnd], plus the three snapshot times.
  const frameSteps = new Set<number>();
  for (let k = 0; k < opts.frames; k++) frameSteps.add(Math.round((k * nSteps) / (opts.frames - 1)));
  const snapSteps = opts.times.map((t) => Math.round(t / opts.dt));
  snapSteps.forEach((s) => frameSteps.add(s));
  const steps = [...frameSteps].sort((a, b) => a - b);
  const frameTimes: number[] = [];
  const omega: number[][] = [];
  const weight: number[][] = [];
  let done = 0;
  for (const s of steps) {
    if (s > done) stepper.step(q, p, dq, dp, opts.dt, s - done);
    const bad = [...q, ...p, ...dq, ...dp].findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new NonFiniteStateError(s, bad % m.dof, 'q', s * opts.dt);
    done = s;
    frameTimes.push(s * opts.dt);
    omega.push(Array.from(p));
    let total = 0;
    for (let x = 0; x < m.dof; x++) total += dq[x]! * dq[x]! + dp[x]! * dp[x]!;
    weight.push(Array.from({ length: m.dof }, (_, x) => (dq[x]! * dq[x]! + dp[x]! * dp[x]!) / total));
    const norm = Math.sqrt(total);
    for (let x = 0; x < m.dof; x++) {
      dq[x] = dq[x]! / norm;
      dp[x] = dp[x]! / norm;
    }
  }
  const width = Math.sqrt(opts.g);
  const triples: number[][] = omega.map((w) => chaoticTripleSites(w, width, true).map((b) => (b ? 1 : 0)));
  const snapshots = snapSteps.map((s) => ({ t: s * opts.dt, omega: omega[steps.indexOf(s)]! }));
  const overlap = deviationOverlap(frameTimes, weight, triples, tEnd / 10);

  const subtitle = `L = ${opts.L}, β = ${opts.beta}, g = ${opts.g}, Δt = ${opts.dt}, t_th = ${opts.tTherm}, seed ${opts.seed}`;
  const fig1 = writeFigure(join(out, 'fig1'), await snapshotsPlot(snapshots, { g: opts.g, sites: [1, Math.min(40, opts.L)], subtitle }));
  const st = writeFigure(join(out, 'spacetime-omega'), await spaceTimePlot({ times: frameTimes, rows: omega }, { quantity: 'omega', subtitle }));
  const tr = writeFigure(join(out, 'spacetime-triples'), await spaceTimePlot({ times: frameTimes, rows: triples }, { quantity: 'indicator', subtitle: `${subtitle}; band √g = ${width.toPrecision(3)}` }));
  const dv = writeFigure(
    join(out, 'spacetime-deviation'),
    await spaceTimePlot({ times: frameTimes, rows: weight }, { quantity: 'weight', subtitle: `${subtitle}; tangent map of stormer-verlet, renormalised every frame` }),
  );
  await writeHdf5Atomic(join(out, 'snapshots.h5'), {
    attrs: { software: `glassy ${VERSION}`, description: 'rotor chain snapshots (review Figure 1)', parameters: JSON.stringify(opts) },
    datasets: {
      times: frameTimes,
      omega: { shape: [omega.length, m.dof], data: omega.flat(), compression: 4 },
      chaotic_triple: { shape: [triples.length, m.dof], data: Int32Array.from(triples.flat()), compression: 4 },
      deviation_weight: { shape: [weight.length, m.dof], data: weight.flat(), compression: 4 },
      snapshot_times: snapshots.map((s) => s.t),
    },
  });
  const fraction = triples.flat().reduce((s, x) => s + x, 0) / (triples.length * m.dof);
  const files = [...[fig1, st, tr, dv].flatMap((f) => [f.svg, f.png]), join(out, 'snapshots.h5')];
  const report = [
    `snapshots at t = ${opts.times.join(', ')}; sites in chaotic triples: ${(100 * fraction).toFixed(1)}% of site-frames`,
    `deviation vector (t > ${tEnd / 10}): participation number ${overlap.participation.toFixed(1)} of ${m.dof} sites; ${(100 * overlap.onTriples).toFixed(1)}% of its weight on chaotic-triple sites (${(100 * overlap.tripleSites).toFixed(1)}% of sites), ${(100 * overlap.nearTriples).toFixed(1)}% within 2 sites of one (${(100 * overlap.nearSites).toFixed(1)}% of sites)`,
    `written: ${files.join(', ')}`,
  ];
  return {
    summary: {
      parameters: opts,
      chaoticTripleFraction: fraction,
      deviation: {
        ...overlap,
        definition: 'weight w_x = (dθ_x² + dω_x²)/Σ of the Störmer–Verlet tangent vector; means over frames with t > t_end/10 of Σ w_x over sites in chaotic triples (onTriples) and within 2 sites of one (nearTriples), beside the fraction of such sites (tripleSites, nearSites); participation = mean of 1/Σ w_x² (L for an even spread)',
      },
    },
    files,
    report,
  };
}

/**
 * Means over frames with t > from: the deviation weight on triple sites (and within 2 sites), the
 * fractions of such sites, and the participation number 1/Σ w_x² (L for an even spread).
 */
export function deviationOverlap(
  times: readonly number[],
  weight: readonly (readonly number[])[],
  triples: readonly (readonly number[])[],
  from: number,
): { onTriples: number; tripleSites: number; nearTriples: number; nearSites: number; participation: number; frames: number } {
  let participation = 0;
  let on = 0;
  let sites = 0;
  let near = 0;
  let nearSites = 0;
  let frames = 0;
  for (let k = 0; k < times.length; k++) {
    if (!(times[k]! > from)) continue;
    const w = weight[k]!;
    const t = triples[k]!;
    const L = w.length;
    frames++;
    let w2 = 0;
    for (let x = 0; x < L; x++) w2 += w[x]! * w[x]!;
    participation += 1 / w2;
    for (let x = 0; x < L; x++) {
      let close = false;
      for (let d = -2; d <= 2 && !close; d++) close = t[(x + d + L) % L] === 1;
      if (t[x] === 1) {
        on += w[x]!;
        sites += 1 / L;
      }
      if (close) {
        near += w[x]!;
        nearSites += 1 / L;
      }
    }
  }
  const n = Math.max(1, frames);
  return { onTriples: on / n, tripleSites: sites / n, nearTriples: near / n, nearSites: nearSites / n, participation: participation / n, frames };
}

export type SnapshotsSummary = Record<string, unknown>;

/** Figure 1: one thermalised rotor chain, snapshots of ω_x and space-time maps (one trajectory: no ensembles). */
export const snapshotsStudy: Study<typeof snapshotsSpec, SnapshotsSummary> = {
  id: 'snapshots',
  description: "Figure 1: snapshots of omega_x and space-time maps of omega, of chaotic triples and of the deviation vector's weight (one trajectory)",
  spec: snapshotsSpec,
  run: runSnapshots,
};
