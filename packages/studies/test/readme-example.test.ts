/**
 * The README's "Studies as library code" example, run as written (its import resolved to this
 * package's build): it writes the study's files and prints the report the CLI would.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const README = readFileSync(resolve(import.meta.dirname, '../../../README.md'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'glassy-readme-study-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('runs the phi study from code and writes its files', () => {
  const section = README.slice(README.indexOf('### Studies as library code'));
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  expect(code, 'a js block in the section').toBeDefined();
  const entry = pathToFileURL(resolve(import.meta.dirname, '../dist/index.js')).href;
  writeFileSync(join(dir, 'example.mjs'), code!.replace("from '@glassy/studies'", `from '${entry}'`));
  const r = spawnSync(process.execPath, ['example.mjs'], { cwd: dir, encoding: 'utf8', timeout: 240_000 });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/^g = 1: t0 = /m);
  for (const f of ['summary.json', 'phi.h5', 'fig2a.svg']) expect(existsSync(join(dir, 'phi-run', f)), f).toBe(true);
});
