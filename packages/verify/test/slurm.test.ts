/**
 * Ensembles on a real single-node SLURM cluster (issue 14), brought up by
 * tools/slurm/local-cluster.sh under a temporary root and torn down after (only the daemons it
 * started, by PID): `glassy ensemble --backend slurm` is byte-identical to the local run for any
 * number of shards; a cancelled array task is resubmitted and the result is still identical.
 * Skipped, saying why, only where the cluster cannot be brought up (no Debian packages, not root).
 * The shard commands themselves (run, status, merge and its refusals) are tested without SLURM.
 * Every `glassy run` study with ensembles or independent samples gets the same backend: run phi
 * (with --t-max auto: successive array jobs continuing the same trajectories; an ensemble study)
 * and run ness (independent samples) give on SLURM the data and numbers of the local run.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHdf5 } from '@glassy/studies';
import { assertBuiltCli, glassy, removeTempDirs, startGlassy, tempCwd } from './support/cli.js';

const SCRIPT = resolve(import.meta.dirname, '../../../tools/slurm/local-cluster.sh');
const ROOT = mkdtempSync(join(tmpdir(), 'glassy-slurm-test-'));
const clusterEnv = { ...process.env, GLASSY_SLURM_ROOT: ROOT, GLASSY_SLURM_PORT: '6917' };

let cluster: 'up' | string = 'not started';

const ENSEMBLE = ['ensemble', '--model', 'rotor-chain', '--set', 'L=32', '--integrator', 'stormer-verlet', '--samples', '48', '--dt', '0.01', '--times', '0,1,20', '--observable', 'energy-per-site', 'phi', '--workers', '1', '--quiet'];

beforeAll(() => {
  assertBuiltCli();
  const up = spawnSync(SCRIPT, ['up'], { env: clusterEnv, encoding: 'utf8', timeout: 240_000 });
  if (up.status === 0) {
    cluster = 'up';
    process.env['SLURM_CONF'] = join(ROOT, 'slurm.conf');
    process.env['GLASSY_SLURM_POLL'] = '0.5';
  } else {
    cluster = `tools/slurm/local-cluster.sh up failed (exit ${up.status}): ${(up.stderr || String(up.error)).trim().split('\n').pop()}`;
    console.warn(`slurm.test.ts: SKIPPED the cluster tests: ${cluster}`);
  }
}, 300_000);

afterAll(() => {
  if (cluster === 'up') {
    const down = spawnSync(SCRIPT, ['down'], { env: clusterEnv, encoding: 'utf8', timeout: 60_000 });
    expect(down.status, down.stderr).toBe(0);
  }
  rmSync(ROOT, { recursive: true, force: true });
  removeTempDirs();
});

async function local(cwd: string): Promise<Buffer> {
  const r = await glassy(cwd, [...ENSEMBLE, '--out', 'local.json'], 120_000);
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(join(cwd, 'local.json'));
}

describe('shards without a cluster: glassy ensemble --backend manual, glassy shard run|status|merge', () => {
  let cwd = '';
  beforeAll(async () => {
    cwd = tempCwd('glassy-shards-');
    const r = await glassy(cwd, [...ENSEMBLE, '--backend', 'manual', '--shards', '3', '--out', 'm.json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('glassy shard run m.json.slurm --index I');
    for (const i of [0, 1, 2]) {
      const s = await glassy(cwd, ['shard', 'run', 'm.json.slurm', '--index', String(i), '--quiet'], 120_000);
      expect(s.status, s.stderr).toBe(0);
    }
  }, 300_000);

  it('merged by hand: byte-identical to the local run; status says all done', async () => {
    const status = await glassy(cwd, ['shard', 'status', 'm.json.slurm']);
    expect(status.status).toBe(0);
    expect(status.stdout).toContain('3 done');
    const m = await glassy(cwd, ['shard', 'merge', 'm.json.slurm', '--out', 'm.json']);
    expect(m.status, m.stderr).toBe(0);
    expect(readFileSync(join(cwd, 'm.json')).equals(await local(cwd))).toBe(true);
  });

  it.each([
    ['a missing shard', (dir: string) => rmSync(join(dir, 'shards/shard-1.json')), 'missing shard 1 of 3'],
    ['a duplicated shard', (dir: string) => copyFileSync(join(dir, 'shards/shard-2.json'), join(dir, 'shards/shard-2-copy.json')), 'duplicate shard: shard 2 is also in'],
    [
      'a foreign shard',
      (dir: string) => {
        const s = JSON.parse(readFileSync(join(dir, 'shards/shard-0.json'), 'utf8'));
        writeFileSync(join(dir, 'shards/shard-0.json'), JSON.stringify({ ...s, specHash: 'f'.repeat(64) }));
      },
      'foreign shard: it belongs to another ensemble',
    ],
    ['a corrupt shard', (dir: string) => writeFileSync(join(dir, 'shards/shard-1.json'), '{"format": "glassy-shard/1", "specHash'), 'corrupt shard (not valid JSON)'],
  ])('glassy shard merge refuses %s: exit 2, one line naming the shard, nothing written', async (_name, spoil, names) => {
    const copy = tempCwd('glassy-shards-bad-');
    spawnSync('cp', ['-r', join(cwd, 'm.json.slurm'), copy]);
    const dir = join(copy, 'm.json.slurm');
    // The job records where it was made (its plugins' config); the copy is the same job.
    spoil(dir);
    const r = await glassy(copy, ['shard', 'merge', 'm.json.slurm', '--out', 'out.json']);
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(names);
    expect(r.stderr).toMatch(/shard-\d+(-copy)?\.json/);
    expect(existsSync(join(copy, 'out.json'))).toBe(false);
  });

  it('refuses bad flags: --shards without a cluster backend, more shards than samples, --index out of range', async () => {
    const a = await glassy(cwd, [...ENSEMBLE, '--shards', '2', '--out', 'x.json']);
    expect([a.status, a.stderr]).toEqual([2, 'glassy: --shards: only with --backend slurm or manual\n']);
    const b = await glassy(cwd, [...ENSEMBLE, '--backend', 'manual', '--shards', '49', '--out', 'y.json']);
    expect([b.status, b.stderr]).toEqual([2, 'glassy: --shards: 49 shards for 48 samples; at most one shard per sample\n']);
    const c = await glassy(cwd, ['shard', 'run', 'm.json.slurm', '--index', '3']);
    expect([c.status, c.stderr]).toEqual([2, 'glassy: --index: 3 is not a shard of m.json.slurm (0 … 2)\n']);
  });
});

describe.skipIf(process.env['GLASSY_SKIP_SLURM'] === '1')('on a real single-node SLURM cluster', () => {
  it('glassy ensemble --backend slurm: byte-identical to the local run for 2 and 5 shards', async ({ skip }) => {
    if (cluster !== 'up') skip(cluster);
    const cwd = tempCwd('glassy-slurm-');
    const want = await local(cwd);
    for (const k of [2, 5]) {
      const r = await glassy(cwd, [...ENSEMBLE, '--backend', 'slurm', '--shards', String(k), '--out', `s${k}.json`], 240_000);
      expect(r.status, r.stderr).toBe(0);
      expect(readFileSync(join(cwd, `s${k}.json`)).equals(want), `${k} shards`).toBe(true);
      expect(existsSync(join(cwd, `s${k}.json.slurm`))).toBe(false);
    }
  }, 600_000);

  it('scancel of one array task mid-run: resubmitted, and the result is still identical', async ({ skip }) => {
    if (cluster !== 'up') skip(cluster);
    const cwd = tempCwd('glassy-slurm-cancel-');
    const args = [...ENSEMBLE.filter((a) => a !== '--quiet').map((a) => (a === '0,1,20' ? '0,1,60' : a)), '--backend', 'slurm', '--shards', '4', '--out', 'c.json'];
    const child = startGlassy(cwd, args, 300_000);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const status = new Promise<number | null>((done) => child.on('close', done));
    // Wait for the array job to be queued, then cancel one of its tasks.
    let task = '';
    for (let k = 0; k < 100 && task === ''; k++) {
      await new Promise((r) => setTimeout(r, 200));
      task = spawnSync('squeue', ['-h', '-r', '-o', '%i', '-t', 'pending,running'], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean).pop() ?? '';
    }
    expect(task, 'an array task in squeue').toMatch(/^\d+_\d+$/);
    expect(spawnSync('scancel', [task]).status).toBe(0);
    expect(await status, stderr).toBe(0);
    expect(stderr).toMatch(/ended without a shard .*; resubmitting/);
    const want = JSON.parse(readFileSync(join(cwd, 'c.json'), 'utf8'));
    const ref = await glassy(cwd, [...args.slice(0, args.indexOf('--backend')), '--quiet', '--out', 'ref.json'].filter((a, i, xs) => !(a === '--quiet' && xs.indexOf(a) !== i)), 120_000);
    expect(ref.status, ref.stderr).toBe(0);
    expect(readFileSync(join(cwd, 'ref.json'), 'utf8')).toBe(JSON.stringify(want, null, 2) + '\n');
  }, 600_000);

  /** summary.json without its timing, and every dataset and attribute of the HDF5 file. */
  async function results(dir: string, h5: string): Promise<unknown> {
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    delete summary.seconds;
    return { summary, h5: await readHdf5(join(dir, h5)) };
  }

  const RUNS: Array<[string, string[], string, number]> = [
    ['phi', ['run', 'phi', '--g', '0.7', '--samples', '16', '--L', '16', '--t-therm', '10', '--t-max', 'auto', '--t-cap', '400', '--bootstrap', '200'], 'phi.h5', 4],
    ['ness', ['run', 'ness', '--L', '16', '--t-relax', '10', '--t-meas', '20', '--samples', '5'], 'ness.h5', 3],
  ];
  for (const [name, args, h5, shards] of RUNS) it(`glassy run ${name} --backend slurm: the data and numbers of the local run`, async ({ skip }) => {
    if (cluster !== 'up') skip(cluster);
    const cwd = tempCwd(`glassy-slurm-run-${name}-`);
    const a = await glassy(cwd, [...args, '--backend', 'slurm', '--shards', String(shards), '--out', 'A'], 300_000);
    expect(a.status, a.stderr).toBe(0);
    expect(a.stderr).toContain('shards on SLURM');
    if (name === 'phi') expect(a.stderr, 'auto: a second array job continues the trajectories').toMatch(/g = 0.7, t ≤ 400: slurm: submitted job/);
    const b = await glassy(cwd, [...args, '--backend', 'local', '--out', 'B'], 300_000);
    expect(b.status, b.stderr).toBe(0);
    expect(a.stdout).toBe(b.stdout.replaceAll('B/', 'A/'));
    expect(await results(join(cwd, 'A'), h5)).toEqual(await results(join(cwd, 'B'), h5));
  }, 600_000);
});
