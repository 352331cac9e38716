/**
 * `nx g @glassy/tools:model NAME` (tools/generators/model/index.cjs) on an in-memory Nx tree
 * holding a copy of the real packages/models/src/index.ts: the files it writes, the
 * registration, and that the generated code typechecks and lints (the repository's tsconfig and
 * eslint config, module boundaries included) as it would in place. Then the generated model
 * itself, loaded from a temporary directory: unfilled, every cell of the catalogue errors with
 * the stub's "fill in ..." message; with its two stubs filled in as a harmonic chain, every
 * applicable cell passes. Nothing is written into the repository.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import type { ModelPlugin } from '@glassy/contracts';
import { Registry, runVerify, type Cell } from '@glassy/verify';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

interface GeneratorOptions {
  name: string;
  description?: string;
}
interface Names {
  name: string;
  propertyName: string;
  className: string;
}
const generator = require('../generators/model/index.cjs') as {
  (tree: Tree, options: GeneratorOptions): Promise<() => void>;
  normalizeOptions(options: GeneratorOptions): Names;
  registerModel(source: string, names: Names): string;
};

// The generated model is `scaffold-test-chain`, an id no real model takes: this test must also
// pass in a workspace where contributors' models were generated (their ids are in index.ts).
const INDEX = 'packages/models/src/index.ts';
const MODEL = 'packages/models/src/scaffold-test-chain/scaffold-test-chain.ts';
const README = 'packages/models/src/scaffold-test-chain/README.md';
const SPEC = 'packages/verify/test/models/scaffold-test-chain.test.ts';
const realIndex = readFileSync(join(ROOT, INDEX), 'utf8');

async function generate(options: GeneratorOptions = { name: 'scaffold-test-chain' }): Promise<Tree> {
  const tree = createTreeWithEmptyWorkspace();
  tree.write(INDEX, realIndex);
  await generator(tree, options);
  return tree;
}

/** The two stubs filled in: V = Σ q²/2 + g Σ (q_{x+1} − q_x)²/2, free ends. */
function fillInHarmonic(source: string): string {
  const potential = /^ *return todo\('potential\(q\).*\n/m;
  const force = /^ *todo\('force\(q, out\).*\n/m;
  expect(source).toMatch(potential);
  expect(source).toMatch(force);
  return source
    .replace(
      potential,
      [
        '    let v = 0;',
        '    for (let x = 0; x < L; x++) v += 0.5 * q[x]! * q[x]!;',
        '    for (let x = 0; x + 1 < L; x++) v += 0.5 * g * (q[x + 1]! - q[x]!) ** 2;',
        '    return v;',
        '',
      ].join('\n'),
    )
    .replace(
      force,
      [
        '    for (let x = 0; x < L; x++) out[x] = -q[x]!;',
        '    for (let x = 0; x + 1 < L; x++) {',
        '      const f = g * (q[x + 1]! - q[x]!);',
        '      out[x] = out[x]! + f;',
        '      out[x + 1] = out[x + 1]! - f;',
        '    }',
        '',
      ].join('\n'),
    )
    .replace(/\n\/\*\*\n \* The stubs' error[\s\S]*?\n}\n/, '\n');
}

describe('nx g @glassy/tools:model scaffold-test-chain', () => {
  let tree: Tree;
  beforeAll(async () => {
    tree = await generate({ name: 'scaffold-test-chain', description: "H = Σ p²/2 + q⁴/4 + g Σ (q_{x+1} − q_x)²/2, free ends, 'quoted'" });
  });

  it('writes the model, its README and its catalogue test, and changes index.ts', () => {
    const changed = tree
      .listChanges()
      .map((c) => `${c.type} ${c.path}`)
      .filter((c) => c.includes(' packages/'))
      .sort();
    expect(changed).toEqual([`CREATE ${INDEX}`, `CREATE ${README}`, `CREATE ${MODEL}`, `CREATE ${SPEC}`].sort());
  });

  it('registers the model in index.ts: import, export * and builtinModels', () => {
    const index = tree.read(INDEX, 'utf8')!;
    expect(index).toContain("import { scaffoldTestChain } from './scaffold-test-chain/scaffold-test-chain.js';");
    expect(index).toContain("export * from './scaffold-test-chain/scaffold-test-chain.js';");
    expect(index).toMatch(/export const builtinModels: readonly ModelPlugin\[\] = \[[^\]]*\bscaffoldTestChain\b[^\]]*\];/);
    // Nothing else changes: removing the three additions gives the original back.
    const restored = index
      .replace("import { scaffoldTestChain } from './scaffold-test-chain/scaffold-test-chain.js';\n", '')
      .replace("export * from './scaffold-test-chain/scaffold-test-chain.js';\n", '')
      .replace(/, scaffoldTestChain\]/, ']')
      .replace(/\n\s*scaffoldTestChain,\n/, '\n');
    expect(restored).toBe(realIndex);
  });

  it('generates the plugin: parameters, stubs that say what to fill in and where, the camelCase export', () => {
    const model = tree.read(MODEL, 'utf8')!;
    for (const line of [
      "import { identityVelocity, kineticEnergy, unitMassGradient } from '../mechanics.js';",
      'export const scaffoldTestChainParams = z.object({',
      "  L: z.number().int().min(2).max(1 << 24).default(64).describe('number of sites L'),",
      "  g: z.number().finite().min(0).default(1).describe('coupling strength g ≥ 0'),",
      'export type ScaffoldTestChainParams = z.output<typeof scaffoldTestChainParams>;',
      '  throw new Error(`scaffold-test-chain: fill in ${what} in packages/models/src/scaffold-test-chain/scaffold-test-chain.ts`);',
      "    return todo('potential(q) — the potential energy V(q) —', q, g);",
      "    todo('force(q, out) — out[x] = −∂V/∂q_x, written into out without allocating —', q, out, g);",
      'export function createScaffoldTestChain(params: ScaffoldTestChainParams): HamiltonianModel {',
      '    separable: { kinetic: kineticEnergy, potential, velocity: identityVelocity, force },',
      'export const scaffoldTestChain = defineModel({',
      "  id: 'scaffold-test-chain',",
      "  title: 'Scaffold test chain',",
      "  description: 'H = Σ p²/2 + q⁴/4 + g Σ (q_{x+1} − q_x)²/2, free ends, \\'quoted\\'',",
      '  verification: { params: { L: 8, g: 1 }, dt: 0.02, qScale: 1, pScale: 1 },',
    ]) {
      expect(model.split('\n'), line).toContain(line);
    }
    // Guidance for every optional capability, commented out.
    for (const capability of ['// scaling: {', '// decoupled: {', '// disorder: {', '// gibbs: {', '// subFlows: [', 'invariants: []']) expect(model).toContain(capability);
    expect(model).not.toMatch(/<%|%>/);
  });

  it('generates the README stub and a catalogue test that vitest picks up in packages/verify', () => {
    const readme = tree.read(README, 'utf8')!;
    for (const heading of ['# `scaffold-test-chain`: Scaffold test chain', '## Equation', '## Parameters', '## Capabilities', '## References']) expect(readme).toContain(heading);
    const spec = tree.read(SPEC, 'utf8')!;
    expect(spec).toContain("import { scaffoldTestChain } from '@glassy/models';");
    expect(spec).toContain("import { verifyPlugin } from '../../src/testing.js';");
    expect(spec).toContain('verifyPlugin(scaffoldTestChain);');
    expect(SPEC).toMatch(/^packages\/verify\/test\/.*\.test\.ts$/); // vitest.shared.ts: include test/**/*.test.ts
  });

  it('typechecks in place with the repository compiler options (unfilled and filled in)', () => {
    expect(typeErrors(tree)).toEqual([]);
    const filled = generateSync(tree);
    filled.write(MODEL, fillInHarmonic(filled.read(MODEL, 'utf8')!));
    expect(typeErrors(filled)).toEqual([]);
    // Not vacuous: a type error in the overlaid file is seen.
    filled.write(MODEL, `${filled.read(MODEL, 'utf8')!}\nexport const wrong: number = 'one';\n`);
    expect(typeErrors(filled)).toEqual([`${MODEL}: Type 'string' is not assignable to type 'number'.`]);
  });

  it('passes eslint in place, module boundaries included (unfilled and filled in)', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const lint = async (path: string, text: string): Promise<string[]> =>
      (await eslint.lintText(text, { filePath: join(ROOT, path) }))[0]!.messages.map((m) => `${path}:${m.line}: ${m.ruleId}: ${m.message}`);
    const problems = [
      ...(await lint(MODEL, tree.read(MODEL, 'utf8')!)),
      ...(await lint(MODEL, fillInHarmonic(tree.read(MODEL, 'utf8')!))),
      ...(await lint(INDEX, tree.read(INDEX, 'utf8')!)),
      ...(await lint(SPEC, tree.read(SPEC, 'utf8')!)),
    ];
    expect(problems).toEqual([]);
    // Not vacuous: a model importing the verify layer breaks the module boundaries.
    const upward = await lint(MODEL, `import { Registry } from '@glassy/verify';\nexport const r = Registry;\n${tree.read(MODEL, 'utf8')!}`);
    expect(upward.some((p) => p.includes('@nx/enforce-module-boundaries'))).toBe(true);
  }, 120_000);
});

/** A copy of the tree (listChanges of the copy are the same files). */
function generateSync(tree: Tree): Tree {
  const copy = createTreeWithEmptyWorkspace();
  for (const path of [INDEX, MODEL, README, SPEC]) copy.write(path, tree.read(path)!);
  return copy;
}

/**
 * Type errors in the generated files, compiled as if they were in place: the tree's files
 * overlay the repository, `@glassy/models` maps to the (overlaid) source.
 */
function typeErrors(tree: Tree): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'packages/verify/tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const options: ts.CompilerOptions = { ...config.options, noEmit: true, baseUrl: ROOT, paths: { '@glassy/models': ['packages/models/src/index.ts'] } };
  const overlay = new Map([INDEX, MODEL, SPEC].map((p) => [join(ROOT, p), tree.read(p, 'utf8')!]));
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile, directoryExists } = host;
  host.fileExists = (f) => overlay.has(f) || fileExists.call(host, f);
  host.readFile = (f) => overlay.get(f) ?? readFile.call(host, f);
  host.directoryExists = (d) => [...overlay.keys()].some((f) => f.startsWith(`${d}/`)) || (directoryExists?.call(host, d) ?? true);
  host.getSourceFile = (f, language, ...rest) => (overlay.has(f) ? ts.createSourceFile(f, overlay.get(f)!, language) : getSourceFile.call(host, f, language, ...rest));
  const program = ts.createProgram({ rootNames: [...overlay.keys()], options, host });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file !== undefined && overlay.has(d.file.fileName))
    .map((d) => `${d.file!.fileName.slice(ROOT.length + 1)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('the generated model, run through the catalogue', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /** Write the model next to a copy of mechanics.ts in a temporary src/ and import it. */
  async function load(source: string): Promise<ModelPlugin> {
    const dir = mkdtempSync(join(tmpdir(), 'glassy-generator-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'src/scaffold-test-chain'), { recursive: true });
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(dirname(require.resolve('zod/package.json', { paths: [join(ROOT, 'packages/models')] })), join(dir, 'node_modules/zod'));
    writeFileSync(join(dir, 'src/mechanics.ts'), readFileSync(join(ROOT, 'packages/models/src/mechanics.ts')));
    writeFileSync(join(dir, 'src/scaffold-test-chain/scaffold-test-chain.ts'), source);
    const mod = (await import(pathToFileURL(join(dir, 'src/scaffold-test-chain/scaffold-test-chain.ts')).href)) as { scaffoldTestChain: ModelPlugin };
    return mod.scaffoldTestChain;
  }

  function catalogue(model: ModelPlugin): Cell[] {
    const registry = Registry.builtin();
    registry.add(model, 'generated');
    return runVerify({
      models: [model],
      integrators: [...registry.integrators.values()].filter((i) => !i.control),
      checks: [...registry.checks.values()],
      tier: 'quick',
      seed: 1,
    });
  }

  it('unfilled: every applicable cell errors, saying which function to fill in and where', async () => {
    const tree = await generate();
    const cells = catalogue(await load(tree.read(MODEL, 'utf8')!)).filter((c) => c.status !== 'n.a.');
    expect(cells.length).toBeGreaterThan(10);
    for (const c of cells) {
      expect(c.status, `${c.integrator} × ${c.check}`).toBe('error');
      expect(c.reason).toMatch(/^scaffold-test-chain: fill in (potential\(q\)|force\(q, out\)) .* in packages\/models\/src\/scaffold-test-chain\/scaffold-test-chain\.ts$/);
    }
    expect(cells.find((c) => c.integrator === 'stormer-verlet' && c.check === 'energy-conservation')!.reason).toBe(
      'scaffold-test-chain: fill in potential(q) — the potential energy V(q) — in packages/models/src/scaffold-test-chain/scaffold-test-chain.ts',
    );
    expect(cells.find((c) => c.integrator === 'stormer-verlet' && c.check === 'symplecticity')!.reason).toBe(
      'scaffold-test-chain: fill in force(q, out) — out[x] = −∂V/∂q_x, written into out without allocating — in packages/models/src/scaffold-test-chain/scaffold-test-chain.ts',
    );
  });

  it('filled in as a harmonic chain: every applicable cell passes', async () => {
    const tree = await generate();
    const cells = catalogue(await load(fillInHarmonic(tree.read(MODEL, 'utf8')!)));
    const bad = cells.filter((c) => c.status !== 'pass' && c.status !== 'n.a.');
    expect(bad.map((c) => `${c.integrator} × ${c.check}: ${c.status} ${c.result?.explanation ?? c.reason}`)).toEqual([]);
    expect(cells.filter((c) => c.status === 'pass').length).toBeGreaterThanOrEqual(10);
  });
});

describe('registerModel (index.ts edits)', () => {
  const names = generator.normalizeOptions({ name: 'scaffold-test-chain' });
  const index = (list: string): string =>
    `import type { ModelPlugin } from '@glassy/contracts';\nimport { a } from './a/a.js';\n\nexport * from './a/a.js';\n\nexport const builtinModels: readonly ModelPlugin[] = ${list};\n`;

  it('appends to a one-line, an empty and a one-per-line list', () => {
    expect(generator.registerModel(index('[a]'), names)).toContain('= [a, scaffoldTestChain];');
    expect(generator.registerModel(index('[a,]'), names)).toContain('= [a, scaffoldTestChain];');
    expect(generator.registerModel(index('[]'), names)).toContain('= [scaffoldTestChain];');
    expect(generator.registerModel(index('[\n  a,\n  b\n]'), names)).toContain('= [\n  a,\n  b,\n  scaffoldTestChain,\n];');
  });

  it('puts the import after the last import (multi-line ones too) and the export after the last export *', () => {
    const source = `import { x,\n  y } from './xy.js';\n${index('[a]')}`;
    const out = generator.registerModel(source, names).split('\n');
    expect(out.indexOf("import { scaffoldTestChain } from './scaffold-test-chain/scaffold-test-chain.js';")).toBe(out.indexOf("import { a } from './a/a.js';") + 1);
    expect(out.indexOf("export * from './scaffold-test-chain/scaffold-test-chain.js';")).toBe(out.indexOf("export * from './a/a.js';") + 1);
  });

  it('refuses a model that is already registered, and an index without builtinModels', () => {
    const once = generator.registerModel(index('[a]'), names);
    expect(() => generator.registerModel(once, names)).toThrow("already imports './scaffold-test-chain/scaffold-test-chain.js'");
    expect(() => generator.registerModel("import { a } from './a/a.js';\n", names)).toThrow(/cannot find `export const builtinModels/);
  });
});

describe('invalid input', () => {
  it.each([['My_Chain'], ['my--chain'], ['2-chain'], ['chain-'], ['']])('refuses the name %j (kebab-case)', async (name) => {
    await expect(generate({ name })).rejects.toThrow(/must be kebab-case/);
  });
  it('refuses a reserved word and an existing model', async () => {
    await expect(generate({ name: 'new' })).rejects.toThrow(/reserved word/);
    const tree = createTreeWithEmptyWorkspace();
    tree.write(INDEX, realIndex);
    tree.write('packages/models/src/rotor-chain/rotor-chain.ts', '');
    await expect(generator(tree, { name: 'rotor-chain' })).rejects.toThrow('packages/models/src/rotor-chain already exists; refusing to overwrite it');
  });
  it('names the camelCase export and the class name from the id', () => {
    expect(generator.normalizeOptions({ name: 'dnls-chain-2' })).toMatchObject({ propertyName: 'dnlsChain2', className: 'DnlsChain2', title: 'Dnls chain 2' });
  });
});
