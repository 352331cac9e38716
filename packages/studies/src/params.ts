/** Model parameters from `--set KEY=VALUE` pairs, validated against the model's zod schema. */
import { GlassyInputError, type ModelPlugin } from '@glassy/contracts';

/** KEY=VALUE with VALUE parsed as JSON when it can be (numbers, booleans), else as a string. */
export function parseSetPairs(pairs: readonly string[], flag = '--set'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new GlassyInputError(`${flag} ${pair}: expected KEY=VALUE`);
    const key = pair.slice(0, eq).trim();
    const text = pair.slice(eq + 1).trim();
    let value: unknown = text;
    if (text === '') throw new GlassyInputError(`${flag} ${key}: empty value`);
    try {
      value = JSON.parse(text);
    } catch {
      if (/^[+-]?(NaN|Infinity)$/.test(text)) value = Number(text);
    }
    if (Object.hasOwn(out, key)) throw new GlassyInputError(`${flag} ${key}: given twice (${JSON.stringify(out[key])} and ${JSON.stringify(value)}); give each parameter once`);
    out[key] = value;
  }
  return out;
}

/** The parameter names a model's schema knows, when it is an object schema. */
export function knownParams(model: ModelPlugin): string[] | undefined {
  const shape = (model.params as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : undefined;
}

/** Validate parameters for a model: unknown names are refused, the rest goes through zod. */
/** `where` prefixes the field name in messages: "--set " or "state.json: params.". */
export function resolveParams(model: ModelPlugin, given: Record<string, unknown>, where = '--set '): Record<string, unknown> {
  const known = knownParams(model);
  if (known) {
    for (const key of Object.keys(given)) {
      if (!known.includes(key)) {
        throw new GlassyInputError(`${where}${key}: unknown parameter of model "${model.id}" (known: ${known.join(', ')})`);
      }
    }
  }
  const r = model.params.safeParse(given);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = issue.path.map(String).join('.') || '(parameters)';
    throw new GlassyInputError(`${where}${field}: ${issue.message} (model "${model.id}")`);
  }
  return r.data;
}
