/**
 * The project's physics documentation, docs/physics.md, is the one the code cites: every
 * "docs/physics.md §N" in the repository names a section that exists, no citation points at a
 * physics.md outside the repository, and §7 describes every registered check and negative
 * control (so adding one without documenting it fails here).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Registry } from '../src/index.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const DOC = readFileSync(join(ROOT, 'docs/physics.md'), 'utf8');
const SKIP = new Set(['node_modules', 'dist', '.git', '.nx', '.stryker-tmp', 'reports', 'coverage', 'results']);
const TEXT = /\.(ts|js|mjs|cjs|md|c|h|py|template|json)$/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : TEXT.test(name) ? [path] : [];
  });
}

const sections = new Set([...DOC.matchAll(/^## (\d+)\. /gm)].map((m) => m[1]!));

/** Section of docs/physics.md for each §N following the citation, e.g. "§1, §6". */
function citations(): { file: string; section: string }[] {
  const out: { file: string; section: string }[] = [];
  for (const path of files(ROOT)) {
    const text = readFileSync(path, 'utf8');
    for (const m of text.matchAll(/docs\/physics\.md ((?:§\d+(?:, )?)+)/g)) {
      for (const s of m[1]!.matchAll(/§(\d+)/g)) out.push({ file: relative(ROOT, path), section: s[1]! });
    }
  }
  return out;
}

describe('docs/physics.md', () => {
  it('has the numbered sections the code cites, and the code cites it', () => {
    expect([...sections]).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const cited = citations();
    expect(cited.length).toBeGreaterThan(30);
    expect(cited.filter((c) => !sections.has(c.section))).toEqual([]);
  });

  it('is the only physics.md cited: no citation of a file outside the repository', () => {
    const stray: string[] = [];
    for (const path of files(ROOT)) {
      if (['docs/physics.md', 'packages/verify/test/docs.test.ts'].includes(relative(ROOT, path))) continue;
      const text = readFileSync(path, 'utf8');
      for (const m of text.matchAll(/(\S*)physics\.md/g)) if (!m[1]!.endsWith('docs/') && !m[1]!.endsWith('`docs/')) stray.push(`${relative(ROOT, path)}: ${m[0]}`);
    }
    expect(stray).toEqual([]);
  });

  it('§7 describes every registered check and every negative control', () => {
    const section7 = DOC.slice(DOC.indexOf('## 7. '), DOC.indexOf('## 8. '));
    const registry = Registry.builtin();
    const missing = [...registry.checks.keys(), ...registry.quantumChecks.keys(), ...[...registry.models.values(), ...registry.quantumModels.values(), ...registry.integrators.values()].filter((p) => p.control).map((p) => p.id)].filter(
      (id) => !section7.includes(`\`${id}\``),
    );
    expect(missing).toEqual([]);
  });

  it('glassy list says the level each φ-trend check uses (0.75 quick, 0.9 full)', () => {
    const registry = Registry.builtin();
    expect(registry.checks.get('phi-t0-trend')!.purpose).toContain('φ reaches 0.75');
    expect(registry.checks.get('phi-t0-trend-full')!.purpose).toContain('φ reaches 0.9');
  });
});
