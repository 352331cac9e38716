/** zod schemas for CLI flags: every value is validated before anything runs. */
import { z } from 'zod';
import { GlassyInputError } from '@glassy/contracts';

/** A number given on the command line (commander hands over strings). */
export const numberFlag = z
  .string()
  .trim()
  .min(1, { message: 'expected a number' })
  .transform((s, ctx) => {
    const v = Number(s);
    if (Number.isNaN(v)) {
      ctx.addIssue({ code: 'custom', message: `expected a number, got "${s}"` });
      return z.NEVER;
    }
    return v;
  });

export const positiveFinite = numberFlag.pipe(z.number().finite({ message: 'must be finite' }).positive({ message: 'must be > 0' }));
export const nonNegativeFinite = numberFlag.pipe(z.number().finite({ message: 'must be finite' }).min(0, { message: 'must be ≥ 0' }));
export const seedFlag = numberFlag.pipe(z.number().int({ message: 'must be an integer' }).min(0).max(2 ** 31 - 1));

/** Parse options with a zod object schema whose keys are flag names in camelCase. */
export function parseFlags<S extends z.ZodType>(schema: S, options: unknown): z.output<S> {
  const r = schema.safeParse(options);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const key = String(issue.path[0] ?? '');
  const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
  throw new GlassyInputError(`${flag}: ${message}`);
}
