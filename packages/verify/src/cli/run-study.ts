/**
 * The CLI face of every study (`glassy run X`): the flags that are the study's spec go to the
 * study; the rest choose where its ensembles run (--backend local|slurm, --workers, --shards,
 * --sbatch-arg, --max-resubmits), whether it talks (--quiet) and where it writes (--out,
 * --force). A study with ensembles gets the SLURM backend with no code of its own.
 */
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { GlassyInputError } from '@glassy/contracts';
import { intAtLeast, localBackend, outFlag, parseFlags, quietFlag, slurmBackend, SlurmJobFailed, workersFlag, type Study } from '@glassy/studies';
import type { Registry } from '../registry.js';
import type { Io } from './commands.js';
import { progress } from './progress.js';

/** The CLI script (an array task runs `node GLASSY_BIN shard run DIR --index I`). */
export const GLASSY_BIN = fileURLToPath(new URL('../../bin/glassy.js', import.meta.url));

const runFlags = z.object({
  workers: workersFlag,
  quiet: quietFlag,
  force: z.boolean().default(false),
  out: outFlag,
  backend: z.enum(['local', 'slurm'], { message: 'expected "local" or "slurm"' }).default('local'),
  shards: intAtLeast(1).optional(),
  sbatchArg: z.array(z.string()).default([]),
  maxResubmits: intAtLeast(0).default(2),
});

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The backend flags, added to a `glassy run X` command whose study runs ensembles. */
export function addBackendOptions(command: Command): Command {
  return command
    .option('--workers <n>', 'worker threads with --backend local (default: all cores)')
    .addOption(new Option('--backend <where>', 'where the ensembles run: here, or as SLURM array jobs (one per ensemble, one task per shard), merged exactly: the same results either way').choices(['local', 'slurm']).default('local'))
    .option('--shards <K>', 'with --backend slurm: array tasks per ensemble')
    .option('--sbatch-arg <arg>', 'with --backend slurm: an sbatch option, repeatable, e.g. --sbatch-arg=--partition=debug --sbatch-arg=--time=02:00:00', collect)
    .option('--max-resubmits <n>', 'with --backend slurm: resubmissions of a failed or cancelled task before giving up', '2');
}

/** Run `study` with the parsed commander options of its command. */
export async function runStudyCommand<S extends z.ZodObject>(study: Study<S, unknown>, registry: Registry, rawOpts: Record<string, unknown>, io: Io, config: string | undefined): Promise<number> {
  const specKeys = new Set(Object.keys(study.spec.shape));
  const specRaw = Object.fromEntries(Object.entries(rawOpts).filter(([k]) => specKeys.has(k)));
  const flags = parseFlags(runFlags, Object.fromEntries(Object.entries(rawOpts).filter(([k]) => !specKeys.has(k))));
  const log = (line: string): void => (flags.quiet ? undefined : io.err(line));
  if (flags.backend === 'local' && (flags.shards !== undefined || flags.sbatchArg.length > 0)) throw new GlassyInputError(`${flags.shards !== undefined ? '--shards' : '--sbatch-arg'}: only with --backend slurm`);
  if (flags.backend === 'slurm' && flags.shards === undefined) throw new GlassyInputError('--shards: is required with --backend slurm (array tasks per ensemble)');
  if (flags.backend === 'slurm' && flags.workers !== undefined) throw new GlassyInputError('--workers: only with --backend local (on SLURM each task uses its --cpus-per-task)');
  const bars = new Map<string, (done: number, total: number) => void>();
  const backend =
    flags.backend === 'slurm'
      ? slurmBackend({
          registry,
          shards: flags.shards!,
          sbatchArgs: flags.sbatchArg,
          maxResubmits: flags.maxResubmits,
          pollSeconds: Number(process.env['GLASSY_SLURM_POLL'] ?? 5),
          glassy: GLASSY_BIN,
          cwd: process.cwd(),
          ...(config ? { config } : {}),
          log,
        })
      : localBackend({
          registry,
          ...(flags.workers !== undefined ? { workers: flags.workers } : {}),
          cwd: process.cwd(),
          ...(config ? { config } : {}),
          onProgress: (label, done, total) => {
            if (!bars.has(label)) bars.set(label, progress(io, flags.quiet, label));
            bars.get(label)!(done, total);
          },
        });
  let outcome;
  try {
    outcome = await study.run(specRaw as z.input<S>, { out: flags.out, force: flags.force, backend, log });
  } catch (e) {
    // A SLURM run that gave up (a task failed past its resubmissions): exit 1, shards kept.
    if (e instanceof SlurmJobFailed) {
      io.err(`glassy: ${e.message}`);
      return 1;
    }
    throw e;
  }
  if (!flags.quiet) for (const line of outcome.report) io.out(line);
  return 0;
}
