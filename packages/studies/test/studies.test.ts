/**
 * Studies as library code: called from code with numbers (or with the CLI's strings), on any
 * backend, they give the same files and numbers. Independent samples (ness, spreading) run in
 * worker threads or as shards with checkpoints, and come back in sample order whatever the
 * workers, chunks or shards.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GlassyInputError } from '@glassy/contracts';
import {
  createShardJob,
  localBackend,
  mergeSampleShards,
  nessStudy,
  phiSpec,
  phiStudy,
  readHdf5,
  Registry,
  runShard,
  sampleValues,
  shardStatus,
  spreadingStudy,
  studies,
  type SampleTask,
} from '../src/index.js';

const dirs: string[] = [];
const temp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'glassy-studies-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function outcome(dir: string, h5: string): Promise<unknown> {
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
  delete summary.seconds;
  return { summary, h5: await readHdf5(join(dir, h5)) };
}

describe('a study called from code', () => {
  const small = { g: [1, 0.7], samples: 12, L: 8, tTherm: 5, tMax: 30, bootstrap: 100 };

  it('phi: the same files and numbers in this thread and in worker threads with any chunking', async () => {
    const a = join(temp(), 'a');
    const b = join(temp(), 'b');
    const ra = await phiStudy.run(small, { out: a, backend: localBackend({ workers: 0 }) });
    const rb = await phiStudy.run(small, { out: b, backend: localBackend({ workers: 2, chunkSize: 5 }) });
    expect(ra.files).toContain(join(a, 'phi.h5'));
    expect(ra.report.join('\n').replaceAll(a, '')).toBe(rb.report.join('\n').replaceAll(b, ''));
    expect(await outcome(a, 'phi.h5')).toEqual(await outcome(b, 'phi.h5'));
    const couplings = (ra.summary as { couplings: Array<{ g: number; tMax: number }> }).couplings;
    expect(couplings.map((c) => [c.g, c.tMax])).toEqual([[1, 30], [0.7, 30]]);
  });

  it('phi --t-max auto: three segments continuing each other give, in another folder, the same file and spec hashes', async () => {
    const spec = { g: [0.5], samples: 8, L: 8, tTherm: 5, tMax: 'auto' as const, tCap: 1600, bootstrap: 100 };
    const a = join(temp(), 'a');
    const b = join(temp(), 'b');
    await phiStudy.run(spec, { out: a, backend: localBackend({ workers: 0 }) });
    await phiStudy.run(spec, { out: b, backend: localBackend({ workers: 2 }) });
    const h5 = (await readHdf5(join(a, 'phi.h5'))) as unknown as { groups: Record<string, { attrs: { spec_hash: string } }> };
    expect(h5.groups['g_0.5']!.attrs.spec_hash.split(','), 'segments').toHaveLength(3);
    expect(await outcome(a, 'phi.h5')).toEqual(await outcome(b, 'phi.h5'));
  });

  it('takes the CLI strings too: "1,0.7" and "12" parse to the same spec as [1, 0.7] and 12', () => {
    expect(phiSpec.parse({ g: '1,0.7', samples: '12', L: '8' })).toEqual(phiSpec.parse({ g: [1, 0.7], samples: 12, L: 8 }));
  });

  it('refuses a bad spec with one line naming the parameter, and writes nothing', async () => {
    const out = join(temp(), 'bad');
    await expect(phiStudy.run({ g: [1], samples: 4 }, { out })).rejects.toThrow(GlassyInputError);
    await expect(phiStudy.run({ g: [1], samples: 4 }, { out })).rejects.toThrow(/^--samples: must be ≥ 8/);
    await expect(phiStudy.run({ g: [1, 1] }, { out })).rejects.toThrow(/^--g: couplings must be distinct/);
    expect(existsSync(out)).toBe(false);
  });

  it('lists every study by the name of its glassy run command', () => {
    expect(studies.map((s) => s.id)).toEqual(['phi', 'snapshots', 'spreading', 'lyapunov', 'ergodization', 'breather', 'rotor-friction', 'kappa', 'kappa-trend', 'ness', 'level-stats', 'quantum-relaxation']);
  });
});

describe('independent samples (ness, spreading)', () => {
  const ness = { L: 16, tRelax: 5, tMeas: 10, samples: 5 };

  it('ness: the same numbers and file in this thread and in 2 workers', async () => {
    const a = join(temp(), 'a');
    const b = join(temp(), 'b');
    await nessStudy.run(ness, { out: a, backend: localBackend({ workers: 0 }) });
    await nessStudy.run(ness, { out: b, backend: localBackend({ workers: 2 }) });
    expect(await outcome(a, 'ness.h5')).toEqual(await outcome(b, 'ness.h5'));
  });

  it('spreading: resumes from its checkpoints after losing a chunk, and gives the uninterrupted result', async () => {
    const spec = { L: 32, tMax: 10, realisations: 4 };
    const a = join(temp(), 'a');
    await spreadingStudy.run(spec, { out: a, backend: localBackend({ workers: 0 }) });
    const checkpoints = join(a, 'checkpoints');
    const chunks = readdirSync(checkpoints).filter((f) => f.startsWith('chunk-'));
    expect(chunks).toHaveLength(4); // one realisation per chunk
    rmSync(join(checkpoints, chunks[2]!));
    const want = await outcome(a, 'spreading.h5');
    const progress: number[] = [];
    await spreadingStudy.run(spec, { out: a, backend: localBackend({ workers: 0, onProgress: (_, done) => progress.push(done) }) });
    expect(progress[0], 'three realisations were reused').toBe(3);
    expect(await outcome(a, 'spreading.h5')).toEqual(want);
  });

  it('as shards run by hand (what an array task runs): merged in sample order, equal to the local values', async () => {
    const task: SampleTask = { study: 'spreading', spec: { L: 32, W: 4, nonlinearity: 1, dt: 0.05, integrator: 'split-strang', seed: 3, times: [1, 2, 5] }, samples: 5 };
    const want = await localBackend({ workers: 0 }).samples(task, { dir: join(temp(), 'local'), label: 'local' });
    const dir = join(temp(), 'job');
    createShardJob(dir, { kind: 'samples', spec: task }, 2, 1, process.cwd(), undefined);
    await runShard(dir, 1, () => Registry.builtin(), { workers: 0 });
    expect(shardStatus(dir).states).toEqual(['not started', 'done']);
    expect(() => mergeSampleShards(dir)).toThrow(/missing shard 0 of 2/);
    await runShard(dir, 0, () => Registry.builtin(), { workers: 0 });
    expect(mergeSampleShards(dir).values).toEqual(want);
  });

  it('refuses chunks that leave a sample out or hold it twice', () => {
    const task: SampleTask = { study: 'x', spec: {}, samples: 3 };
    expect(() => sampleValues(task, [{ start: 0, end: 1, values: [1] }, { start: 2, end: 3, values: [3] }])).toThrow(/sample 1 is in no chunk/);
    expect(() => sampleValues(task, [{ start: 0, end: 2, values: [1, 2] }, { start: 1, end: 3, values: [2, 3] }])).toThrow(/sample 1 is in two chunks/);
    expect(sampleValues(task, [{ start: 1, end: 3, values: [2, 3] }, { start: 0, end: 1, values: [1] }])).toEqual([1, 2, 3]);
  });
});
