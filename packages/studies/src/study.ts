/**
 * A study: what one `glassy run X` computes, as library code. It has a zod spec (the physics
 * parameters; the same names as the CLI flags, camelCase), builds the ensembles it needs and
 * hands them to a backend (backend.ts), analyses their results and writes its output folder.
 * The CLI is a thin face over it: flags → spec, backend flags → backend, report → stdout.
 *
 *   import { phiStudy, localBackend } from '@glassy/studies';
 *   const { summary } = await phiStudy.run({ g: [1, 0.7], samples: 128 }, { out: 'phi-run' });
 */
import type { z } from 'zod';
import { localBackend, type EnsembleBackend } from './backend.js';

export interface StudyContext {
  /** Output folder: created, or resumed when it holds the same study with the same spec. */
  readonly out: string;
  /** Replace an output folder that holds something else (default false: refuse). */
  readonly force?: boolean;
  /** Where the ensembles run (default: localBackend(), every core of this machine). */
  readonly backend?: EnsembleBackend;
  /** Progress lines, notes and warnings (the CLI prints them on stderr unless --quiet). */
  readonly log?: (line: string) => void;
}

export interface StudyOutcome<Summary> {
  /** What summary.json holds. */
  readonly summary: Summary;
  /** The files written (data, summary, figures). */
  readonly files: readonly string[];
  /** The result in a few lines (the CLI prints them on stdout). */
  readonly report: readonly string[];
}

export interface Study<Spec extends z.ZodType, Summary> {
  /** The name of `glassy run <id>`. */
  readonly id: string;
  readonly description: string;
  /** The study's parameters; numbers may also be given as strings (as on the command line). */
  readonly spec: Spec;
  run(spec: z.input<Spec>, context: StudyContext): Promise<StudyOutcome<Summary>>;
}

/** The context with its defaults filled in. */
export function withDefaults(context: StudyContext): Required<StudyContext> {
  return { out: context.out, force: context.force ?? false, backend: context.backend ?? localBackend(), log: context.log ?? (() => undefined) };
}
