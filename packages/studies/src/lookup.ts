/**
 * Plugin ids given on the command line: an unknown id is answered like a misspelled flag, with
 * the closest known id, and the list of known ids keeps the negative controls apart.
 */
import { GlassyInputError } from '@glassy/contracts';

/** Levenshtein distance (ids are short: the plain O(nm) table is fine). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** The known id closest to `id`, if it is close enough to be a typo (at most a third of its length). */
export function closest(id: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = editDistance(id, k);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/** The plugin with this id, or a one-line GlassyInputError naming the flag, a suggestion and the known ids. */
export function lookupPlugin<T extends { id: string; control?: unknown }>(table: ReadonlyMap<string, T>, id: string, flag: string, kind: string): T {
  const found = table.get(id);
  if (found) return found;
  const all = [...table.values()];
  const ordinary = all.filter((p) => p.control === undefined).map((p) => p.id);
  const controls = all.filter((p) => p.control !== undefined).map((p) => p.id);
  const guess = closest(id, [...ordinary, ...controls]);
  throw new GlassyInputError(
    `${flag}: unknown ${kind} "${id}"${guess ? ` (did you mean "${guess}"?)` : ''}; known: ${ordinary.join(', ')}` +
      (controls.length > 0 ? `; negative controls: ${controls.join(', ')}` : ''),
  );
}
