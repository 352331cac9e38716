/**
 * `npm run bench:eigen`: the dense symmetric eigensolver of @glassy/linalg (eigenvalues only)
 * side by side with LAPACK on the same matrix and the same machine, interleaved round by round:
 * numpy's eigvalsh (LAPACK dsyevd through OpenBLAS or whatever numpy links), run by python3
 * where python3 with numpy is present; otherwise the benchmark says so and times ours alone.
 * Python is never a dependency of the project: this is an optional reference, as the C columns
 * of `npm run bench` are.
 *
 * The matrix: the even reflection sector of the Bose–Hubbard chain at L = N = 8 (dimension
 * 3260), the size of the review's finite-size flow. Only the eigensolver call is timed on either
 * side (numpy: inside python, after loading; ours: the call, its input copy included). LAPACK
 * runs single-threaded by default (OPENBLAS_NUM_THREADS etc. = 1), as ours is; --lapack-threads
 * changes that. The eigenvalues of the two are compared (max difference relative to max |E|).
 *
 *   npm run bench:eigen -- [--L 8] [--N 8] [--sector even] [--rounds 3] [--lapack-threads 1]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { denseSymmetricEigen } from '@glassy/linalg';
import { boseHubbard, quantumParams, sectorHamiltonian } from '@glassy/quantum';
import { parsingFlags, runCli, validateFlags } from './cli-support.js';

const flagsSchema = z.object({
  L: z.coerce.number().int().min(2).max(12),
  N: z.coerce.number().int().min(1).max(12),
  sector: z.enum(['even', 'odd']),
  rounds: z.coerce.number().int().min(1).max(20),
  'lapack-threads': z.coerce.number().int().min(1).max(256),
});

const PYTHON = `
import sys, time, numpy as np
n = int(sys.argv[2])
a = np.fromfile(sys.argv[1], dtype='<f8').reshape(n, n)
t = time.perf_counter()
w = np.linalg.eigvalsh(a)
dt = time.perf_counter() - t
w.astype('<f8').tofile(sys.argv[3])
print(dt)
`;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function main(): Promise<number> {
  const { values } = parsingFlags(() =>
    parseArgs({ options: { L: { type: 'string', default: '8' }, N: { type: 'string' }, sector: { type: 'string', default: 'even' }, rounds: { type: 'string', default: '3' }, 'lapack-threads': { type: 'string', default: '1' } }, allowPositionals: false }),
  );
  const flags = validateFlags(flagsSchema, { ...values, N: values.N ?? values.L });
  const sys = boseHubbard.create(quantumParams(boseHubbard, { L: flags.L, N: flags.N, U: 1, g: 1 }, (k) => `--${k}`));
  const { matrix, dimension: n } = sectorHamiltonian(sys, flags.sector);
  console.log(`dense symmetric eigenvalues: Bose–Hubbard L = ${flags.L}, N = ${flags.N}, U = g = 1, ${flags.sector} sector, dimension ${n}`);
  const threads = String(flags['lapack-threads']);
  const env = { ...process.env, OPENBLAS_NUM_THREADS: threads, OMP_NUM_THREADS: threads, MKL_NUM_THREADS: threads };
  const probe = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8', env });
  const haveNumpy = probe.status === 0;
  if (!haveNumpy) console.log('LAPACK reference skipped: python3 with numpy not found (it is optional; ours is timed alone)');
  else console.log(`LAPACK reference: numpy ${probe.stdout.trim()} eigvalsh, ${threads} thread(s); ours: one thread`);
  const dir = mkdtempSync(join(tmpdir(), 'glassy-eigen-'));
  try {
    const input = join(dir, 'a.f64');
    const output = join(dir, 'w.f64');
    writeFileSync(input, new Uint8Array(matrix.buffer, matrix.byteOffset, matrix.byteLength));
    const ours: number[] = [];
    const lapack: number[] = [];
    let values: Float64Array | undefined;
    let mismatch = NaN;
    for (let r = 0; r < flags.rounds; r++) {
      const t0 = performance.now();
      values = denseSymmetricEigen(matrix, n).values;
      ours.push((performance.now() - t0) / 1000);
      let line = `round ${r + 1}: ours ${ours.at(-1)!.toFixed(2)} s`;
      if (haveNumpy) {
        const py = spawnSync('python3', ['-c', PYTHON, input, String(n), output], { encoding: 'utf8', env });
        if (py.status !== 0) throw new Error(`python3 failed: ${py.stderr}`);
        lapack.push(Number(py.stdout.trim()));
        const w = new Float64Array(readFileSync(output).buffer.slice(0));
        let d = 0;
        let scale = 1;
        for (let i = 0; i < n; i++) {
          d = Math.max(d, Math.abs(w[i]! - values[i]!));
          scale = Math.max(scale, Math.abs(w[i]!));
        }
        mismatch = d / scale;
        line += `, LAPACK ${lapack.at(-1)!.toFixed(2)} s, ratio ${(ours.at(-1)! / lapack.at(-1)!).toFixed(2)}`;
      }
      console.log(line);
    }
    if (haveNumpy) {
      const ratios = ours.map((t, i) => t / lapack[i]!);
      console.log(`ratio ours / LAPACK: median ${median(ratios).toFixed(2)} (min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)}) over ${flags.rounds} interleaved rounds; target ≤ 3`);
      console.log(`eigenvalues agree to ${mismatch.toExponential(2)} of max |E|`);
    } else {
      console.log(`ours: median ${median(ours).toFixed(2)} s over ${flags.rounds} rounds`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return 0;
}

runCli(main);
