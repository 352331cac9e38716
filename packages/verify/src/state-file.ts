/**
 * State files: JSON `{ "model", "params", "t", "q": [...], "p": [...] }` (rotor chain: q = θ,
 * p = ω), with optional `meta` written by `glassy simulate`. Validated with zod; NaN and
 * Infinity (not JSON, but written by hand or by other tools) are named as such.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { GlassyInputError } from '@glassy/contracts';

const finite = z.unknown().superRefine((v, ctx) => {
  if (typeof v === 'number' && Number.isFinite(v)) return;
  const got =
    v === null
      ? 'null (NaN or Infinity written by JSON.stringify?)'
      : typeof v === 'string'
        ? /^(-?Infinity|NaN)$/.test(v)
          ? v
          : `the string ${JSON.stringify(v)} (write numbers without quotes)`
        : typeof v;
  ctx.addIssue({ code: 'custom', message: `must be a finite number, got ${got}` });
}) as unknown as z.ZodNumber;

export const stateFileSchema = z.strictObject({
  model: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
  t: finite.default(0),
  q: z.array(finite).min(1),
  p: z.array(finite).min(1),
  meta: z.record(z.string(), z.unknown()).optional(),
});
export type StateFile = z.output<typeof stateFileSchema>;

/** Read and validate a state file; every problem is a GlassyInputError naming file and field. */
export function readStateFile(path: string): StateFile {
  if (!existsSync(path)) throw new GlassyInputError(`--init: file not found: ${path}`);
  if (!statSync(path).isFile()) throw new GlassyInputError(`--init: ${path} is not a file`);
  const text = readFileSync(path, 'utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    // Bare NaN / Infinity tokens: quote them so validation can name the field.
    const quoted = text.replace(/(?<=[[,:]\s*)(-?Infinity|NaN)(?=\s*[,\]}])/g, '"$1"');
    try {
      raw = JSON.parse(quoted);
    } catch {
      throw new GlassyInputError(`${path}: not valid JSON (${(e as Error).message})`);
    }
  }
  const r = stateFileSchema.safeParse(raw);
  if (r.success) return r.data;
  // q.7 is the JSON index; say which site it is (sites are numbered 1 … L, as in figures).
  const issues = r.error.issues.map((issue) => {
    const [head, index] = issue.path;
    const site = (head === 'q' || head === 'p') && typeof index === 'number' ? ` (site ${index + 1})` : '';
    return `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)'}${site}: ${issue.message}`;
  });
  throw new GlassyInputError(`${path}: ${issues.join('; ')}`);
}

export function stateFileJson(state: StateFile): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}
