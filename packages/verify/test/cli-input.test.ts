/**
 * The built `glassy` CLI on bad input, and its list/help/plugin surface.
 *
 * Every bad-input case must: exit 2; print exactly one non-empty stderr line starting with
 * "glassy: " that names the offending flag / field / plugin; print no stack trace and nothing on
 * stdout; and leave the working directory exactly as it was (no output, partial or temp file).
 *
 * These tests spawn packages/verify/dist/cli/main.js: build first
 * (`npx nx run @glassy/verify:build`; the Nx `test` target depends on it).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it, type ExpectStatic } from 'vitest';
import { assertBuiltCli, glassy, removeTempDirs, tempCwd as makeTempCwd, tree } from './support/cli.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const HARMONIC_PLUGIN = resolve(HERE, 'fixtures/harmonic-chain-plugin.mjs');
const HARMONIC_ID = 'harmonic-ring-fixture';

// ------------------------------------------------------------------ helpers

const tempCwd = () => makeTempCwd('glassy-cli-input-');

beforeAll(assertBuiltCli);
afterAll(removeTempDirs);

// ------------------------------------------------------------------ bad input

/** A state file for the rotor chain at L = 4 (q = θ, p = ω), as text, with `q` and `p` spliced in raw. */
const rotorState = (q: string, p = '[0, 0.1, -0.1, 0]', extra = '') =>
  `{ "model": "rotor-chain", "params": { "L": 4, "g": 0.5 }, "t": 0, "q": ${q}, "p": ${p}${extra} }\n`;

const SIM = ['simulate', '--model', 'rotor-chain', '--integrator', 'yoshida4', '--dt', '0.1', '--t-end', '1', '--out', 'out.json'];
/** SIM with one flag's value replaced (or the flag removed when value is undefined). */
function sim(flag: string, value: string | undefined, ...more: string[]): string[] {
  const args = [...SIM];
  const i = args.indexOf(flag);
  if (i >= 0) args.splice(i, 2, ...(value === undefined ? [] : [flag, value]));
  else if (value !== undefined) args.push(flag, value);
  return [...args, ...more];
}
/** verify with report files requested, so the test sees that none is written. */
const VERIFY = (...args: string[]) => ['verify', ...args, '--json', 'report.json', '--junit', 'junit.xml'];

interface BadCase {
  readonly name: string;
  readonly args: readonly string[];
  /** Files written into the temp cwd before the run (name → content). */
  readonly files?: Readonly<Record<string, string>>;
  /** Directories created in the temp cwd before the run. */
  readonly dirs?: readonly string[];
  /** Substrings the one stderr line must contain (the offending flag / field / plugin). */
  readonly names: readonly string[];
  /**
   * Set while the CLI is known to get this case wrong (see the test report): the case then runs
   * as `it.fails`. Remove the flag once the CLI is fixed — vitest will say so.
   */
  readonly knownBug?: string;
}

const BAD_PLUGIN = `// params missing: the manifest must be refused naming the plugin id and the field
export default {
  type: 'model',
  kind: 'hamiltonian',
  id: 'my-model',
  title: 'x',
  equation: '(1)',
  description: 'x',
  create: () => ({}),
  verification: { params: {}, dt: 0.1, qScale: 1, pScale: 1 },
};
`;

const config = (...plugins: string[]) => `${JSON.stringify({ plugins })}\n`;

const badCases: BadCase[] = [
  // ---- issue 22: ids answered like flags, parameters given once, strings in state files
  { name: 'simulate: misspelled model id gets "did you mean"', args: sim('--model', 'rotor-chian'), names: ['--model', '"rotor-chian"', 'did you mean "rotor-chain"', 'negative controls:'] },
  { name: 'verify: misspelled check id gets "did you mean"', args: VERIFY('--check', 'symplecticty'), names: ['--check', 'did you mean "symplecticity"'] },
  { name: 'simulate: a parameter given twice', args: sim('--set', 'L=8', '--set', 'L=16'), names: ['--set L', 'given twice'] },
  { name: 'simulate: --integrator-set for an integrator without parameters', args: sim('--integrator-set', 'beta=2'), names: ['--integrator-set', 'takes no parameters'] },
  { name: 'simulate: a bad stochastic-integrator parameter', args: sim('--integrator', 'langevin-baoab', '--integrator-set', 'beta=-1'), names: ['--integrator-set beta'] },
  {
    name: 'state file: a number written as a string',
    args: sim('--init', 'str.json'),
    files: { 'str.json': rotorState('[0, "0.3", 0.2, 0.3]') },
    names: ['str.json', 'q.1 (site 2)', 'the string "0.3"', 'without quotes'],
  },
  // ---- simulate: flags
  { name: 'simulate: unknown model', args: sim('--model', 'nope'), names: ['--model', '"nope"', 'unknown model'] },
  { name: 'simulate: unknown integrator', args: sim('--integrator', 'nope'), names: ['--integrator', '"nope"'] },
  { name: 'simulate: unknown parameter', args: sim('--set', 'foo=1'), names: ['--set foo', 'unknown parameter'] },
  { name: 'simulate: parameter of wrong type', args: sim('--set', 'g=abc'), names: ['--set g', 'expected number'] },
  { name: 'simulate: parameter out of range', args: sim('--set', 'L=2'), names: ['--set L'] },
  { name: 'simulate: --set without =', args: sim('--set', 'g'), names: ['--set g', 'KEY=VALUE'] },
  { name: 'simulate: --set with empty value', args: sim('--set', 'g='), names: ['--set g', 'empty'] },
  { name: 'simulate: --dt 0', args: sim('--dt', '0'), names: ['--dt', '> 0'] },
  { name: 'simulate: --dt -1', args: sim('--dt', '-1'), names: ['--dt', '> 0'] },
  { name: 'simulate: --dt not a number', args: sim('--dt', 'abc'), names: ['--dt', '"abc"'] },
  { name: 'simulate: --dt missing', args: sim('--dt', undefined), names: ['--dt', 'required'] },
  { name: 'simulate: --t-end negative', args: sim('--t-end', '-1'), names: ['--t-end', '≥ 0'] },
  { name: 'simulate: --t-end not a multiple of --dt', args: sim('--t-end', '1.05'), names: ['--t-end', '1.05', 'whole number of steps'] },
  { name: 'simulate: --out missing', args: sim('--out', undefined), names: ['--out', 'required'] },
  { name: 'simulate: negative --seed', args: sim('--seed', '-3'), names: ['--seed'] },
  {
    name: 'simulate: non-integer --seed',
    args: sim('--seed', '1.5'),
    names: ['--seed', 'integer'],
  },
  { name: 'simulate: unknown option', args: sim('--frobnicate', '1'), names: ['--frobnicate'] },
  {
    name: 'simulate: --dt Infinity',
    args: sim('--dt', 'Infinity'),
    names: ['--dt', 'finite'],
  },
  {
    name: 'simulate: --t-end 1e400 (overflows to Infinity)',
    args: sim('--t-end', '1e400'),
    names: ['--t-end', 'finite'],
  },

  // ---- simulate: state files (--init)
  { name: 'state file: missing --init file', args: sim('--init', 'missing.json'), names: ['--init', 'missing.json', 'not found'] },
  {
    name: 'state file: not JSON',
    args: sim('--init', 'bad.json'),
    files: { 'bad.json': '{ "model": "rotor-chain", "q": [0, ' },
    names: ['bad.json', 'not valid JSON'],
  },
  {
    name: 'state file: bare NaN in q',
    args: sim('--init', 'nan.json'),
    files: { 'nan.json': rotorState('[0, NaN, 0.2, 0.3]') },
    names: ['nan.json', 'q.1', 'NaN'],
  },
  {
    name: 'state file: null in q (NaN written by JSON.stringify)',
    args: sim('--init', 'null.json'),
    files: { 'null.json': rotorState('[0, null, 0.2, 0.3]') },
    names: ['null.json', 'q.1', 'null'],
  },
  {
    name: 'state file: -Infinity in p',
    args: sim('--init', 'inf.json'),
    files: { 'inf.json': rotorState('[0, 0, 0, 0]', '[0, 0, -Infinity, 0]') },
    names: ['inf.json', 'p.2', 'Infinity'],
  },
  {
    name: 'state file: wrong array length',
    args: sim('--init', 'short.json'),
    files: { 'short.json': rotorState('[0, 0.1, 0.2]') },
    names: ['short.json', 'q', 'expected 4', 'got 3'],
  },
  {
    name: 'state file: length does not match --set L',
    args: sim('--init', 'l4.json', '--set', 'L=5'),
    files: { 'l4.json': rotorState('[0, 0.1, 0.2, 0.3]') },
    names: ['l4.json', 'q', 'expected 5', 'got 4'],
  },
  {
    name: 'state file: for another model',
    args: sim('--init', 'anh.json'),
    files: { 'anh.json': '{ "model": "anharmonic-chain", "params": { "L": 4 }, "q": [0, 0, 0, 0], "p": [0, 0, 0, 0] }\n' },
    names: ['anh.json', 'model', '"anharmonic-chain"'],
  },
  {
    name: 'state file: unknown parameter',
    args: sim('--init', 'foo.json'),
    files: { 'foo.json': '{ "model": "rotor-chain", "params": { "L": 4, "foo": 1 }, "q": [0, 0, 0, 0], "p": [0, 0, 0, 0] }\n' },
    names: ['foo.json', 'params.foo', 'unknown parameter'],
  },
  {
    name: 'state file: parameter of wrong type',
    args: sim('--init', 'gstr.json'),
    files: { 'gstr.json': '{ "model": "rotor-chain", "params": { "L": 4, "g": "big" }, "q": [0, 0, 0, 0], "p": [0, 0, 0, 0] }\n' },
    names: ['gstr.json', 'params.g'],
  },
  {
    name: 'state file: unknown top-level key',
    args: sim('--init', 'extra.json'),
    files: { 'extra.json': rotorState('[0, 0, 0, 0]', '[0, 0, 0, 0]', ', "extra": 1') },
    names: ['extra.json', '"extra"'],
  },
  {
    name: 'state file: null document',
    args: sim('--init', 'nulldoc.json'),
    files: { 'nulldoc.json': 'null\n' },
    names: ['nulldoc.json'],
  },
  {
    name: 'state file: non-finite t',
    args: sim('--init', 'tnan.json'),
    files: { 'tnan.json': '{ "model": "rotor-chain", "params": { "L": 4 }, "t": NaN, "q": [0, 0, 0, 0], "p": [0, 0, 0, 0] }\n' },
    names: ['tnan.json', 't:', 'NaN'],
  },
  {
    name: 'state file: --init is a directory',
    args: sim('--init', 'init-dir'),
    dirs: ['init-dir'],
    names: ['init-dir'],
  },
  {
    name: 'simulate: --out is a directory',
    args: sim('--out', 'out-dir', '--set', 'L=4'),
    dirs: ['out-dir'],
    names: ['out-dir'],
  },

  // ---- verify
  { name: 'verify: unknown --tier value', args: VERIFY('--tier', 'medium'), names: ['--tier', '"quick"', '"full"'] },
  { name: 'verify: unknown option', args: VERIFY('--frobnicate'), names: ['--frobnicate'] },
  { name: 'verify: unknown --model', args: VERIFY('--model', 'nope'), names: ['--model', '"nope"', 'unknown model'] },
  { name: 'verify: unknown --integrator', args: VERIFY('--integrator', 'nope'), names: ['--integrator', '"nope"'] },
  { name: 'verify: unknown --check', args: VERIFY('--check', 'nope'), names: ['--check', '"nope"'] },
  { name: 'verify: --seed not a number', args: VERIFY('--seed', 'abc'), names: ['--seed', '"abc"'] },

  // ---- commands
  { name: 'unknown command', args: ['bogus'], names: ['bogus'] },
  { name: 'list: unknown option', args: ['list', '--frob'], names: ['--frob'] },

  // ---- config and plugins
  {
    name: 'plugin: unknown module file',
    args: ['list'],
    files: { 'glassy.config.json': config('./nope.js') },
    names: ['./nope.js', 'not found'],
  },
  {
    name: 'plugin: unresolvable package',
    args: ['list'],
    files: { 'glassy.config.json': config('glassy-plugin-that-does-not-exist') },
    names: ['glassy-plugin-that-does-not-exist', 'cannot be resolved'],
  },
  {
    name: 'plugin: broken manifest (params missing)',
    args: ['list'],
    files: { 'glassy.config.json': config('./bad-plugin.mjs'), 'bad-plugin.mjs': BAD_PLUGIN },
    names: ['"my-model"', 'params'],
  },
  {
    name: 'plugin: broken manifest (unknown kind)',
    args: ['list'],
    files: {
      'glassy.config.json': config('./kind.mjs'),
      'kind.mjs': BAD_PLUGIN.replace("kind: 'hamiltonian'", "kind: 'quantum'").replace("id: 'my-model'", "id: 'kind-model'"),
    },
    names: ['"kind-model"', 'kind'],
  },
  {
    name: 'plugin: broken manifest (id not kebab-case)',
    args: ['list'],
    files: { 'glassy.config.json': config('./id.mjs'), 'id.mjs': BAD_PLUGIN.replace("id: 'my-model'", "id: 'My_Model'") },
    names: ['"My_Model"', 'id'],
  },
  {
    name: 'plugin: default export is not an object',
    args: ['list'],
    files: { 'glassy.config.json': config('./num.mjs'), 'num.mjs': 'export default 42;\n' },
    names: ['./num.mjs', 'plugin object'],
  },
  {
    name: 'plugin: module without exports',
    args: ['list'],
    files: { 'glassy.config.json': config('./none.mjs'), 'none.mjs': 'export const x = 1;\n' },
    names: ['./none.mjs', 'default export'],
  },
  {
    name: 'plugin: module throws a multi-line error on import',
    args: ['list'],
    files: { 'glassy.config.json': config('./throws.mjs'), 'throws.mjs': 'throw new Error("boom\\nsecond line");\n' },
    names: ['./throws.mjs', 'failed to load', 'boom'],
  },
  {
    name: 'plugin: the same plugin twice (duplicate id)',
    args: ['list'],
    files: { 'glassy.config.json': config(HARMONIC_PLUGIN, HARMONIC_PLUGIN) },
    names: [`"${HARMONIC_ID}"`, 'id', 'already registered'],
  },
  {
    name: 'config: not JSON',
    args: ['list'],
    files: { 'glassy.config.json': '{ "plugins": [' },
    names: ['glassy.config.json', 'not valid JSON'],
  },
  {
    name: 'config: unknown key',
    args: ['list'],
    files: { 'glassy.config.json': '{ "plugins": [], "plugin": ["./x.mjs"] }\n' },
    names: ['glassy.config.json', '"plugin"'],
  },
  { name: 'config: --config file missing', args: ['--config', 'missing.json', 'list'], names: ['--config', 'missing.json'] },
  {
    name: 'config: bad plugin also breaks simulate (no output written)',
    args: sim('--set', 'L=4'),
    files: { 'glassy.config.json': config('./bad-plugin.mjs'), 'bad-plugin.mjs': BAD_PLUGIN },
    names: ['"my-model"', 'params'],
  },
];

async function expectCleanRejection(c: BadCase, expect: ExpectStatic): Promise<void> {
  const cwd = tempCwd();
  for (const d of c.dirs ?? []) mkdirSync(join(cwd, d));
  for (const [name, text] of Object.entries(c.files ?? {})) writeFileSync(join(cwd, name), text);
  const before = tree(cwd);

  const r = await glassy(cwd, c.args);
  const context = `glassy ${c.args.join(' ')}\n--- stderr:\n${r.stderr}--- stdout:\n${r.stdout}`;

  expect(r.status, context).toBe(2);
  expect(r.stderr, context).not.toContain('    at ');
  expect(r.stderr.endsWith('\n'), context).toBe(true);
  const lines = r.stderr.slice(0, -1).split('\n');
  expect(lines, context).toHaveLength(1);
  const line = lines[0]!;
  expect(line.startsWith('glassy: '), context).toBe(true);
  expect(line.slice('glassy: '.length).trim().length, context).toBeGreaterThan(0);
  for (const name of c.names) expect(line, context).toContain(name);
  expect(r.stdout, context).toBe('');
  // Nothing written: no output file, no .partial.json, no temp sibling, no report.
  expect(tree(cwd), context).toEqual(before);
}

describe.concurrent('glassy on bad input: exit 2, one "glassy: " line naming the culprit, nothing written', () => {
  const good = badCases.filter((c) => c.knownBug === undefined);
  const known = badCases.filter((c) => c.knownBug !== undefined);
  it.for(good)('$name', (c, { expect }) => expectCleanRejection(c, expect));
  // Known CLI bugs (reported to the lead): these fail today. When one starts passing, drop its knownBug.
  if (known.length > 0) it.fails.for(known)('KNOWN BUG — $name ($knownBug)', (c, { expect }) => expectCleanRejection(c, expect));
});

// ------------------------------------------------------------------ list, help

interface ListJson {
  models: { id: string; control: unknown }[];
  integrators: { id: string; control: unknown }[];
  checks: { id: string; tier: string }[];
}

const BUILTIN_MODELS = ['rotor-chain', 'anharmonic-chain'];
const BUILTIN_INTEGRATORS = ['stormer-verlet', 'symplectic-euler', 'yoshida4'];
const CHECKS = [
  'symplecticity',
  'energy-conservation',
  'time-reversibility',
  'convergence-order',
  'invariants',
  'scaling-relation',
  'decoupled-limit',
];
const CONTROL_MODELS = ['rotor-chain-sign-error', 'rotor-chain-coupling-squared'];
const CONTROL_INTEGRATORS = ['explicit-euler', 'rk4'];

async function listJson(expect: ExpectStatic, cwd: string, ...extra: string[]): Promise<ListJson> {
  const r = await glassy(cwd, ['list', '--json', ...extra]);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as ListJson;
}

const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

describe.concurrent('glassy list', () => {
  it('--json parses and lists the built-in models, integrators and the seven checks, no controls', async ({ expect }) => {
    const j = await listJson(expect, tempCwd());
    expect(ids(j.models)).toEqual(expect.arrayContaining(BUILTIN_MODELS));
    expect(ids(j.integrators)).toEqual(expect.arrayContaining(BUILTIN_INTEGRATORS));
    expect(ids(j.checks)).toEqual(expect.arrayContaining(CHECKS));
    for (const id of [...CONTROL_MODELS, ...CONTROL_INTEGRATORS]) {
      expect([...ids(j.models), ...ids(j.integrators)]).not.toContain(id);
    }
    for (const x of [...j.models, ...j.integrators]) expect(x.control).toBeNull();
  });

  it('--include-controls --json also lists the negative controls, marked as such', async ({ expect }) => {
    const j = await listJson(expect, tempCwd(), '--include-controls');
    expect(ids(j.models)).toEqual(expect.arrayContaining([...BUILTIN_MODELS, ...CONTROL_MODELS]));
    expect(ids(j.integrators)).toEqual(expect.arrayContaining([...BUILTIN_INTEGRATORS, ...CONTROL_INTEGRATORS]));
    expect(ids(j.checks)).toEqual(expect.arrayContaining(CHECKS));
    for (const x of [...j.models, ...j.integrators]) {
      const isControl = CONTROL_MODELS.includes(x.id) || CONTROL_INTEGRATORS.includes(x.id);
      if (isControl) expect(x.control, x.id).not.toBeNull();
      if ([...BUILTIN_MODELS, ...BUILTIN_INTEGRATORS].includes(x.id)) expect(x.control, x.id).toBeNull();
    }
  });

  it('plain text names every built-in and says the controls are hidden', async ({ expect }) => {
    const r = await glassy(tempCwd(), ['list']);
    expect(r.status, r.stderr).toBe(0);
    for (const id of [...BUILTIN_MODELS, ...BUILTIN_INTEGRATORS, ...CHECKS]) expect(r.stdout).toContain(id);
    expect(r.stdout).toContain('--include-controls');
  });

  it('says which Störmer–Verlet to name for speed on each model with a fused kernel (text and --json)', async ({ expect }) => {
    const r = await glassy(tempCwd(), ['list']);
    expect(r.stdout).toMatch(/^Fast paths \(which Störmer–Verlet to name for speed\):$/m);
    expect(r.stdout).toMatch(/^ {2}rotor-chain +name stormer-verlet-fused for speed: .*stormer-verlet keeps the generic step$/m);
    expect(r.stdout).toMatch(/^ {2}anharmonic-chain +stormer-verlet runs the fused kernel itself \(bit for bit the same trajectory\)/m);
    const j = (await listJson(expect, tempCwd())) as unknown as { fastPaths: { model: string; advice: string }[] };
    expect(j.fastPaths.map((f) => f.model)).toEqual(['rotor-chain', 'anharmonic-chain']);
    const help = await glassy(tempCwd(), ['simulate', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('on the rotor chain name stormer-verlet-fused');
  });
});

describe.concurrent('glassy --help', () => {
  it.for([
    { args: ['--help'], usage: 'Usage: glassy' },
    { args: ['list', '--help'], usage: 'Usage: glassy list' },
    { args: ['verify', '--help'], usage: 'Usage: glassy verify' },
    { args: ['simulate', '--help'], usage: 'Usage: glassy simulate' },
    { args: ['help', 'simulate'], usage: 'Usage: glassy simulate' },
  ])('glassy $args exits 0 with usage on stdout', async ({ args, usage }, { expect }) => {
    const cwd = tempCwd();
    const r = await glassy(cwd, args);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(usage);
    expect(r.stderr).toBe('');
    expect(tree(cwd)).toEqual([]);
    if (args.includes('simulate')) {
      // The state-file format is documented where it is needed.
      expect(r.stdout).toContain('"q"');
      expect(r.stdout).toContain('--t-end');
    }
  });
});

// ------------------------------------------------------------------ external plugin

describe.concurrent('an external model plugin named in glassy.config.json', () => {
  function pluginCwd(): string {
    const cwd = tempCwd();
    writeFileSync(join(cwd, 'glassy.config.json'), config(HARMONIC_PLUGIN));
    return cwd;
  }

  it('shows up in glassy list (text and --json) next to the built-ins', async ({ expect }) => {
    const cwd = pluginCwd();
    const text = await glassy(cwd, ['list']);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain(HARMONIC_ID);
    const j = await listJson(expect, cwd);
    expect(ids(j.models)).toEqual(expect.arrayContaining([...BUILTIN_MODELS, HARMONIC_ID]));
  });

  it('is also found through --config with a relative path', async ({ expect }) => {
    const cwd = tempCwd();
    mkdirSync(join(cwd, 'conf'));
    writeFileSync(join(cwd, 'conf', 'plugins.json'), config(HARMONIC_PLUGIN));
    const r = await glassy(cwd, ['--config', 'conf/plugins.json', 'list', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(ids((JSON.parse(r.stdout) as ListJson).models)).toContain(HARMONIC_ID);
  });

  it('passes glassy verify --model <id> --integrator stormer-verlet (exit 0, report written)', async ({ expect }) => {
    const cwd = pluginCwd();
    const r = await glassy(cwd, ['verify', '--model', HARMONIC_ID, '--integrator', 'stormer-verlet', '--json', 'report.json']);
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain(`${HARMONIC_ID} × stormer-verlet`);
    const report = JSON.parse(readFileSync(join(cwd, 'report.json'), 'utf8')) as {
      ok: boolean;
      cells: { model: string; integrator: string; check: string; status: string }[];
    };
    expect(report.ok).toBe(true);
    expect(report.cells.map((c) => c.check)).toEqual(expect.arrayContaining(CHECKS));
    for (const c of report.cells) {
      expect(c.model).toBe(HARMONIC_ID);
      expect(['pass', 'n.a.'], `${c.check}: ${c.status}`).toContain(c.status);
    }
    for (const id of ['symplecticity', 'energy-conservation', 'time-reversibility', 'convergence-order']) {
      expect(report.cells.find((c) => c.check === id && c.integrator === 'stormer-verlet')?.status, id).toBe('pass');
    }
    expect(report.cells.filter((c) => c.status === 'pass').length).toBeGreaterThanOrEqual(5);
  });

  it('can be simulated, and its parameters are validated like a built-in', async ({ expect }) => {
    const cwd = pluginCwd();
    const run = ['--integrator', 'yoshida4', '--dt', '0.05', '--t-end', '1'];
    const ok = await glassy(cwd, ['simulate', '--model', HARMONIC_ID, '--set', 'L=5', ...run, '--out', 's.json']);
    expect(ok.status, ok.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(cwd, 's.json'), 'utf8')) as { model: string; params: Record<string, unknown>; q: number[]; p: number[] };
    expect(s.model).toBe(HARMONIC_ID);
    expect(s.params).toEqual({ L: 5, k: 1, g: 1 });
    expect(s.q).toHaveLength(5);
    expect(s.p).toHaveLength(5);

    const bad = await glassy(cwd, ['simulate', '--model', HARMONIC_ID, '--set', 'k=-1', ...run, '--out', 't.json']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^glassy: --set k: .*\n$/);
    expect(bad.stderr).toContain(HARMONIC_ID);
    expect(existsSync(join(cwd, 't.json'))).toBe(false);
  });
});
