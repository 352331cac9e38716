/**
 * The whole outside path of a plugin author (issue 13), in a temporary folder with no parent
 * workspace, with real `npm install` (the npm registry for third-party packages; the @glassy
 * packages from the tarballs `glassy new model` packs into vendor/):
 *   generate → npm install → npm test fails naming the stubs → fill in FPUT-β → npm test and
 *   npx glassy verify --model fput-chain pass → a planted force bug (1.1 ×) fails verify.
 * Needs npm on PATH and the registry reachable (as `npm ci` does); fails, not skips, otherwise.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuiltCli, glassy, removeTempDirs, tempCwd, type Run } from './support/cli.js';
import { fillInFput } from './support/fput.js';

beforeAll(assertBuiltCli);
afterAll(removeTempDirs);

const NAME = 'fput-chain';

/** A command in `cwd` with an environment free of the outer npm / vitest run's variables. */
function sh(cwd: string, command: string, args: readonly string[], timeout: number): Promise<Run> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(npm_|VITEST|NX_)/i.test(k) && !['NODE_ENV', 'TEST', 'INIT_CWD', 'NODE_OPTIONS'].includes(k)),
  );
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env: { ...env, NO_COLOR: '1', CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'], timeout });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

describe('a plugin outside the repository, as its author makes it', () => {
  let dir = '';
  let correct = '';

  it('glassy new model writes a folder whose npm install works with no glassy on the registry', async () => {
    const root = tempCwd('glassy-outside-');
    // A real outside place: no package.json (no workspace) in any parent folder.
    for (let d = root; dirname(d) !== d; d = dirname(d)) expect(existsSync(join(d, 'package.json')), d).toBe(false);
    const r = await glassy(root, ['new', 'model', NAME], 60_000);
    expect(r.status, r.stderr).toBe(0);
    dir = join(root, NAME);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    for (const spec of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }).filter(([k]) => k.startsWith('@glassy/'))) {
      expect(spec[1]).toMatch(/^file:vendor\/glassy-[a-z]+-\d+\.\d+\.\d+\.tgz$/);
      expect(existsSync(join(dir, spec[1].slice('file:'.length))), spec[1]).toBe(true);
    }
    const install = await sh(dir, 'npm', ['install', '--no-audit', '--no-fund'], 300_000);
    expect(install.status, `npm install (needs the npm registry for zod, vitest, …):\n${install.stdout}${install.stderr}`).toBe(0);
    expect(existsSync(join(dir, 'node_modules/.bin/glassy'))).toBe(true);
  }, 330_000);

  it('npm test fails, naming the two stubs and the file to fill them in', async () => {
    const r = await sh(dir, 'npm', ['test'], 240_000);
    const out = r.stdout + r.stderr;
    expect(r.status, out).not.toBe(0);
    expect(out).toContain('fill in potential(q)');
    expect(out).toContain('fill in force(q, out)');
    expect(out).toContain(`${NAME}.js`);
  }, 250_000);

  it('filled in as the FPUT-β chain: npm test and npx glassy verify --model fput-chain pass', async () => {
    correct = fillInFput(readFileSync(join(dir, `${NAME}.js`), 'utf8'));
    writeFileSync(join(dir, `${NAME}.js`), correct);
    const test = await sh(dir, 'npm', ['test'], 240_000);
    expect(test.status, test.stdout + test.stderr).toBe(0);
    const verify = await sh(dir, 'npx', ['glassy', 'verify', '--model', NAME], 240_000);
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/\d+ pass.* OK/);
  }, 500_000);

  it('the CI gate (npm run gate, what the generated workflows run): green with a fresh baseline, with JUnit and the HTML report', async () => {
    const baseline = await sh(dir, 'npm', ['run', 'baseline'], 240_000);
    expect(baseline.status, baseline.stdout + baseline.stderr).toBe(0);
    expect(existsSync(join(dir, 'glassy-baseline.json'))).toBe(true);
    const gate = await sh(dir, 'npm', ['run', 'gate'], 240_000);
    expect(gate.status, gate.stdout + gate.stderr).toBe(0);
    expect(gate.stdout).toMatch(/Baseline glassy-baseline\.json: \d+ cells compared, 0 regressions/);
    expect(existsSync(join(dir, 'reports/junit.xml'))).toBe(true);
    expect(existsSync(join(dir, 'reports/html/index.html'))).toBe(true);
  }, 500_000);

  it('a planted force bug (1.1 × the gradient) fails npx glassy verify, naming derivative-consistency, and the gate', async () => {
    const bug = correct.replace('const f = r + g * r * r * r;', 'const f = 1.1 * (r + g * r * r * r);');
    expect(bug).not.toBe(correct);
    writeFileSync(join(dir, `${NAME}.js`), bug);
    const verify = await sh(dir, 'npx', ['glassy', 'verify', '--model', NAME], 240_000);
    expect(verify.status, verify.stdout + verify.stderr).toBe(1);
    expect(verify.stdout).toMatch(/FAIL fput-chain × \(model\) × derivative-consistency/);
    const gate = await sh(dir, 'npm', ['run', 'gate'], 240_000);
    expect(gate.status).not.toBe(0);
    expect(gate.stdout).toMatch(/REGRESSION fput-chain × \(model\) × derivative-consistency: verdict pass → fail/);
  }, 500_000);
});
