/** Shared CLI plumbing: flag parsing and the exit-code convention of the glassy CLI. */
import { GlassyInputError } from '@glassy/contracts';

/** Run a flag parser (node:util parseArgs) with its errors turned into one-line input errors (exit 2). */
export function parsingFlags<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    throw new GlassyInputError(`${(e as Error).message.split('\n')[0]!} (see --help)`);
  }
}

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
