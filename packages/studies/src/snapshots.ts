/**
 * The snapshots study (`glassy run snapshots`): Figure 1 of the review. One rotor chain (L = 64, β = 1, g = 0.07) is
 * thermalised by Langevin dynamics for t_th = 1000 and then evolved by Störmer–Verlet at
 * Δt = 0.001; ω_x for x = 1..40 is drawn at three times, with the sites of chaotic triples
 * (three neighbours within √g) marked, and space-time maps of ω and of the triples are drawn.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { STREAM, streamFor } from '@glassy/contracts';
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
  const stepper = stormerVerlet.create(m);
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
  let done = 0;
  for (const s of steps) {
    advanceChecked(stepper, q, p, opts.dt, s - done, { firstStep: done });
    done = s;
    frameTimes.push(s * opts.dt);
    omega.push(Array.from(p));
  }
  const width = Math.sqrt(opts.g);
  const triples: number[][] = omega.map((w) => chaoticTripleSites(w, width, true).map((b) => (b ? 1 : 0)));
  const snapshots = snapSteps.map((s) => ({ t: s * opts.dt, omega: omega[steps.indexOf(s)]! }));

  const subtitle = `L = ${opts.L}, β = ${opts.beta}, g = ${opts.g}, Δt = ${opts.dt}, t_th = ${opts.tTherm}, seed ${opts.seed}`;
  const fig1 = writeFigure(join(out, 'fig1'), await snapshotsPlot(snapshots, { g: opts.g, sites: [1, Math.min(40, opts.L)], subtitle }));
  const st = writeFigure(join(out, 'spacetime-omega'), await spaceTimePlot({ times: frameTimes, rows: omega }, { quantity: 'omega', subtitle }));
  const tr = writeFigure(join(out, 'spacetime-triples'), await spaceTimePlot({ times: frameTimes, rows: triples }, { quantity: 'indicator', subtitle: `${subtitle}; band √g = ${width.toPrecision(3)}` }));
  await writeHdf5Atomic(join(out, 'snapshots.h5'), {
    attrs: { software: `glassy ${VERSION}`, description: 'rotor chain snapshots (review Figure 1)', parameters: JSON.stringify(opts) },
    datasets: {
      times: frameTimes,
      omega: { shape: [omega.length, m.dof], data: omega.flat(), compression: 4 },
      chaotic_triple: { shape: [triples.length, m.dof], data: Int32Array.from(triples.flat()), compression: 4 },
      snapshot_times: snapshots.map((s) => s.t),
    },
  });
  const fraction = triples.flat().reduce((s, x) => s + x, 0) / (triples.length * m.dof);
  const files = [...[fig1, st, tr].flatMap((f) => [f.svg, f.png]), join(out, 'snapshots.h5')];
  const report = [`snapshots at t = ${opts.times.join(', ')}; sites in chaotic triples: ${(100 * fraction).toFixed(1)}% of site-frames`, `written: ${files.join(', ')}`];
  return { summary: { parameters: opts, chaoticTripleFraction: fraction }, files, report };
}

export type SnapshotsSummary = Record<string, unknown>;

/** Figure 1: one thermalised rotor chain, snapshots of ω_x and space-time maps (one trajectory: no ensembles). */
export const snapshotsStudy: Study<typeof snapshotsSpec, SnapshotsSummary> = {
  id: 'snapshots',
  description: "Figure 1: snapshots of omega_x and space-time maps of omega and of chaotic triples (one trajectory)",
  spec: snapshotsSpec,
  run: runSnapshots,
};
