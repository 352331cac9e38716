/**
 * `glassy ensemble`, end to end through the built CLI (packages/verify/dist/cli/main.js):
 *
 *  - reproducibility: the output file is byte-identical for any --workers and --chunk-size, for
 *    deterministic and stochastic integrators; another --seed gives another file;
 *  - checkpoints: kill -9 mid-run leaves only complete chunk files and no output; the same command
 *    resumes to the byte-identical result; a partial checkpoint resumes with other workers and
 *    chunking too; the directory is removed after success (kept with --keep-checkpoint); a
 *    checkpoint of another configuration is refused and left untouched;
 *  - bad input: exit 2, one "glassy: " line naming the flag, nothing written;
 *  - physics: exact Gibbs draws of the rotor chain reproduce the docs/physics.md §1 oracle values;
 *  - the structure of the output JSON.
 *
 * Build first (`npx nx run @glassy/verify:build`; the Nx `test` target depends on it).
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it, type ExpectStatic } from 'vitest';
import { missingRanges, specHash, type EnsembleSpec } from '@glassy/observables';
import { assertBuiltCli, glassy, removeTempDirs, startGlassy, tempCwd as makeTempCwd, tree, type Run } from './support/cli.js';

// ------------------------------------------------------------------ helpers

const tempCwd = () => makeTempCwd('glassy-ensemble-cli-');
/** Per-run timeout of the CLI in this file (the ensemble runs are longer than the default). */
const TIMEOUT_MS = 120_000;

/** Run and require success; returns the bytes of `out` (relative to cwd). */
async function runOk(expect: ExpectStatic, cwd: string, args: readonly string[], out = 'X.json'): Promise<Buffer> {
  const r = await glassy(cwd, args, TIMEOUT_MS);
  expect(r.status, `glassy ${args.join(' ')}\n${r.stderr}`).toBe(0);
  return readFileSync(join(cwd, out));
}

/** Name → content of every file directly in `dir` (the checkpoint directories are flat). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) out[name] = readFileSync(join(dir, name), 'utf8');
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CHUNK = /^chunk-(\d+)-(\d+)\.json$/;
const chunkFiles = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((n) => CHUNK.test(n)) : []);

/** The single stderr line of a clean rejection (exit 2, nothing on stdout, no stack trace). */
function expectOneGlassyLine(expect: ExpectStatic, r: Run, context: string): string {
  expect(r.status, context).toBe(2);
  expect(r.stdout, context).toBe('');
  expect(r.stderr, context).not.toContain('    at ');
  expect(r.stderr.endsWith('\n'), context).toBe(true);
  const lines = r.stderr.slice(0, -1).split('\n');
  expect(lines, context).toHaveLength(1);
  expect(lines[0]!.startsWith('glassy: '), context).toBe(true);
  return lines[0]!;
}

interface Series {
  id: string;
  estimator: string;
  times: number[];
  value: (number | null)[];
  stdError: (number | null)[];
  samples: number[];
}
interface Output {
  software: { glassy: string };
  format: string;
  specHash: string;
  spec: EnsembleSpec;
  observables: Series[];
}

beforeAll(assertBuiltCli);
afterAll(removeTempDirs);

// ------------------------------------------------------------------ the runs

/** The reference configuration of the reproducibility tests (40 samples, L = 32, three times). */
const base = (...extra: string[]) => [
  'ensemble',
  '--model', 'rotor-chain',
  '--set', 'L=32',
  '--integrator', 'stormer-verlet',
  '--samples', '40',
  '--dt', '0.01',
  '--times', '0,0.5,2',
  '--observable', 'energy-per-site', 'specific-heat', 'phi',
  '--seed', '7',
  '--quiet',
  '--out', 'X.json',
  ...extra,
];

/** A stochastic integrator after Langevin thermalisation. */
const stochastic = (integrator: 'langevin-baoab' | 'velocity-flip', ...extra: string[]) => [
  'ensemble',
  '--model', 'rotor-chain',
  '--set', 'L=32',
  '--integrator', integrator,
  ...(integrator === 'langevin-baoab'
    ? ['--integrator-set', 'beta=1', '--integrator-set', 'gamma=1']
    : ['--integrator-set', 'lambda=0.5']),
  '--init', 'langevin',
  '--t-therm', '1',
  '--samples', '40',
  '--dt', '0.01',
  '--times', '0,0.5,2',
  '--observable', 'energy-per-site', 'specific-heat', 'phi',
  '--seed', '7',
  '--chunk-size', '3',
  '--quiet',
  '--out', 'X.json',
  ...extra,
];

/** Long enough to be killed mid-run (≈ 1 s unloaded, 32 chunks of 2 samples, L = 64, 5000 steps each). */
const LONG = [
  'ensemble',
  '--model', 'rotor-chain',
  '--set', 'L=64',
  '--integrator', 'stormer-verlet',
  '--samples', '64',
  '--dt', '0.01',
  '--times', '0,1,5,20,50',
  '--observable', 'energy-per-site', 'specific-heat', 'phi',
  '--seed', '3',
  '--chunk-size', '2',
  '--workers', '1',
  '--quiet',
  '--out', 'K.json',
];

// ------------------------------------------------------------------ reproducibility

describe.concurrent('glassy ensemble: the output does not depend on workers or chunking', () => {
  it('stormer-verlet, Gibbs draws: --workers 1 / 2 / 7 / 0 and --chunk-size 3 / 5 / 40 give byte-identical files', async ({ expect }) => {
    const variants = [
      ['--workers', '1', '--chunk-size', '3'],
      ['--workers', '2', '--chunk-size', '3'],
      ['--workers', '7', '--chunk-size', '3'],
      ['--workers', '0', '--chunk-size', '5'],
      ['--workers', '0', '--chunk-size', '40'],
    ];
    const files = await Promise.all(variants.map((v) => runOk(expect, tempCwd(), base(...v))));
    for (let k = 1; k < files.length; k++) {
      expect(files[k]!.equals(files[0]!), `${variants[k]!.join(' ')} vs ${variants[0]!.join(' ')}`).toBe(true);
    }
  });

  it.for(['langevin-baoab', 'velocity-flip'] as const)(
    '%s after --init langevin --t-therm 1: --workers 1 and 2 (and another --chunk-size) give byte-identical files',
    async (integrator, { expect }) => {
      const [one, two] = await Promise.all([
        runOk(expect, tempCwd(), stochastic(integrator, '--workers', '1')),
        runOk(expect, tempCwd(), stochastic(integrator, '--workers', '2', '--chunk-size', '5')),
      ]);
      expect(two.equals(one)).toBe(true);
      const out = JSON.parse(one.toString('utf8')) as Output;
      expect(out.spec.initial).toEqual({ kind: 'langevin', beta: 1, gamma: 1, tTherm: 1 });
      expect(out.spec.integratorParams).toEqual(integrator === 'langevin-baoab' ? { beta: 1, gamma: 1 } : { lambda: 0.5 });
      const phi = out.observables.find((o) => o.id === 'phi')!;
      expect(phi.value[0]).toBe(0);
      expect(phi.value[2]).toBeGreaterThan(0);
    },
  );

  it('DNLS by --init hmc (its route to exp(−βH)): --workers 1 and 2 give byte-identical files; H/L is conserved by the split step', async ({ expect }) => {
    const dnls = (...extra: string[]) => [
      'ensemble', '--model', 'dnls', '--set', 'L=16', '--integrator', 'split-strang', '--samples', '6', '--dt', '0.01', '--times', '0,1',
      '--observable', 'energy-per-site', '--init', 'hmc', '--hmc-trajectories', '40', '--quiet', '--out', 'X.json', ...extra,
    ];
    const [one, two] = await Promise.all([runOk(expect, tempCwd(), dnls('--workers', '1')), runOk(expect, tempCwd(), dnls('--workers', '2', '--chunk-size', '4'))]);
    expect(two.equals(one)).toBe(true);
    const out = JSON.parse(one.toString('utf8')) as Output;
    expect(out.spec.initial).toEqual({ kind: 'hmc', beta: 1, burnIn: 40, trajectories: 40 });
    const e = out.observables[0]!;
    expect(e.value[0]).toBeGreaterThan(0);
    expect(Math.abs(e.value[1]! - e.value[0]!)).toBeLessThan(1e-3 * e.value[0]!);
  });

  it('a different --seed gives a different file (and spec hash)', async ({ expect }) => {
    const [a, b] = await Promise.all([
      runOk(expect, tempCwd(), base('--workers', '0', '--chunk-size', '40')),
      runOk(expect, tempCwd(), base('--workers', '0', '--chunk-size', '40', '--seed', '8')),
    ]);
    expect(a.equals(b)).toBe(false);
    const [ja, jb] = [a, b].map((x) => JSON.parse(x.toString('utf8')) as Output);
    expect(ja.specHash).not.toBe(jb.specHash);
    expect(ja.observables[0]!.value).not.toEqual(jb.observables[0]!.value);
  });

  it('a stochastic integrator with another --seed gives a different file', async ({ expect }) => {
    const [a, b] = await Promise.all([
      runOk(expect, tempCwd(), stochastic('velocity-flip', '--workers', '0')),
      runOk(expect, tempCwd(), stochastic('velocity-flip', '--workers', '0', '--seed', '8')),
    ]);
    expect(a.equals(b)).toBe(false);
  });
});

// ------------------------------------------------------------------ output structure

describe.concurrent('glassy ensemble: output JSON', () => {
  it('format, spec with defaults filled in, specHash, and one series per observable', async ({ expect }) => {
    const cwd = tempCwd();
    const r = await glassy(cwd, base('--workers', '2', '--chunk-size', '3'), TIMEOUT_MS);
    expect(r.status, r.stderr).toBe(0);
    // --quiet: nothing on either stream.
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
    // Only the output file is left behind: no checkpoint directory, no temp sibling.
    expect(tree(cwd)).toEqual(['X.json']);

    const text = readFileSync(join(cwd, 'X.json'), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const out = JSON.parse(text) as Output;
    expect(Object.keys(out).sort()).toEqual(['format', 'observables', 'software', 'spec', 'specHash']);
    expect(out.format).toBe('glassy-ensemble/1');
    expect(typeof out.software.glassy).toBe('string');
    expect(out.spec).toEqual({
      model: 'rotor-chain',
      params: { L: 32, g: 1, boundary: 'periodic' },
      integrator: 'stormer-verlet',
      integratorParams: {},
      dt: 0.01,
      times: [0, 0.5, 2],
      samples: 40,
      seed: 7,
      observables: ['energy-per-site', 'specific-heat', 'phi'],
      initial: { kind: 'gibbs', beta: 1, zeroMomentum: false },
      keepSamples: false,
      keepStates: false,
    });
    expect(out.specHash).toMatch(/^[0-9a-f]{64}$/);
    expect(out.specHash).toBe(specHash(out.spec));

    expect(out.observables.map((o) => [o.id, o.estimator])).toEqual([
      ['energy-per-site', 'mean'],
      ['specific-heat', 'scaled-variance'],
      ['phi', 'mean'],
    ]);
    for (const o of out.observables) {
      expect(Object.keys(o).sort(), o.id).toEqual(['estimator', 'id', 'samples', 'stdError', 'times', 'value']);
      expect(o.times, o.id).toEqual([0, 0.5, 2]);
      expect(o.samples, o.id).toEqual([40, 40, 40]);
      expect(o.value, o.id).toHaveLength(3);
      expect(o.stdError, o.id).toHaveLength(3);
      for (const v of [...o.value, ...o.stdError]) {
        expect(typeof v, o.id).toBe('number');
        expect(Number.isFinite(v), o.id).toBe(true);
      }
    }
    const [energy, heat, phi] = out.observables as [Series, Series, Series];
    // φ(0) = 0 exactly, for every sample, so its standard error is exactly 0 too.
    expect(phi.value[0]).toBe(0);
    expect(phi.stdError[0]).toBe(0);
    expect(phi.value[1]!).toBeGreaterThan(0);
    expect(phi.value[2]!).toBeGreaterThan(phi.value[1]!);
    expect(phi.value[2]!).toBeLessThan(1.5);
    // Störmer–Verlet at dt = 0.01 conserves each sample's energy closely: the mean barely moves.
    expect(Math.abs(energy.value[2]! - energy.value[0]!)).toBeLessThan(1e-3);
    for (const se of [...energy.stdError, ...heat.stdError]) expect(se!).toBeGreaterThan(0);
  });

  it('without --quiet: a summary line per observable and the output path on stdout', async ({ expect }) => {
    const cwd = tempCwd();
    const args = base('--workers', '0', '--chunk-size', '40').filter((a) => a !== '--quiet');
    const r = await glassy(cwd, args, TIMEOUT_MS);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^energy-per-site: t = 2 → /);
    expect(lines[1]).toMatch(/^specific-heat: t = 2 → /);
    expect(lines[2]).toMatch(/^phi: t = 2 → .*\(40 samples\)$/);
    expect(lines[3]).toBe('results written to X.json');
    expect(r.stderr).toContain('ensemble: 40/40 samples (100%)');
  });
});

// ------------------------------------------------------------------ checkpoints

interface ChunkFile {
  specHash: string;
  start: number;
  end: number;
  accumulators: { n: number; sums: { partials: number[]; special: number }[] }[][];
}

/**
 * A checkpoint directory left by a kill: a manifest, complete chunk files (atomically written:
 * each parses, carries the manifest's spec hash, and holds exactly its samples), and at most a
 * temp file of a write cut short (which the next run deletes). Returns the chunk count.
 */
function expectCompleteCheckpoint(expect: ExpectStatic, dir: string, chunkSize: number, nObs: number, nTimes: number): number {
  const names = readdirSync(dir).sort();
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { format: string; specHash: string; spec: EnsembleSpec };
  expect(manifest.format).toBe('glassy-ensemble-checkpoint/1');
  expect(manifest.specHash).toBe(specHash(manifest.spec));
  let chunks = 0;
  for (const name of names) {
    if (name === 'manifest.json') continue;
    const m = CHUNK.exec(name);
    if (!m) {
      // Only a temp file of an interrupted atomic write may sit next to the chunks.
      expect(name, `unexpected entry ${name} in ${dir}`).toMatch(/\.tmp-\d+$/);
      console.log(`checkpoint after kill holds a temp file of an interrupted write: ${name}`);
      continue;
    }
    chunks++;
    const c = JSON.parse(readFileSync(join(dir, name), 'utf8')) as ChunkFile;
    expect(c.specHash, name).toBe(manifest.specHash);
    expect([c.start, c.end], name).toEqual([Number(m[1]), Number(m[2])]);
    expect(c.end - c.start, name).toBe(chunkSize);
    expect(c.accumulators, name).toHaveLength(nObs);
    for (const row of c.accumulators) {
      expect(row, name).toHaveLength(nTimes);
      for (const acc of row) {
        expect(acc.n, name).toBe(chunkSize);
        expect(acc.sums, name).toHaveLength(4);
      }
    }
  }
  return chunks;
}

describe.concurrent('glassy ensemble: checkpoints and resume', () => {
  it('kill -9 mid-run: no output, complete chunks only; the same command resumes to the byte-identical file', async ({ expect }) => {
    const killed = tempCwd();
    const reference = tempCwd();
    const refused = tempCwd();
    const checkpoint = join(killed, 'K.json.checkpoint');

    // The uninterrupted reference run, alongside.
    const referenceRun = glassy(reference, LONG, TIMEOUT_MS);

    const child = startGlassy(killed, LONG, TIMEOUT_MS);
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.on('close', (code, signal) => done({ code, signal })),
    );
    let exited = false;
    void closed.then(() => (exited = true));
    const t0 = performance.now();
    while (chunkFiles(checkpoint).length < 2) {
      if (exited) throw new Error(`the run ended before 2 chunks were checkpointed\n${stderr}`);
      if (performance.now() - t0 > 90_000) throw new Error('no 2 chunk files after 90 s');
      await sleep(10);
    }
    child.kill('SIGKILL');
    const end = await closed;
    expect(end.signal, `the run must be killed mid-way, not finish (stderr: ${stderr})`).toBe('SIGKILL');

    expect(existsSync(join(killed, 'K.json'))).toBe(false);
    expect(readdirSync(killed).filter((n) => n !== 'K.json.checkpoint'), 'no output or temp file next to the checkpoint').toEqual([]);
    const chunks = expectCompleteCheckpoint(expect, checkpoint, 2, 3, 5);
    console.log(`killed after ${chunks} of 32 chunks (${((performance.now() - t0) / 1000).toFixed(2)} s)`);
    expect(chunks).toBeGreaterThanOrEqual(2);
    expect(chunks).toBeLessThan(32);

    // Keep a copy of the partial checkpoint for the refusal check below.
    cpSync(checkpoint, join(refused, 'K.json.checkpoint'), { recursive: true });

    const [resumed, ref] = await Promise.all([glassy(killed, LONG, TIMEOUT_MS), referenceRun]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(ref.status, ref.stderr).toBe(0);
    const a = readFileSync(join(killed, 'K.json'));
    const b = readFileSync(join(reference, 'K.json'));
    expect(a.equals(b), 'resumed run vs uninterrupted run').toBe(true);
    // Success removes the checkpoint directory.
    expect(tree(killed)).toEqual(['K.json']);
    expect(tree(reference)).toEqual(['K.json']);

    // The killed run's checkpoint is refused by a run with another seed, and left as it was.
    const before = snapshot(join(refused, 'K.json.checkpoint'));
    const args = LONG.map((x, i) => (LONG[i - 1] === '--seed' ? '4' : x));
    const r = await glassy(refused, args, TIMEOUT_MS);
    const line = expectOneGlassyLine(expect, r, `glassy ${args.join(' ')}\n${r.stderr}`);
    expect(line).toContain('different configuration');
    expect(line).toContain('K.json.checkpoint');
    expect(existsSync(join(refused, 'K.json'))).toBe(false);
    expect(snapshot(join(refused, 'K.json.checkpoint'))).toEqual(before);
  });

  it('--keep-checkpoint keeps every chunk; a partial copy resumes with other --workers / --chunk-size (only the gaps run); a full one reruns nothing; same bytes', async ({ expect }) => {
    const full = tempCwd();
    const partial = tempCwd();
    const ref = await runOk(expect, full, base('--workers', '2', '--chunk-size', '3', '--keep-checkpoint'));
    const src = join(full, 'X.json.checkpoint');
    // Chunks of 3, the last 2 · workers · 3 samples cut finer (the pool's tail balancing).
    const expected = ['manifest.json', ...missingRanges(40, [], 3, 2 * 2 * 3).map(([a, b]) => `chunk-${a}-${b}.json`)];
    expect(readdirSync(src).sort()).toEqual(expected.sort());
    const manifest = JSON.parse(readFileSync(join(src, 'manifest.json'), 'utf8')) as { specHash: string };
    expect(manifest.specHash).toBe((JSON.parse(ref.toString('utf8')) as Output).specHash);

    // A partial checkpoint: three of the chunks, plus a temp file of a write cut short by a kill
    // (deleted, never read).
    const dst = join(partial, 'X.json.checkpoint');
    mkdirSync(dst);
    for (const name of ['manifest.json', 'chunk-0-3.json', 'chunk-9-12.json', 'chunk-39-40.json']) copyFileSync(join(src, name), join(dst, name));
    writeFileSync(join(dst, 'chunk-3-6.json.tmp-99999'), '{"specHash":"');
    const keptBefore = snapshot(dst);
    delete keptBefore['chunk-3-6.json.tmp-99999'];

    // Resume the partial one with other workers and chunking; rerun the full one (nothing to do).
    rmSync(join(full, 'X.json'));
    const [resumed, again] = await Promise.all([
      runOk(expect, partial, base('--workers', '0', '--chunk-size', '5', '--keep-checkpoint')),
      runOk(expect, full, base('--workers', '2', '--chunk-size', '5')),
    ]);
    expect(resumed.equals(ref), 'resumed from a partial checkpoint vs one run').toBe(true);
    expect(again.equals(ref), 'rerun on a complete checkpoint vs one run').toBe(true);
    // Without --keep-checkpoint the directory goes after success.
    expect(tree(full)).toEqual(['X.json']);
    // Gaps [3, 9) and [12, 39) cut into pieces of at most 5; the loaded chunks are not rewritten.
    expect(readdirSync(dst).sort()).toEqual(
      [
        'manifest.json',
        'chunk-0-3.json', 'chunk-9-12.json', 'chunk-39-40.json',
        'chunk-3-8.json', 'chunk-8-9.json',
        'chunk-12-17.json', 'chunk-17-22.json', 'chunk-22-27.json', 'chunk-27-32.json', 'chunk-32-37.json', 'chunk-37-39.json',
      ].sort(),
    );
    const after = snapshot(dst);
    for (const [name, text] of Object.entries(keptBefore)) expect(after[name], name).toBe(text);
  });

  it('a checkpoint of a different configuration (--seed, --samples, --set) is refused: exit 2, one line, no output, checkpoint untouched', async ({ expect }) => {
    const cwd = tempCwd();
    await runOk(expect, cwd, base('--workers', '0', '--chunk-size', '7', '--keep-checkpoint'));
    rmSync(join(cwd, 'X.json'));
    const dir = join(cwd, 'X.json.checkpoint');
    const before = snapshot(dir);
    const treeBefore = tree(cwd);
    expect(treeBefore).toContain(join('X.json.checkpoint', 'chunk-35-40.json'));

    const changes = [
      { change: ['--seed', '8'], quiet: true },
      // Extending a run (more samples) is a new configuration too.
      { change: ['--samples', '41'], quiet: true },
      // Without --quiet, still the one line.
      { change: ['--set', 'g=0.5'], quiet: false },
    ];
    for (const c of changes) {
      const args = [...base('--workers', '2', '--chunk-size', '7'), ...c.change].filter((a) => c.quiet || a !== '--quiet');
      const r = await glassy(cwd, args, TIMEOUT_MS);
      const context = `glassy ${args.join(' ')}\n${r.stderr}`;
      const line = expectOneGlassyLine(expect, r, context);
      expect(line, context).toContain('different configuration');
      expect(line, context).toContain('X.json.checkpoint');
      expect(tree(cwd), context).toEqual(treeBefore);
      expect(snapshot(dir), context).toEqual(before);
    }
  });

  // A chunk file that is not valid JSON (a full disk, a crash without fsync, a hand edit) is
  // refused like an invalid manifest.json: exit 2, one line naming it.
  it('a corrupt chunk file is reported on one "glassy: " line naming it (exit 2)', async ({ expect }) => {
    const cwd = tempCwd();
    await runOk(expect, cwd, base('--workers', '0', '--chunk-size', '20', '--keep-checkpoint'));
    rmSync(join(cwd, 'X.json'));
    writeFileSync(join(cwd, 'X.json.checkpoint', 'chunk-0-20.json'), '{"specHash":');
    const r = await glassy(cwd, base('--workers', '0', '--chunk-size', '20'), TIMEOUT_MS);
    const line = expectOneGlassyLine(expect, r, r.stderr);
    expect(line).toContain('chunk-0-20.json');
  });
});

// ------------------------------------------------------------------ bad input

interface BadCase {
  readonly name: string;
  readonly args: readonly string[];
  /** Substrings the one stderr line must contain. */
  readonly names: readonly string[];
}

const SMALL = {
  model: 'rotor-chain',
  integrator: 'stormer-verlet',
  samples: '4',
  dt: '0.01',
  times: '0,1',
  observable: 'energy-per-site',
  out: 'o.json',
} as const;

/** A small valid ensemble command with some flags replaced (undefined removes the flag). */
function small(change: Partial<Record<keyof typeof SMALL, string | undefined>>, ...extra: string[]): string[] {
  const flags = { ...SMALL, ...change } as Record<string, string | undefined>;
  const args = ['ensemble'];
  for (const [k, v] of Object.entries(flags)) if (v !== undefined) args.push(`--${k}`, v);
  return [...args, '--workers', '0', ...extra];
}

const badCases: BadCase[] = [
  { name: '--samples 0', args: small({ samples: '0' }), names: ['--samples', '≥ 1'] },
  { name: '--samples 2.5', args: small({ samples: '2.5' }), names: ['--samples', 'integer'] },
  { name: '--dt -1', args: small({ dt: '-1' }), names: ['--dt', '> 0'] },
  { name: '--times 0,abc', args: small({ times: '0,abc' }), names: ['--times', '"abc"'] },
  { name: '--times 0.005 with --dt 0.01 (not a whole number of steps)', args: small({ times: '0.005' }), names: ['--times', '0.005', 'whole number of steps'] },
  { name: '--times 2,1 (not increasing)', args: small({ times: '2,1' }), names: ['--times', 'increasing'] },
  { name: '--times -1,0 (negative)', args: small({ times: '-1,0' }), names: ['--times'] },
  { name: '--observable nope', args: small({ observable: 'nope' }), names: ['--observable', '"nope"'] },
  { name: '--model nope', args: small({ model: 'nope' }), names: ['--model', '"nope"', 'unknown model'] },
  { name: '--integrator nope', args: small({ integrator: 'nope' }), names: ['--integrator', '"nope"'] },
  {
    name: '--init gibbs with --model anharmonic-chain (no exact Gibbs sampler)',
    args: small({ model: 'anharmonic-chain' }, '--init', 'gibbs'),
    names: ['--init', 'anharmonic-chain', 'Gibbs', 'langevin'],
  },
  {
    name: '--integrator-set foo=1 for langevin-baoab',
    args: small({ integrator: 'langevin-baoab' }, '--integrator-set', 'foo=1'),
    names: ['--integrator-set foo', 'unknown parameter', 'langevin-baoab'],
  },
  {
    name: '--integrator-set lambda=-1 for velocity-flip',
    args: small({ integrator: 'velocity-flip' }, '--integrator-set', 'lambda=-1'),
    names: ['--integrator-set lambda', 'velocity-flip'],
  },
  {
    name: '--integrator-set for an integrator without parameters',
    args: small({}, '--integrator-set', 'lambda=1'),
    names: ['--integrator-set', 'stormer-verlet', 'no parameters'],
  },
  { name: '--t-therm not a whole number of steps', args: small({}, '--init', 'langevin', '--t-therm', '0.005'), names: ['--t-therm', 'whole number of steps'] },
  { name: '--out missing', args: small({ out: undefined }), names: ['--out', 'required'] },
  // Issue 22: no silent zero thermalisation, no dead-end suggestion, no checkpoint left behind.
  { name: '--init langevin without --t-therm', args: small({}, '--init', 'langevin'), names: ['--t-therm', 'required with --init langevin'] },
  { name: '--t-therm without --init langevin', args: small({}, '--t-therm', '1'), names: ['--t-therm', 'only with --init langevin'] },
  { name: '--init gibbs on the DNLS: names the route that works (--init hmc)', args: small({ model: 'dnls', integrator: 'split-strang' }), names: ['--init', 'dnls', 'no exact Gibbs sampler', '--init hmc'] },
  { name: '--init langevin on the DNLS (non-separable): refused before any checkpoint, names --init hmc', args: small({ model: 'dnls', integrator: 'split-strang' }, '--init', 'langevin', '--t-therm', '1'), names: ['--init', 'dnls', 'T(p) + V(q)', '--init hmc'] },
  { name: '--hmc-trajectories without --init hmc', args: small({}, '--hmc-trajectories', '10'), names: ['--hmc-trajectories', 'only with --init hmc'] },
  { name: '--hmc-trajectories 0', args: small({ model: 'dnls', integrator: 'split-strang' }, '--init', 'hmc', '--hmc-trajectories', '0'), names: ['--hmc-trajectories', '≥ 1'] },
  { name: 'a parameter given twice', args: small({}, '--set', 'L=8', '--set', 'L=16'), names: ['--set L', 'given twice'] },
];

describe.concurrent('glassy ensemble on bad input: exit 2, one "glassy: " line naming the flag, nothing written', () => {
  it.for(badCases)('$name', async (c, { expect }) => {
    const cwd = tempCwd();
    const r = await glassy(cwd, c.args, TIMEOUT_MS);
    const context = `glassy ${c.args.join(' ')}\n--- stderr:\n${r.stderr}--- stdout:\n${r.stdout}`;
    const line = expectOneGlassyLine(expect, r, context);
    for (const name of c.names) expect(line, context).toContain(name);
    // No output, no checkpoint directory, no temp file.
    expect(tree(cwd), context).toEqual([]);
  });
});

// ------------------------------------------------------------------ physics

describe('glassy ensemble: physics acceptance', () => {
  it('rotor chain, exact Gibbs draws at β = 1, g = 1, L = 64: energy per site and specific heat match docs/physics.md §1', async ({ expect, annotate }) => {
    const cwd = tempCwd();
    const args = [
      'ensemble',
      '--model', 'rotor-chain',
      '--set', 'L=64',
      '--integrator', 'stormer-verlet',
      '--samples', '10000',
      '--dt', '0.01',
      '--times', '0',
      '--observable', 'energy-per-site', 'specific-heat',
      '--seed', '1',
      '--out', 'gibbs.json',
    ];
    const r = await glassy(cwd, args, TIMEOUT_MS);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('results written to gibbs.json');
    const out = JSON.parse(readFileSync(join(cwd, 'gibbs.json'), 'utf8')) as Output;
    const [u, c] = out.observables as [Series, Series];
    expect(u.samples).toEqual([10000]);
    const oracle = { u: 1.05361, c: 0.854346 };
    const zu = (u.value[0]! - oracle.u) / u.stdError[0]!;
    const zc = (c.value[0]! - oracle.c) / c.stdError[0]!;
    const report =
      `energy-per-site = ${u.value[0]!.toFixed(6)} ± ${u.stdError[0]!.toFixed(6)} (oracle ${oracle.u}, z = ${zu.toFixed(2)}); ` +
      `specific-heat = ${c.value[0]!.toFixed(6)} ± ${c.stdError[0]!.toFixed(6)} (oracle ${oracle.c}, z = ${zc.toFixed(2)})`;
    console.log(report);
    await annotate(report);
    // Sanity of the error bars themselves (≈ √(c/β²L)/√M and ≈ c·√2/√M at these sizes).
    expect(u.stdError[0]!).toBeGreaterThan(5e-4);
    expect(u.stdError[0]!).toBeLessThan(2e-3);
    expect(c.stdError[0]!).toBeGreaterThan(5e-3);
    expect(c.stdError[0]!).toBeLessThan(2e-2);
    expect(Math.abs(zu), report).toBeLessThan(3);
    expect(Math.abs(zc), report).toBeLessThan(3);
  });
});
