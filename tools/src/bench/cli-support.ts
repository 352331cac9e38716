/** Shared CLI plumbing: flag parsing and the exit-code convention of the glassy CLI. */
import { z } from 'zod';
import { GlassyInputError } from '@glassy/contracts';

/** Run a flag parser (node:util parseArgs) with its errors turned into one-line input errors (exit 2). */
export function parsingFlags<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    throw new GlassyInputError(`${(e as Error).message.split('\n')[0]!} (see --help)`);
  }
}

/** Validate parsed flags with zod; a bad value is one input error naming the flag (exit 2). */
export function validateFlags<S extends z.ZodType>(schema: S, values: unknown): z.output<S> {
  const r = schema.safeParse(values);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `--${i.path.map(String).join('.')}: ${i.message}`);
    throw new GlassyInputError(`${issues.join('; ')} (see --help)`);
  }
  return r.data;
}

/** --rounds N of the comparison: at least 3, so a median and a spread exist. */
export const roundsFlag = z.coerce.number().int().min(3).max(100).optional();

/**
 * Run a CLI main: its return value is the exit code; bad input (a GlassyInputError, e.g. a
 * malformed budget file) prints one line and exits 2; anything else is a bug and keeps its stack.
 */
export function runCli(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      if (e instanceof GlassyInputError) {
        console.error(`error: ${e.message}`);
        process.exitCode = 2;
      } else {
        console.error(e);
        process.exitCode = 1;
      }
    },
  );
}
