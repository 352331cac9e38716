/**
 * `--config FILE` resolves the plugin paths in FILE from FILE's own folder, not from the working
 * directory (issue 22): a config kept in a sub-folder works from anywhere.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuiltCli, glassy, removeTempDirs, tempCwd } from './support/cli.js';

beforeAll(assertBuiltCli);
afterAll(removeTempDirs);

const FIXTURE = resolve(import.meta.dirname, 'fixtures/harmonic-chain-plugin.mjs');

describe('glassy --config', () => {
  it('resolves relative plugin paths against the folder of the config file', async () => {
    const cwd = tempCwd('glassy-config-');
    const sub = join(cwd, 'conf', 'deep');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'glassy.config.json'), JSON.stringify({ plugins: [relative(sub, FIXTURE)] }));
    const r = await glassy(cwd, ['--config', 'conf/deep/glassy.config.json', 'list']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('harmonic-ring-fixture');
  });
});
