/**
 * `glassy new model NAME [--dir D]` through the built CLI: the files it writes, refusing to
 * overwrite, bad names; then the scaffold used as its author would after `npm install` (the
 * packages are linked from this checkout into a node_modules next to it): `glassy verify` loads
 * the plugin through glassy.config.json and reports every stub, `vitest run` runs the spec and
 * fails with the stubs' messages, and once the stubs are filled in (a harmonic chain) both pass.
 * The id `scaffold-test-chain` is one no real model takes (a built-in with the same id would be
 * refused as a duplicate by `glassy verify`).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { VERSION } from '@glassy/studies';
import { assertBuiltCli, glassy, removeTempDirs, tempCwd, tree, type Run } from './support/cli.js';

beforeAll(assertBuiltCli);
afterAll(removeTempDirs);

const require = createRequire(import.meta.url);
const VERIFY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packageDir = (name: string, from: string): string => dirname(require.resolve(`${name}/package.json`, { paths: [from] }));

/** What `npm install` would give the scaffold: the packages of this checkout, linked. */
function linkDependencies(dir: string): void {
  mkdirSync(join(dir, 'node_modules/@glassy'), { recursive: true });
  symlinkSync(resolve(VERIFY_ROOT, '../contracts'), join(dir, 'node_modules/@glassy/contracts'));
  symlinkSync(VERIFY_ROOT, join(dir, 'node_modules/@glassy/verify'));
  symlinkSync(packageDir('zod', resolve(VERIFY_ROOT, '../contracts')), join(dir, 'node_modules/zod'));
  symlinkSync(packageDir('vitest', VERIFY_ROOT), join(dir, 'node_modules/vitest'));
}

/** `vitest run` in `cwd`, with an environment free of this (outer) vitest run's variables. */
function vitest(cwd: string): Promise<Run> {
  const bin = join(packageDir('vitest', VERIFY_ROOT), 'vitest.mjs');
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_ENV' && k !== 'TEST'));
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bin, 'run', '--color=false'], { cwd, env: { ...env, NO_COLOR: '1', CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** The two stubs of the generated module filled in: V = Σ q²/2 + g Σ (q_{x+1} − q_x)²/2, free ends. */
function fillInHarmonic(source: string): string {
  const potential = /^ *return todo\('potential\(q\).*\n/m;
  const force = /^ *todo\('force\(q, out\).*\n/m;
  expect(source).toMatch(potential);
  expect(source).toMatch(force);
  return source
    .replace(potential, '    let v = 0;\n    for (let x = 0; x < L; x++) v += 0.5 * q[x] * q[x];\n    for (let x = 0; x + 1 < L; x++) v += 0.5 * g * (q[x + 1] - q[x]) ** 2;\n    return v;\n')
    .replace(force, '    for (let x = 0; x < L; x++) out[x] = -q[x];\n    for (let x = 0; x + 1 < L; x++) {\n      const f = g * (q[x + 1] - q[x]);\n      out[x] += f;\n      out[x + 1] -= f;\n    }\n');
}

describe('glassy new model', () => {
  it('writes NAME/ with the plugin, glassy.config.json, the spec, package.json and README.md', async () => {
    const cwd = tempCwd('glassy-new-model-');
    const r = await glassy(cwd, ['new', 'model', 'scaffold-test-chain']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('created scaffold-test-chain/');
    expect(r.stdout).toContain('fill in potential(q) and force(q, out) in scaffold-test-chain.js');
    const vendor = ['contracts', 'integrators', 'linalg', 'models', 'observables', 'quantum', 'studies', 'verify'].map((p) => `scaffold-test-chain/vendor/glassy-${p}-${VERSION}.tgz`);
    const ci = ['.github', '.github/workflows', '.github/workflows/glassy.yml', '.gitlab-ci.yml', '.gitignore'].map((f) => `scaffold-test-chain/${f}`);
    expect(tree(cwd)).toEqual(['scaffold-test-chain', 'scaffold-test-chain/README.md', 'scaffold-test-chain/glassy.config.json', 'scaffold-test-chain/scaffold-test-chain.js', 'scaffold-test-chain/package.json', 'scaffold-test-chain/test', 'scaffold-test-chain/test/scaffold-test-chain.spec.js', 'scaffold-test-chain/vendor', ...vendor, ...ci].sort());
    const dir = join(cwd, 'scaffold-test-chain');
    expect(JSON.parse(readFileSync(join(dir, 'glassy.config.json'), 'utf8'))).toEqual({ plugins: ['./scaffold-test-chain.js'] });
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: 'scaffold-test-chain', type: 'module', main: './scaffold-test-chain.js', scripts: { test: 'vitest run' } });
    // The @glassy packages are not on the registry: tarballs of this checkout, every one direct
    // (so @glassy/verify's ranges on the others resolve to them); outside.test.ts installs them.
    const tgz = (p: string) => `file:vendor/glassy-${p}-${VERSION}.tgz`;
    expect(pkg.dependencies).toEqual({ '@glassy/contracts': tgz('contracts'), zod: '^4.1.0' });
    expect(pkg.devDependencies).toEqual({ '@glassy/linalg': tgz('linalg'), '@glassy/models': tgz('models'), '@glassy/quantum': tgz('quantum'), '@glassy/integrators': tgz('integrators'), '@glassy/observables': tgz('observables'), '@glassy/studies': tgz('studies'), '@glassy/verify': tgz('verify'), vitest: '^4.1.0' });
    const plugin = readFileSync(join(dir, 'scaffold-test-chain.js'), 'utf8');
    for (const line of [
      "import { defineModel } from '@glassy/contracts';",
      'export const scaffoldTestChainParams = z.object({',
      'export function createScaffoldTestChain(params) {',
      'export const scaffoldTestChain = defineModel({',
      "  id: 'scaffold-test-chain',",
      'export default scaffoldTestChain;',
    ]) {
      expect(plugin.split('\n'), line).toContain(line);
    }
    for (const capability of ['// scaling: {', '// decoupled: {', '// disorder: {', '// gibbs: {', '// subFlows: [']) expect(plugin).toContain(capability);
    const spec = readFileSync(join(dir, 'test/scaffold-test-chain.spec.js'), 'utf8');
    expect(spec).toContain("import { verifyPlugin } from '@glassy/verify/testing';");
    expect(spec).toContain('verifyPlugin(scaffoldTestChain);');
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('## Capabilities');
  });

  it('writes a CI gate for GitHub Actions and GitLab CI (valid YAML): tests, verify with JUnit, HTML and the baseline; the README says how it works', async () => {
    const cwd = tempCwd('glassy-new-model-ci-');
    expect((await glassy(cwd, ['new', 'model', 'scaffold-test-chain', '--registry'])).status).toBe(0);
    const dir = join(cwd, 'scaffold-test-chain');
    const verify = 'npx glassy verify --model scaffold-test-chain --junit reports/junit.xml --html reports/html $baseline';
    const gh = parseYaml(readFileSync(join(dir, '.github/workflows/glassy.yml'), 'utf8')) as { on: string[]; jobs: { verify: { steps: { run?: string; uses?: string; with?: Record<string, unknown> }[] } } };
    expect(gh.on).toEqual(['push', 'pull_request']);
    const steps = gh.jobs.verify.steps;
    const gate = steps.find((x) => x.run?.includes('npx glassy verify'))!.run!.trimEnd().split('\n');
    expect(gate).toEqual(['npm test', expect.stringContaining('--baseline glassy-baseline.json'), verify]);
    expect(steps.find((x) => x.uses?.startsWith('actions/upload-artifact'))?.with).toMatchObject({ path: 'reports/' });
    const gl = parseYaml(readFileSync(join(dir, '.gitlab-ci.yml'), 'utf8')) as { glassy: { script: string[]; artifacts: { reports: { junit: string } } } };
    expect(gl.glassy.script.slice(1)).toEqual(gate);
    expect(gl.glassy.artifacts.reports.junit).toBe('reports/junit.xml');
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.scripts.baseline).toBe('glassy verify --model scaffold-test-chain --save-baseline glassy-baseline.json');
    expect(pkg.scripts.gate).toBe(gate.slice(1).join('; '));
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(readme).toContain('## The CI gate');
    expect(readme).toContain('npm run baseline');
  });

  it('--registry: version ranges for when the packages are published, and no vendor/', async () => {
    const cwd = tempCwd('glassy-new-model-registry-');
    const r = await glassy(cwd, ['new', 'model', 'scaffold-test-chain', '--registry']);
    expect(r.status, r.stderr).toBe(0);
    const pkg = JSON.parse(readFileSync(join(cwd, 'scaffold-test-chain/package.json'), 'utf8'));
    expect(pkg.dependencies).toEqual({ '@glassy/contracts': `^${VERSION}`, zod: '^4.1.0' });
    expect(pkg.devDependencies).toEqual({ '@glassy/verify': `^${VERSION}`, vitest: '^4.1.0' });
    expect(tree(cwd).some((f) => f.includes('vendor'))).toBe(false);
  });

  it('--dir D writes D/NAME/, creating D', async () => {
    const cwd = tempCwd('glassy-new-model-dir-');
    const r = await glassy(cwd, ['new', 'model', 'quartic-chain', '--dir', 'plugins/models']);
    expect(r.status, r.stderr).toBe(0);
    expect(tree(join(cwd, 'plugins/models/quartic-chain'))).toContain('quartic-chain.js');
    expect(readFileSync(join(cwd, 'plugins/models/quartic-chain/quartic-chain.js'), 'utf8')).toContain('export const quarticChain = defineModel({');
  });

  it('refuses to overwrite an existing directory: exit 2, one line, nothing touched', async () => {
    const cwd = tempCwd('glassy-new-model-exists-');
    mkdirSync(join(cwd, 'out/scaffold-test-chain'), { recursive: true });
    writeFileSync(join(cwd, 'out/scaffold-test-chain/mine.txt'), 'keep');
    const r = await glassy(cwd, ['new', 'model', 'scaffold-test-chain', '--dir', 'out']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`glassy: --dir: ${join(cwd, 'out/scaffold-test-chain')} already exists; refusing to overwrite it\n`);
    expect(tree(join(cwd, 'out'))).toEqual(['scaffold-test-chain', 'scaffold-test-chain/mine.txt']);
    const file = join(cwd, 'a-file');
    writeFileSync(file, '');
    const notDir = await glassy(cwd, ['new', 'model', 'scaffold-test-chain', '--dir', 'a-file']);
    expect(notDir.status).toBe(2);
    expect(notDir.stderr).toBe(`glassy: --dir: ${file} is not a directory\n`);
  });

  it.each([
    ['My_Chain', 'must be kebab-case'],
    ['my--chain', 'must be kebab-case'],
    ['2-chain', 'must be kebab-case'],
    ['new', 'reserved word'],
  ])('refuses the name %j: exit 2, one line', async (name, problem) => {
    const cwd = tempCwd('glassy-new-model-name-');
    const r = await glassy(cwd, ['new', 'model', name]);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr).toMatch(new RegExp(`^glassy: NAME "${name}": .*${problem}`));
    expect(tree(cwd)).toEqual([]);
  });

  it('without NAME: exit 2, one line', async () => {
    const r = await glassy(tempCwd('glassy-new-model-none-'), ['new', 'model']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("glassy: missing required argument 'name'\n");
  });
});

describe('the scaffold, as its author uses it', () => {
  const root = tempCwd('glassy-new-model-use-');
  const dir = join(root, 'scaffold-test-chain');
  beforeAll(async () => {
    const r = await glassy(root, ['new', 'model', 'scaffold-test-chain']);
    expect(r.status, r.stderr).toBe(0);
    linkDependencies(root);
  });

  it('glassy list and glassy verify load it through glassy.config.json; verify reports every stub (exit 1, no crash)', async () => {
    const list = await glassy(dir, ['list']);
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toContain('scaffold-test-chain');
    const r = await glassy(dir, ['verify', '--model', 'scaffold-test-chain']);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('internal error');
    expect(r.stdout).toMatch(/scaffold-test-chain × stormer-verlet\s+ERROR/);
    expect(r.stdout).toContain(`ERROR scaffold-test-chain × stormer-verlet × energy-conservation`);
    expect(r.stdout).toContain(`scaffold-test-chain: fill in potential(q) — the potential energy V(q) — in ${join(dir, 'scaffold-test-chain.js')}`);
    expect(r.stdout).toContain(`scaffold-test-chain: fill in force(q, out) — out[x] = −∂V/∂q_x, written into out without allocating — in ${join(dir, 'scaffold-test-chain.js')}`);
    expect(r.stdout).toMatch(/0 pass, .* \d+ error — FAILED/);
  });

  it('vitest run: the spec fails with the stubs\' messages; filled in, vitest and glassy verify pass', async () => {
    const unfilled = await vitest(dir);
    expect(unfilled.status, unfilled.stdout + unfilled.stderr).toBe(1);
    const out = unfilled.stdout + unfilled.stderr;
    expect(out).toContain('stormer-verlet × energy-conservation');
    expect(out).toContain('scaffold-test-chain: fill in potential(q) — the potential energy V(q) —');
    expect(out).toContain('scaffold-test-chain: fill in force(q, out)');
    expect(out).toMatch(/Tests\s+\d+ failed \| \d+ passed \| \d+ skipped/);

    writeFileSync(join(dir, 'scaffold-test-chain.js'), fillInHarmonic(readFileSync(join(dir, 'scaffold-test-chain.js'), 'utf8')));
    const filled = await vitest(dir);
    expect(filled.status, filled.stdout + filled.stderr).toBe(0);
    expect(filled.stdout).toMatch(/Tests\s+\d+ passed \| \d+ skipped/);
    const r = await glassy(dir, ['verify', '--model', 'scaffold-test-chain']);
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/\d+ pass, 0 expected-fail, \d+ n\.a\. — OK/);
  }, 300_000);
});
