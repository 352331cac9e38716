/**
 * The unfilled model template through `planPluginCells` (what `verifyPlugin` declares as tests):
 * the manifest is valid and the instance builds, and every applicable cell fails with the
 * stub's own error, which says what to fill in and where. The template is the one
 * `glassy new model` writes (src/cli/new-model.ts), loaded from a temporary directory.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelPlugin } from '@glassy/contracts';
import { renderModelFiles } from '../src/cli/new-model.js';
import { planPluginCells, type PluginPlan } from '../src/testing.js';

const require = createRequire(import.meta.url);
const CONTRACTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../contracts');

describe('the unfilled model template', () => {
  const dir = mkdtempSync(join(tmpdir(), 'glassy-template-'));
  let file = '';
  let plan: PluginPlan;
  beforeAll(async () => {
    for (const [name, text] of Object.entries(renderModelFiles('scaffold-test-chain'))) {
      mkdirSync(dirname(join(dir, 'scaffold-test-chain', name)), { recursive: true });
      writeFileSync(join(dir, 'scaffold-test-chain', name), text);
    }
    mkdirSync(join(dir, 'node_modules/@glassy'), { recursive: true });
    symlinkSync(dirname(require.resolve('zod/package.json', { paths: [CONTRACTS] })), join(dir, 'node_modules/zod'));
    symlinkSync(CONTRACTS, join(dir, 'node_modules/@glassy/contracts'));
    file = join(dir, 'scaffold-test-chain/scaffold-test-chain.js');
    const model = ((await import(pathToFileURL(file).href)) as { default: ModelPlugin }).default;
    plan = planPluginCells(model);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has a valid manifest and builds an instance', () => {
    for (const s of plan.setup) expect(() => s.run(), s.name).not.toThrow();
  });

  it('fails every applicable cell with the stub\'s message: what to fill in, and where', () => {
    const cells = plan.cells.filter((c) => c.skip === undefined);
    expect(cells.length).toBeGreaterThan(10);
    const messages = cells.map((c) => {
      try {
        c.run();
        return `${c.name}: did not throw`;
      } catch (e) {
        return (e as Error).message;
      }
    });
    for (const m of messages) expect(m).toMatch(new RegExp(`^scaffold-test-chain: fill in (potential\\(q\\)|force\\(q, out\\)) .* in ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    // H is evaluated first where the check measures energy: those cells ask for the potential.
    const energy = cells.filter((c) => c.check === 'energy-conservation');
    expect(energy.length).toBeGreaterThan(0);
    for (const c of energy) expect(() => c.run()).toThrow(`scaffold-test-chain: fill in potential(q) — the potential energy V(q) — in ${file}`);
    expect(messages.filter((m) => m.includes('fill in potential')).length).toBeGreaterThan(0);
  });
});
