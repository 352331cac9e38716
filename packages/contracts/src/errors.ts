import type { z } from 'zod';

/**
 * Invalid input from a user: a CLI flag, a config file, a state file or a plugin manifest.
 * The CLI prints `message` on one line and exits with code 2, no stack trace.
 */
export class GlassyInputError extends Error {
  override readonly name = 'GlassyInputError';
}

/**
 * A trajectory turned non-finite. Carries where, so the message can name step and site.
 * `site` is the 0-based array index; messages, like figures and docs, number sites 1 … L.
 */
export class NonFiniteStateError extends Error {
  override readonly name = 'NonFiniteStateError';
  constructor(
    readonly step: number,
    readonly site: number,
    readonly coordinate: 'q' | 'p',
    readonly time: number,
  ) {
    super(`state became non-finite at step ${step} (t = ${time}), site ${site + 1} (sites numbered 1 … L), coordinate ${coordinate}`);
  }
}

/** One line naming each offending field: `where: field.path: problem; other.path: problem`. */
export function describeZodError(where: string, error: z.ZodError): string {
  const parts = error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    return `${path}: ${issue.message}`;
  });
  return `${where}: ${parts.join('; ')}`;
}

/** Parse with a zod schema or throw a GlassyInputError naming the field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new GlassyInputError(describeZodError(where, r.error));
  return r.data;
}
