/**
 * HDF5 output (src/output/hdf5.ts): a `glassy run phi`-shaped file round-trips through h5wasm
 * with its types; malformed documents and bad paths fail without leaving files behind. When the
 * HDF5 command-line tools are installed, `h5dump -H` must read the file too (skipped otherwise).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GlassyInputError } from '@glassy/contracts';
import { parameterGroupName, readHdf5, writeHdf5Atomic, type Hdf5Document } from '../src/output/hdf5.js';

const dir = mkdtempSync(join(tmpdir(), 'glassy-hdf5-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const H5DUMP = spawnSync('h5dump', ['--version'], { encoding: 'utf8' }).status === 0;

const gValues = [0.5, 0.25, 0.1];
const nTimes = 7;
const nSamples = 5;
const times = Float64Array.from({ length: nTimes }, (_, i) => 10 * i);
const parameters = { L: 64, beta: 1, dt: 0.01, tThermalise: 1000, g: gValues };

/** Deterministic fake φ samples: sample s, time i. */
function perSample(g: number): Float64Array {
  return Float64Array.from({ length: nSamples * nTimes }, (_, k) => {
    const s = Math.floor(k / nTimes);
    const i = k % nTimes;
    return (1 - Math.exp(-g * i)) * (1 + 0.01 * (s - 2));
  });
}

function phiDocument(): Hdf5Document {
  return {
    attrs: {
      software: 'glassy',
      version: '0.1.0',
      seed: 12345678901234567890n & 0x7fffffffffffffffn,
      parameters: JSON.stringify(parameters),
      observable: 'phi(g, beta, t) = (beta / 2L) sum_x <(omega_x(t) - omega_x(0))^2>',
    },
    groups: Object.fromEntries(
      gValues.map((g) => {
        const m = perSample(g);
        const phi = Float64Array.from({ length: nTimes }, (_, i) => {
          let s = 0;
          for (let k = 0; k < nSamples; k++) s += m[k * nTimes + i]!;
          return s / nSamples;
        });
        return [
          parameterGroupName('g', g),
          {
            attrs: { g, t0: 42.5, t0_ci: [40, 45] },
            datasets: {
              times: { shape: [nTimes], data: times, attrs: { units: 'model time (m = 1)' } },
              phi,
              phi_stderr: Array.from(phi, (p) => 0.01 * p),
              samples: { shape: [], data: [nSamples], dtype: 'int64' },
              samples_per_time: new Int32Array(nTimes).fill(nSamples),
              phi_per_sample: { shape: [nSamples, nTimes], data: m, compression: 4 },
              notes: ['first', 'second: ω, τ'],
            },
          },
        ];
      }),
    ),
  };
}

describe('writeHdf5Atomic / readHdf5', () => {
  const path = join(dir, 'phi.h5');

  it('round-trips a phi result file with its types, shapes and attributes', async () => {
    await writeHdf5Atomic(path, phiDocument());
    expect(readdirSync(dir)).toEqual(['phi.h5']);
    expect(readFileSync(path).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]));

    const back = await readHdf5(path);
    expect(back.attrs['software']).toBe('glassy');
    expect(back.attrs['seed']).toBe(12345678901234567890n & 0x7fffffffffffffffn);
    expect(JSON.parse(back.attrs['parameters'] as string)).toEqual(parameters);
    expect(Object.keys(back.groups)).toEqual(['g_0.5', 'g_0.25', 'g_0.1']);
    expect(Object.keys(back.groups).map((name) => Number(name.slice(2)))).toEqual(gValues);

    const doc = phiDocument();
    for (const g of gValues) {
      const name = parameterGroupName('g', g);
      const group = back.groups[name]!;
      const written = doc.groups![name]!.datasets!;
      expect(group.attrs['g']).toBe(g);
      expect(Array.from(group.attrs['t0_ci'] as Float64Array)).toEqual([40, 45]);
      expect(Object.keys(group.datasets)).toEqual(Object.keys(written));

      expect(group.datasets['times']).toMatchObject({ shape: [nTimes], dtype: 'float64' });
      expect(group.datasets['times']!.value).toEqual(times);
      expect(group.datasets['times']!.attrs['units']).toBe('model time (m = 1)');
      expect(group.datasets['phi']!.value).toEqual(written['phi']);
      // number[] is stored as float64, even where every value is an integer (phi_stderr[0] = 0)
      expect(group.datasets['phi_stderr']).toMatchObject({ dtype: 'float64', value: Float64Array.from(written['phi_stderr'] as number[]) });
      expect(group.datasets['samples']).toMatchObject({ shape: [], dtype: 'int64', value: BigInt(nSamples) });
      expect(group.datasets['samples_per_time']).toMatchObject({ dtype: 'int32', value: new Int32Array(nTimes).fill(nSamples) });
      expect(group.datasets['phi_per_sample']).toMatchObject({ shape: [nSamples, nTimes], dtype: 'float64', value: perSample(g) });
      expect(group.datasets['notes']).toMatchObject({ dtype: 'string', value: ['first', 'second: ω, τ'] });
    }
  });

  it('h5dump -H reads the file (skipped without hdf5-tools)', async ({ skip }) => {
    if (!H5DUMP) skip('h5dump not installed (apt-get install hdf5-tools)');
    await writeHdf5Atomic(path, phiDocument());
    const header = execFileSync('h5dump', ['-H', path], { encoding: 'utf8' });
    expect(header).toContain('GROUP "g_0.25"');
    expect(header).toMatch(/DATASET "phi_per_sample" \{\s*DATATYPE\s+H5T_IEEE_F64LE\s*DATASPACE\s+SIMPLE \{ \( 5, 7 \) \/ \( 5, 7 \) \}/);
    expect(header).toMatch(/DATASET "samples" \{\s*DATATYPE\s+H5T_STD_I64LE\s*DATASPACE\s+SCALAR/);
    expect(header).toMatch(/ATTRIBUTE "parameters" \{\s*DATATYPE\s+H5T_STRING \{\s*STRSIZE H5T_VARIABLE;[\s\S]*?CSET H5T_CSET_UTF8;/);
    const values = execFileSync('h5dump', ['-d', '/g_0.5/phi_per_sample', '-p', path], { encoding: 'utf8' });
    expect(values).toContain('COMPRESSION DEFLATE { LEVEL 4 }');
  });

  it('replaces an existing file atomically and keeps it when a write fails', async () => {
    const target = join(dir, 'replace.h5');
    await writeHdf5Atomic(target, { attrs: { run: 'first' } });
    await writeHdf5Atomic(target, { attrs: { run: 'second' } });
    expect((await readHdf5(target)).attrs['run']).toBe('second');
    const before = readFileSync(target);

    const bad: Hdf5Document = { attrs: { run: 'third' }, datasets: { m: { shape: [2, 3], data: [1, 2, 3, 4, 5] } } };
    await expect(writeHdf5Atomic(target, bad)).rejects.toThrow(/\/m: shape \[2, 3\] needs 6 elements, data has 5/);
    expect(readFileSync(target)).toEqual(before);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it.each<[string, Hdf5Document, RegExp]>([
    ['a non-integer in an int32 dataset', { datasets: { n: { shape: [2], data: [1, 2.5], dtype: 'int32' } } }, /\/n\[1\] = 2.5 is not a valid int32/],
    ['an out-of-range uint8', { groups: { a: { datasets: { n: { shape: [1], data: [256], dtype: 'uint8' } } } } }, /\/a\/n\[0\] = 256 is not a valid uint8/],
    ['a name with a slash', { datasets: { 'a/b': [1] } }, /"a\/b" is not a valid HDF5 link name/],
    ['a bad gzip level', { datasets: { m: { shape: [1], data: [1], compression: 12 } } }, /compression must be a gzip level 1-9/],
  ])('refuses %s with a GlassyInputError and writes nothing', async (_, doc, message) => {
    const sub = join(dir, `bad-${Math.random().toString(36).slice(2)}`);
    const error = await writeHdf5Atomic(join(sub, 'x.h5'), doc).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GlassyInputError);
    expect((error as Error).message).toMatch(message);
    expect(readdirSync(sub)).toEqual([]);
  });

  it('refuses a directory or a path below a file as output', async () => {
    mkdirSync(join(dir, 'adir'), { recursive: true });
    await expect(writeHdf5Atomic(join(dir, 'adir'), {})).rejects.toThrow(GlassyInputError);
    writeFileSync(join(dir, 'afile'), 'x');
    await expect(writeHdf5Atomic(join(dir, 'afile', 'x.h5'), {})).rejects.toThrow(/is not a directory/);
    await expect(readHdf5(join(dir, 'missing.h5'))).rejects.toThrow(/does not exist/);
  });

  it('stores empty arrays and scalars', async () => {
    const target = join(dir, 'edge.h5');
    await writeHdf5Atomic(target, { datasets: { empty: [], none: { shape: [0, 3], data: [] }, one: { shape: [], data: [2.5] } }, attrs: { pi: Math.PI, list: ['a', 'b'] } });
    const back = await readHdf5(target);
    expect(back.datasets['empty']!.shape).toEqual([0]);
    expect(back.datasets['none']!.shape).toEqual([0, 3]);
    expect(back.datasets['one']).toMatchObject({ shape: [], value: 2.5 });
    expect(back.attrs).toEqual({ pi: Math.PI, list: ['a', 'b'] });
  });

  it('names parameter groups so the value reads back exactly', () => {
    expect(parameterGroupName('g', 0.5)).toBe('g_0.5');
    expect(parameterGroupName('g', 0.1 + 0.2)).toBe('g_0.30000000000000004');
    expect(parameterGroupName('beta', 1e-7)).toBe('beta_1e-7');
    expect(() => parameterGroupName('g', Number.NaN)).toThrow(GlassyInputError);
  });
});
