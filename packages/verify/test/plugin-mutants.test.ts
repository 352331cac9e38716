/**
 * Verification power on a plugin as its author makes it: `glassy new model` (built CLI), filled
 * in with the FPUT-β chain V = Σ r²/2 + g r⁴/4 (r = q_{x+1} − q_x, free ends), then one bug
 * at a time. The correct plugin must pass `glassy verify --model NAME`; each mutant must fail
 * it with a cell that names the cause; a run still going after 2 minutes is killed and fails.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuiltCli, glassy, removeTempDirs, tempCwd } from './support/cli.js';
import { fillInFput } from './support/fput.js';

beforeAll(assertBuiltCli);
afterAll(removeTempDirs);

const NAME = 'fput-mutant-chain';
const require = createRequire(import.meta.url);
const VERIFY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Mutant {
  readonly id: string;
  /** Text replaced in the correct plugin, and its replacement. */
  readonly from: string;
  readonly to: string;
  /** What the failing cells must say. */
  readonly cause: RegExp;
}

const MUTANTS: readonly Mutant[] = [
  { id: 'force 1.1 × its gradient', from: 'const f = r + g * r * r * r;', to: 'const f = 1.1 * (r + g * r * r * r);', cause: /derivative-consistency.*DISAGREE: .*force\(q\)/ },
  { id: 'velocity 1.02 p', from: '  out.set(p);', to: '  for (let i = 0; i < p.length; i++) out[i] = 1.02 * p[i];', cause: /derivative-consistency.*DISAGREE: velocity\(p\)/ },
  { id: 'quartic force 1.1 ×', from: 'const f = r + g * r * r * r;', to: 'const f = r + 1.1 * g * r * r * r;', cause: /derivative-consistency.*DISAGREE: .*force\(q\)/ },
  { id: "the potential's quartic term halved", from: 'v += 0.5 * r * r + 0.25 * g * r * r * r * r;', to: 'v += 0.5 * r * r + 0.125 * g * r * r * r * r;', cause: /derivative-consistency.*DISAGREE: .*force\(q\)/ },
  { id: 'a dropped boundary bond', from: 'for (let x = 0; x + 1 < L; x++) {\n      const r = q[x + 1] - q[x];\n      const f', to: 'for (let x = 0; x + 1 < L - 1; x++) {\n      const r = q[x + 1] - q[x];\n      const f', cause: /derivative-consistency.*DISAGREE: .*force\(q\)/ },
  { id: 'an extra boundary bond', from: '      out[x + 1] -= f;\n    }\n', to: '      out[x + 1] -= f;\n    }\n    out[0] -= q[0];\n', cause: /derivative-consistency.*DISAGREE: .*force\(q\)/ },
  { id: 'a sign slip that makes V unbounded below', from: 'const f = r + g * r * r * r;', to: 'const f = r - g * r * r * r;', cause: /state ran away|became non-finite/ },
];

let template = '';
let root = '';

beforeAll(async () => {
  root = tempCwd('glassy-mutants-');
  const r = await glassy(root, ['new', 'model', NAME]);
  expect(r.status, r.stderr).toBe(0);
  template = fillInFput(readFileSync(join(root, NAME, `${NAME}.js`), 'utf8'));
  // Every mutant's text must be found in the correct plugin, exactly once.
  for (const m of MUTANTS) expect(template.split(m.from).length - 1, m.id).toBe(1);
}, 60_000);

/** A copy of the generated folder holding `source`, with the packages of this checkout linked. */
function pluginDir(label: string, source: string): string {
  const dir = join(root, label);
  mkdirSync(join(dir, 'node_modules/@glassy'), { recursive: true });
  symlinkSync(resolve(VERIFY_ROOT, '../contracts'), join(dir, 'node_modules/@glassy/contracts'));
  symlinkSync(dirname(require.resolve('zod/package.json', { paths: [resolve(VERIFY_ROOT, '../contracts')] })), join(dir, 'node_modules/zod'));
  writeFileSync(join(dir, 'glassy.config.json'), readFileSync(join(root, NAME, 'glassy.config.json')));
  writeFileSync(join(dir, `${NAME}.js`), source);
  return dir;
}

describe(`a plugin from glassy new model, filled in as the FPUT-β chain`, () => {
  it('passes glassy verify when it is right', async () => {
    const dir = pluginDir('correct', template);
    const r = await glassy(dir, ['verify', '--model', NAME, '--json', 'report.json'], 120_000);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { cells: { status: string; check: string }[] };
    const ran = report.cells.filter((c) => c.status !== 'n.a.');
    expect(ran.every((c) => c.status === 'pass')).toBe(true);
    expect(ran.map((c) => c.check)).toEqual(expect.arrayContaining(['derivative-consistency', 'energy-error-order', 'energy-conservation', 'thermostat']));
  }, 150_000);

  it.each(MUTANTS.map((m, i) => [m.id, i] as const))('fails glassy verify, naming the cause, with %s', async (_id, i) => {
    const m = MUTANTS[i]!;
    const dir = pluginDir(`mutant-${i}`, template.replace(m.from, m.to));
    // Killed (and the test failed) past 2 minutes: a hang cannot pass.
    const r = await glassy(dir, ['verify', '--model', NAME], 120_000);
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/FAILED/);
    const problems = r.stdout.slice(r.stdout.indexOf('Problems:'));
    expect(problems).toMatch(m.cause);
  }, 150_000);

  it('prints, for every failing cell, the command that replays it, and that command gives the same cell', async () => {
    const m = MUTANTS[0]!;
    const dir = pluginDir('replay', template.replace(m.from, m.to));
    const r = await glassy(dir, ['verify', '--model', NAME, '--seed', '7'], 120_000);
    expect(r.status).toBe(1);
    const line = /^ {2}FAIL (\S+) × (\S+) × (\S+) \(cell seed (\d+) from --seed 7\): (.*)\n {4}replay: glassy (verify .*)$/m.exec(r.stdout);
    expect(line, r.stdout).not.toBeNull();
    const [, model, integrator, check, cellSeed, explanation, command] = line!;
    expect(command).toBe(`verify --model ${model}${integrator === '(model)' ? '' : ` --integrator ${integrator}`} --check ${check} --seed 7 --verbose`);
    const again = await glassy(dir, command!.split(' '), 120_000);
    expect(again.stdout).toContain(`FAIL ${model} × ${integrator} × ${check} (cell seed ${cellSeed} from --seed 7): ${explanation}`);
  }, 150_000);
});
