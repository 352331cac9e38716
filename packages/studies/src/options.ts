/** zod schemas for CLI flags: every value is validated before anything runs. */
import { z } from 'zod';
import { GlassyInputError } from '@glassy/contracts';
import { flagOf } from './flags.js';

/** A finite number: a number (from code) or a string (commander hands over strings). */
export const numberFlag = z.union([z.number(), z.string()], { message: 'expected a number' }).transform((given, ctx) => {
  const s = typeof given === 'string' ? given.trim() : String(given);
  const v = typeof given === 'string' ? (s === '' ? Number.NaN : Number(s)) : given;
  if (Number.isNaN(v)) {
    ctx.addIssue({ code: 'custom', message: s === '' ? 'expected a number' : `expected a number, got "${s}"` });
    return z.NEVER;
  }
  if (!Number.isFinite(v)) {
    ctx.addIssue({ code: 'custom', message: `must be finite, got "${s}"` });
    return z.NEVER;
  }
  return v;
});

export const positiveFinite = numberFlag.pipe(z.number().positive({ message: 'must be > 0' }));
export const nonNegativeFinite = numberFlag.pipe(z.number().min(0, { message: 'must be ≥ 0' }));
export const seedFlag = numberFlag
  .pipe(z.number().refine(Number.isInteger, { message: 'must be an integer' }))
  .pipe(z.number().min(0, { message: 'must be ≥ 0' }).max(2 ** 31 - 1, { message: 'must be < 2^31' }));

/** `interval` as a whole number of steps of `dt` (≥ 1), or a GlassyInputError naming `flag`. */
export function stepsOf(interval: number, dt: number, flag: string): number {
  const n = Math.round(interval / dt);
  if (n < 1 || Math.abs(n * dt - interval) > 1e-9 * interval) throw new GlassyInputError(`${flag}: ${interval} is not a whole number of steps of --dt ${dt}`);
  return n;
}

/** Parse options with a zod object schema whose keys are flag names in camelCase. */
export function parseFlags<S extends z.ZodType>(schema: S, options: unknown): z.output<S> {
  const r = schema.safeParse(options);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const key = String(issue.path[0] ?? '');
  // camelCase keys are kebab-case flags (tMax → --t-max); one-letter keys keep their case (--L, --W).
  const flag = flagOf(key);
  const given = (options as Record<string, unknown> | undefined)?.[key];
  const message = given === undefined ? 'is required' : issue.message;
  throw new GlassyInputError(`${flag}: ${message}`);
}

/** A comma-separated list of distinct positive numbers (e.g. couplings "1,0.7,0.5"). */
/** A comma-separated list of positive numbers; distinct unless `distinct` is false (e.g. one T_max per coupling). */
export function positiveList(noun: string, distinct = true): z.ZodType<number[], string | number[]> {
  return z.union([z.array(z.number()).transform((xs) => xs.join(',')), z.string()]).transform((s, ctx) => {
    const parts = s.split(',').map((x) => x.trim());
    if (s.trim() === '' || parts.some((x) => x === '')) {
      ctx.addIssue({ code: 'custom', message: s.trim() === '' ? `expected a comma-separated list of ${noun}` : `empty entry in "${s}": expected a comma-separated list of ${noun}` });
      return z.NEVER;
    }
    const values = parts.map(Number);
    const bad = parts.find((_, i) => !(Number.isFinite(values[i]!) && values[i]! > 0));
    if (bad !== undefined) {
      ctx.addIssue({ code: 'custom', message: `"${bad}" is not a positive number` });
      return z.NEVER;
    }
    if (distinct && new Set(values).size !== values.length) {
      ctx.addIssue({ code: 'custom', message: `${noun} must be distinct` });
      return z.NEVER;
    }
    return values;
  });
}

/** An integer flag ≥ n ("must be an integer", "must be ≥ n"). */
export function intAtLeast(n: number) {
  return numberFlag.pipe(z.number().int({ message: 'must be an integer' }).min(n, { message: `must be ≥ ${n}` }));
}

/** Flags shared by the run commands. */
export const workersFlag = intAtLeast(0).optional();
export const quietFlag = z.boolean().default(false);
export const outFlag = z.string({ message: 'is required' }).min(1);

/**
 * Validate a study's internal specification (an ensemble spec, model parameters) built from
 * flags: a combination that each flag alone allowed but the spec refuses (e.g. --t-therm not a
 * whole number of steps of --dt) is bad input, answered with one line naming the flag, not an
 * internal error. `flags` maps spec paths ("initial.tTherm", "times") to flag names where the
 * last path segment does not already name the flag.
 */
export function parseStudySpec<S extends z.ZodType>(schema: S, value: unknown, flags: Readonly<Record<string, string>> = {}): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = issue.path.map(String);
  let mapped: string | undefined;
  for (let k = path.length; k > 0 && mapped === undefined; k--) mapped = flags[path.slice(0, k).join('.')];
  const named = [...path].reverse().find((segment) => !/^\d+$/.test(segment));
  mapped ??= named === undefined ? undefined : flagOf(named);
  throw new GlassyInputError(`${mapped ?? '(flags)'}: ${issue.message}${issue.path.length > 1 || mapped === undefined ? ` (${path.join('.') || 'spec'})` : ''}`);
}
