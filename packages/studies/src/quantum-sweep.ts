/**
 * The parameter sweep of the quantum studies (level-stats, quantum-relaxation): every model
 * parameter flag takes a comma list, the sweep is the product of the lists in flag order, and a
 * value naming another parameter copies it per point (--N L: unit filling).
 */
import { z } from 'zod';
import { GlassyInputError } from '@glassy/contracts';
import { flagOf } from './flags.js';

/** The model parameters the command line knows (those of the built-in quantum models). */
export const SWEEP_KEYS = ['L', 'N', 'U', 'g', 'nMax', 'up', 'J', 'Delta', 'W'] as const;

/** A comma list of finite numbers, or the name of another parameter (copied per point). */
export const sweepList = z.union([z.number().transform((x) => String(x)), z.array(z.number()).transform((xs) => xs.join(',')), z.string()]).transform((s, ctx): number[] | string => {
  const t = s.trim();
  if ((SWEEP_KEYS as readonly string[]).includes(t)) return t;
  const parts = t.split(',').map((x) => x.trim());
  const values = parts.map(Number);
  const bad = parts.find((x, i) => x === '' || !Number.isFinite(values[i]!));
  if (bad !== undefined) {
    ctx.addIssue({ code: 'custom', message: `"${bad}" is not a number (expected a comma list of numbers, or the name of another parameter)` });
    return z.NEVER;
  }
  return values;
});

export type SweepKey = (typeof SWEEP_KEYS)[number];

/** The sweep flags of a quantum study's spec. */
export const sweepFlags = Object.fromEntries(SWEEP_KEYS.map((k) => [k, sweepList.optional()])) as Record<SweepKey, z.ZodOptional<typeof sweepList>>;

/** The sweep: the product of the given lists, in flag order; names copy another parameter. */
export function sweepPoints(opts: Partial<Record<SweepKey, number[] | string>>): Record<string, number>[] {
  const given = SWEEP_KEYS.filter((k) => opts[k] !== undefined);
  const lists = given.filter((k) => Array.isArray(opts[k]));
  const refs = given.filter((k) => typeof opts[k] === 'string');
  for (const k of refs) {
    const target = opts[k] as string;
    if (!lists.includes(target as SweepKey)) throw new GlassyInputError(`${flagOf(k)}: "${target}" names no parameter given as numbers (${lists.map((x) => flagOf(x)).join(', ') || 'none'})`);
  }
  let points: Record<string, number>[] = [{}];
  for (const k of lists) points = points.flatMap((p) => (opts[k] as number[]).map((v) => ({ ...p, [k]: v })));
  return points.map((p) => ({ ...p, ...Object.fromEntries(refs.map((k) => [k, p[opts[k] as string]!])) }));
}

/**
 * The axes of a sweep: every swept parameter (`keys`), those taking more than one value
 * (`varying`), the x axis of the figures (the last varying one, else the first key), and the
 * fixed ones as "key = value" for subtitles.
 */
export function sweepAxes(points: readonly Record<string, number>[]): { keys: string[]; varying: string[]; xKey: string; fixed: string[] } {
  const keys = Object.keys(points[0] ?? {});
  const varying = keys.filter((key) => new Set(points.map((p) => p[key])).size > 1);
  const fixed = keys.filter((key) => !varying.includes(key)).map((key) => `${key} = ${points[0]![key]}`);
  return { keys, varying, xKey: varying.at(-1) ?? keys[0] ?? 'point', fixed };
}

/** "L = 7, N = 7, g = 0.1". */
export function describePoint(p: Record<string, number>): string {
  return Object.entries(p)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ');
}
