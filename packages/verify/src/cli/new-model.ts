/**
 * `glassy new model NAME [--dir D]`: scaffold a model plugin outside the monorepo, in D/NAME/:
 *
 *   NAME.js              the plugin (plain ESM): potential(q) and force(q, out) as stubs that
 *                        throw "NAME: fill in ... in <this file>"
 *   glassy.config.json   registers ./NAME.js, so `glassy verify --model NAME` there loads it
 *   test/NAME.spec.js    verifyPlugin(model) from @glassy/verify/testing: the catalogue as tests
 *   package.json         type module; vitest, @glassy/verify, @glassy/contracts, zod
 *   README.md            equation, parameters, capabilities, references (to fill in)
 *   vendor/*.tgz         the @glassy packages of the glassy that generated it (`npm pack`), which
 *                        package.json names as `file:vendor/…` (see below)
 *
 * Dependencies: the @glassy packages are not on the npm registry yet, so a `^0.1.0` range would
 * 404. The scaffold carries tarballs of the installation that generated it (this checkout, or
 * the node_modules of another plugin) and names all eight packages as direct dependencies, so
 * that @glassy/verify's own dependencies on the others resolve to the same tarballs, offline
 * from glassy and on any CI runner (commit vendor/). Once the packages are published,
 * `--registry` writes `^VERSION` ranges instead and no tarballs.
 *
 * The same template idea as the monorepo generator (`nx g @glassy/tools:model`, see
 * tools/generators/model), in JavaScript. An existing D/NAME is never touched: the files are
 * written to a temporary sibling directory that is then renamed into place.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { GlassyInputError, pluginId } from '@glassy/contracts';
import { CONFIG_FILE } from '../registry.js';
import { VERSION } from '@glassy/studies';
import type { Io } from './commands.js';

/** Words that cannot name the exported constant (`export const <camelCase> = ...`). */
const RESERVED = new Set(
  (
    'await break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if implements import in instanceof interface let new null package private protected public return static ' +
    'super switch this throw true try typeof var void while with yield arguments eval undefined'
  ).split(' '),
);

function camelCase(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The model id: kebab-case (the plugin-id rule of every manifest) and a usable identifier. */
export const modelNameSchema = pluginId.refine((name) => !RESERVED.has(camelCase(name)), {
  message: 'its camelCase form is a reserved word in JavaScript; choose another name',
});

/** The regression baseline a plugin repository commits (npm run baseline writes it). */
export const BASELINE_FILE = 'glassy-baseline.json';

const newModelFlags = z.object({
  dir: z.string().min(1, { message: 'expected a directory' }).default('.'),
  registry: z.boolean().default(false),
});

/** The @glassy packages a plugin's package.json names; contracts at run time, the rest for tests. */
export const GLASSY_PACKAGES = ['contracts', 'linalg', 'models', 'quantum', 'integrators', 'observables', 'studies', 'verify'] as const;

/** Root folder of an installed @glassy package (its package.json), found from its entry point. */
function packageRoot(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.resolve(name)));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`glassy new model: cannot find the folder of ${name}`);
    dir = up;
  }
}

/** `npm pack` the seven @glassy packages of this installation into `dest`; file name per package. */
function packInstallation(dest: string): Record<string, string> {
  mkdirSync(dest, { recursive: true });
  const roots = GLASSY_PACKAGES.map((p) => packageRoot(`@glassy/${p}`));
  const r = spawnSync('npm', ['pack', ...roots, '--pack-destination', dest, '--json', '--ignore-scripts'], { encoding: 'utf8', shell: process.platform === 'win32' });
  if (r.status !== 0) {
    throw new GlassyInputError(`npm pack of the @glassy packages failed (${(r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').pop()}); is npm on PATH? (or use --registry once they are published)`);
  }
  const packed = JSON.parse(r.stdout) as Array<{ name: string; filename: string }>;
  return Object.fromEntries(packed.map((x) => [x.name, x.filename]));
}

export interface ModelNames {
  /** kebab-case id, directory and file name. */
  readonly name: string;
  /** camelCase export. */
  readonly propertyName: string;
  /** PascalCase, for create<ClassName>. */
  readonly className: string;
  /** "My chain". */
  readonly title: string;
}

export function modelNames(name: string): ModelNames {
  const propertyName = camelCase(name);
  const words = name.split('-');
  return {
    name,
    propertyName,
    className: propertyName.charAt(0).toUpperCase() + propertyName.slice(1),
    title: [words[0]!.charAt(0).toUpperCase() + words[0]!.slice(1), ...words.slice(1)].join(' '),
  };
}

function pluginModule(n: ModelNames): string {
  return `/**
 * ${n.title} (\`${n.name}\`): H = Σ p²/2 + V(q) (TODO: say what V is).
 *
 *   H = Σ_x p_x²/2 + V(q),   V(q) = … (TODO: write your V here and in README.md)
 *
 * Generated by \`glassy new model ${n.name}\`. To finish it:
 *   1. npm install
 *   2. Fill in potential(q) and force(q, out) in create${n.className} below. Until you do, every
 *      check fails with a message naming the function to fill in and this file.
 *   3. npm test: the whole check catalogue as tests, one per integrator × check
 *      (test/${n.name}.spec.js); npx glassy verify --model ${n.name} --verbose: the same as a
 *      matrix (${CONFIG_FILE} loads this file).
 *   4. Choose \`verification\` (parameters, a stable dt, state scales) and write README.md.
 *   5. Declare the optional capabilities your model has (commented out below): each switches on
 *      more of the catalogue.
 * The contracts (every field, every capability) are in @glassy/contracts (model.ts).
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { defineModel } from '@glassy/contracts';

/** Parameters: a default and \`.describe()\` on every field (\`glassy list\` shows them). */
export const ${n.propertyName}Params = z.object({
  L: z.number().int().min(2).max(1 << 24).default(64).describe('number of sites L'),
  g: z.number().finite().min(0).default(1).describe('coupling strength g ≥ 0'),
  // More parameters, e.g.: a: z.number().finite().default(4).describe('pinning exponent a'),
  // Quenched disorder: a seed, e.g.: seed: z.number().int().min(0).default(1).describe('disorder seed'),
});

const SOURCE = fileURLToPath(import.meta.url);

/** The stubs' error: which function to fill in, what it computes, and where. Delete it when done. */
function todo(what) {
  throw new Error(\`${n.name}: fill in \${what} in \${SOURCE}\`);
}

/** T(p) = Σ p²/2 (unit masses). */
function kineticEnergy(p) {
  let t = 0;
  for (let i = 0; i < p.length; i++) t += p[i] * p[i];
  return 0.5 * t;
}

/** q̇ = ∂T/∂p = p. */
function velocity(p, out) {
  out.set(p);
}

/** @param {{ L: number, g: number }} params */
export function create${n.className}(params) {
  const { L, g } = params;

  /** V(q), the potential energy. */
  const potential = (q) => {
    // TODO: return V(q). For example an on-site term U and a bond term W, free ends:
    //   let v = 0;
    //   for (let x = 0; x < L; x++) v += U(q[x]);
    //   for (let x = 0; x + 1 < L; x++) v += g * W(q[x + 1] - q[x]);
    //   return v;
    return todo('potential(q) — the potential energy V(q) —');
  };

  /** out = −∂V/∂q, in place. Integrators call it at every stage: it must not allocate. */
  const force = (q, out) => {
    // TODO: write out[x] = −∂V/∂q_x for every site x. For the example above:
    //   for (let x = 0; x < L; x++) out[x] = -dU(q[x]);
    //   for (let x = 0; x + 1 < L; x++) {
    //     const f = g * dW(q[x + 1] - q[x]);
    //     out[x] += f;
    //     out[x + 1] -= f;
    //   }
    todo('force(q, out) — out[x] = −∂V/∂q_x, written into out without allocating —');
  };

  return {
    kind: 'hamiltonian',
    modelId: '${n.name}',
    sites: L,
    dof: L, // canonical pairs (q_x, p_x), one per site
    angles: new Uint8Array(L), // angles[i] = 1 where q_i is an angle (2π-periodic V), as for rotors
    hamiltonian: (q, p) => kineticEnergy(p) + potential(q),
    // (∂H/∂q, ∂H/∂p) = (−force, p)
    gradient: (q, p, dHdq, dHdp) => {
      force(q, dHdq);
      for (let i = 0; i < q.length; i++) dHdq[i] = -dHdq[i];
      dHdp.set(p);
    },
    // H = T(p) + V(q) with unit masses: the Verlet family (stormer-verlet, symplectic-euler,
    // yoshida4) and the Langevin and velocity-flip integrators need exactly this.
    separable: { kinetic: kineticEnergy, potential, velocity, force },
    // Conserved quantities besides H switch on the \`invariants\` check, e.g. for a chain without
    // pinning: [{ id: 'momentum', description: 'Σ p', evaluate: (_q, p) => p.reduce((s, x) => s + x, 0) }]
    invariants: [],
    // Exact sub-flows H = H_1 + … + H_K, each \`flow(q, p, t)\` the exact flow of H_k in place,
    // switch on the split-step integrators (split-strang, split-yoshida4):
    // subFlows: [{ id: 'kinetic', flow: (q, p, t) => { … } }, { id: 'potential', flow: (q, p, t) => { … } }],
    // An exact Gibbs sampler of e^{−βH}/Z with analytic marginals switches on gibbs-marginals,
    // stationarity, chaotic-triple and the φ checks (phi-*), and lets
    // \`glassy ensemble --init gibbs\` start from exact draws (GibbsCapability in the contracts):
    // gibbs: { sample(q, p, beta, random) { … }, energyPerSite, specificHeatPerSite, momentumCdf, bondMarginal },
    // (a bondMarginal with the bond's potential(r) and support [lo, hi] also switches on
    // gibbs-consistency, which integrates exp(−βV) itself and checks the oracles against it).
  };
}

export const ${n.propertyName} = defineModel({
  type: 'model',
  kind: 'hamiltonian',
  id: '${n.name}',
  title: '${n.title}',
  equation: 'n/a', // the review's equation number(s), e.g. '(12)-(13)', if it has one
  description: 'H = Σ p²/2 + V(q) (TODO: one line saying what V is)',
  params: ${n.propertyName}Params,
  create: create${n.className},
  // Where the checks run: a short chain (fast), a dt well inside the stable range (the
  // energy-conservation check takes 10⁵ steps), random q in [−qScale, qScale] and p in
  // [−pScale, pScale] where the anharmonicity matters.
  verification: { params: { L: 8, g: 1 }, dt: 0.02, qScale: 1, pScale: 1 },

  // Optional capabilities; each switches on more of the catalogue.
  //
  // Exact mechanical similarity: for every α > 0 the dynamics at params′ = transform(params, α)
  // maps onto this one → scaling-relation (and phi-scaling with a Gibbs sampler).
  // scaling: {
  //   description: 'q = α q′, p = α^k p′, t′ = α^m t, g′ = g α^n',
  //   transform: (params, alpha) => ({ params: { ...params, g: params.g * alpha ** -2 }, qFactor: 1, pFactor: alpha, timeFactor: alpha }),
  // },
  //
  // The decoupled limit (coupling off, independent sites) → decoupled-limit (locality, bit for
  // bit); with exactFlow, the closed-form flow of one site, also the velocity-flip check.
  // decoupled: {
  //   description: 'g = 0: independent oscillators',
  //   params: (params) => ({ ...params, g: 0 }),
  //   // exactFlow: (q, p, t) => { … },
  // },
  //
  // Quenched disorder drawn from a seed parameter (draw it in create() with streamFor(params.seed, …)
  // from '@glassy/contracts'), so that an instance is reproducible from its parameters alone:
  // disorder: { seedParam: 'seed', description: 'on-site frequencies uniform on [1 − √3W, 1 + √3W]' },
});

export default ${n.propertyName};
`;
}

function specModule(n: ModelNames): string {
  return `/**
 * The whole applicable check catalogue on \`${n.name}\` as tests, one per integrator × check
 * (generated by \`glassy new model ${n.name}\`). Until potential(q) and force(q, out) are filled
 * in, the cells fail saying so. Options: verifyPlugin(model, { tier: 'full', seed: 2,
 * includeControls: true }).
 */
import { verifyPlugin } from '@glassy/verify/testing';
import ${n.propertyName} from '../${n.name}.js';

verifyPlugin(${n.propertyName});
`;
}

function packageJson(n: ModelNames, tarballs?: Record<string, string>): string {
  const range = `^${VERSION}`;
  const spec = (pkg: string): string => (tarballs ? `file:vendor/${tarballs[pkg]!}` : range);
  // From tarballs, every @glassy package is a direct dependency: @glassy/verify's own ranges on
  // the others then resolve to these tarballs instead of the registry.
  const testOnly = tarballs ? GLASSY_PACKAGES.filter((p) => p !== 'contracts') : (['verify'] as const);
  const pkg = {
    name: n.name,
    version: '0.1.0',
    private: true,
    description: `${n.title}: a glassy model plugin`,
    type: 'module',
    main: `./${n.name}.js`,
    exports: { '.': `./${n.name}.js` },
    files: [`${n.name}.js`],
    scripts: {
      test: 'vitest run',
      verify: `glassy verify --model ${n.name}`,
      baseline: `glassy verify --model ${n.name} --save-baseline ${BASELINE_FILE}`,
      gate: gateScript(n).slice(1).join('; '),
    },
    dependencies: { '@glassy/contracts': spec('@glassy/contracts'), zod: '^4.1.0' },
    devDependencies: { ...Object.fromEntries(testOnly.map((p) => [`@glassy/${p}`, spec(`@glassy/${p}`)])), vitest: '^4.1.0' },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

function readme(n: ModelNames): string {
  return `# \`${n.name}\`: ${n.title}

A glassy model plugin, generated by \`glassy new model ${n.name}\`; the TODOs are yours to fill in.

## Equation

\`\`\`
H = Σ_x p_x²/2 + V(q),   V(q) = …   (TODO: your potential; free ends, periodic or fixed?)
\`\`\`

## Parameters

| parameter | default | meaning |
|---|---|---|
| \`L\` | 64 | number of sites |
| \`g\` | 1 | coupling strength g ≥ 0 |

Verification parameters (what the checks use): L = 8, g = 1, dt = 0.02, q and p scales 1.

## Capabilities

| capability | declared | what it switches on |
|---|---|---|
| separable H = T(p) + V(q) | yes | Verlet family, Langevin and velocity-flip integrators; symplecticity, energy-conservation, time-reversibility, convergence-order, thermostat |
| invariants besides H | no | invariants |
| sub-flows | no | split-step integrators |
| exact Gibbs sampler | no | gibbs-marginals, stationarity, chaotic-triple, phi-*; \`glassy ensemble --init gibbs\` |
| scaling | no | scaling-relation (phi-scaling with a Gibbs sampler) |
| decoupled limit | no | decoupled-limit (velocity-flip with a closed-form flow) |
| quenched disorder | no | seeded, reproducible disorder parameters |

## Working on it

\`\`\`sh
npm install                                  # vitest, @glassy/verify, @glassy/contracts, zod
npm test                                     # the catalogue as tests: one per integrator × check
npx glassy verify --model ${n.name} --verbose   # the same as a matrix (${CONFIG_FILE} loads ${n.name}.js)
\`\`\`

The \`@glassy/*\` packages come from \`vendor/\`: tarballs of the glassy that generated this folder
(\`npm pack\`), named in package.json as \`file:vendor/…\`. Commit them, so that \`npm install\` works
on any machine and CI runner. To move to another glassy, replace them (\`npm pack\` its
\`packages/*\` into \`vendor/\`, or generate a fresh scaffold and copy \`vendor/\` and package.json).
Once the packages are on the npm registry, \`glassy new model NAME --registry\` writes version
ranges instead, and \`vendor/\` is not needed.

## The CI gate

\`.github/workflows/glassy.yml\` (GitHub Actions) and \`.gitlab-ci.yml\` (GitLab CI) run the same gate on
every push (also locally: \`npm run gate\`):

1. \`npm test\`: every applicable cell of the check catalogue as a vitest test;
2. \`npx glassy verify --model ${n.name} --junit reports/junit.xml --html reports/html [--baseline ${BASELINE_FILE}]\`:
   the same matrix, JUnit XML for the CI's test view, and \`reports/html/index.html\`, a page with every
   cell's statistic, threshold, figure and replay command (uploaded as an artifact);
3. the regression baseline, once you commit one: \`npm run baseline\` records every cell's statistic in
   \`${BASELINE_FILE}\`; from then on a cell whose verdict regresses, whose round-off statistic grows
   more than 10×, or whose fitted order moves more than 0.05 fails the job even when it is still
   within its threshold. Record it again (and commit) when a change is meant to move the numbers.

A failing cell, a regression or a hang (every cell runs under a time budget) fails the job.

To use the model from another directory, name this package (or \`./path/to/${n.name}.js\`) in
that directory's ${CONFIG_FILE}: \`{ "plugins": ["${n.name}"] }\`.

## References

- TODO
`;
}

/** The gate both CI templates run: tests, then verify with JUnit, the HTML page and the baseline if committed. */
function gateScript(n: ModelNames): string[] {
  return [
    'npm test',
    `if [ -f ${BASELINE_FILE} ]; then baseline="--baseline ${BASELINE_FILE}"; else baseline=""; echo "no ${BASELINE_FILE}: verdicts only (record one with npm run baseline)"; fi`,
    `npx glassy verify --model ${n.name} --junit reports/junit.xml --html reports/html $baseline`,
  ];
}

function githubWorkflow(n: ModelNames): string {
  return `# The glassy gate for ${n.name} (generated by \`glassy new model\`): the check catalogue as tests,
# then \`glassy verify\` with JUnit, the HTML report and, once ${BASELINE_FILE} is committed, the
# regression baseline. A failing cell or a regression fails the job; the report is uploaded.
name: glassy
on: [push, pull_request]
jobs:
  verify:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm install --no-audit --no-fund
      - name: glassy gate
        run: |
${gateScript(n).map((l) => `          ${l}`).join('\n')}
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: glassy-report
          path: reports/
      - uses: mikepenz/action-junit-report@v5
        if: always()
        with:
          report_paths: reports/junit.xml
`;
}

function gitlabCi(n: ModelNames): string {
  return `# The glassy gate for ${n.name} (generated by \`glassy new model\`); see .github/workflows/glassy.yml.
glassy:
  image: node:20
  script:
    - npm install --no-audit --no-fund
${gateScript(n).map((l) => `    - ${JSON.stringify(l)}`).join('\n')}
  artifacts:
    when: always
    paths:
      - reports/
    reports:
      junit: reports/junit.xml
`;
}

/** The files of D/NAME, relative to it. */
export function renderModelFiles(name: string, tarballs?: Record<string, string>): Record<string, string> {
  const n = modelNames(name);
  return {
    [`${n.name}.js`]: pluginModule(n),
    [CONFIG_FILE]: `${JSON.stringify({ plugins: [`./${n.name}.js`] }, null, 2)}\n`,
    [`test/${n.name}.spec.js`]: specModule(n),
    'package.json': packageJson(n, tarballs),
    '.github/workflows/glassy.yml': githubWorkflow(n),
    '.gitlab-ci.yml': gitlabCi(n),
    '.gitignore': 'node_modules/\nreports/\n',
    'README.md': readme(n),
  };
}

/** `glassy new model NAME [--dir D]`. Throws GlassyInputError (exit 2) on bad input. */
export function newModelCommand(rawName: unknown, rawOpts: unknown, io: Io, cwd: string = process.cwd()): number {
  const parsed = modelNameSchema.safeParse(rawName);
  if (!parsed.success) throw new GlassyInputError(`NAME "${String(rawName)}": ${parsed.error.issues[0]!.message}`);
  const name = parsed.data;
  const r = newModelFlags.safeParse(rawOpts);
  if (!r.success) throw new GlassyInputError(`--dir: ${r.error.issues[0]!.message}`);
  const parent = resolve(cwd, r.data.dir);
  const target = join(parent, name);
  if (existsSync(parent) && !statSync(parent).isDirectory()) throw new GlassyInputError(`--dir: ${parent} is not a directory`);
  if (existsSync(target)) throw new GlassyInputError(`--dir: ${target} already exists; refusing to overwrite it`);

  mkdirSync(parent, { recursive: true });
  const staging = mkdtempSync(join(parent, `.${name}.tmp-`));
  let files: Record<string, string> = {};
  try {
    const tarballs = r.data.registry ? undefined : packInstallation(join(staging, 'vendor'));
    files = renderModelFiles(name, tarballs);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(staging, file)), { recursive: true });
      writeFileSync(join(staging, file), text);
    }
    renameSync(staging, target);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    if (existsSync(target)) throw new GlassyInputError(`--dir: ${target} already exists; refusing to overwrite it`);
    throw e;
  }

  const shown = relative(cwd, target) || basename(target);
  io.out(`created ${shown}/: ${[...Object.keys(files), ...(r.data.registry ? [] : ['vendor/ (the @glassy packages, npm pack)'])].join(', ')}`);
  io.out('next:');
  io.out(`  cd ${shown} && npm install`);
  io.out(`  fill in potential(q) and force(q, out) in ${name}.js (until then every check says so)`);
  io.out('  npm test                          the check catalogue as vitest tests, one per integrator × check');
  io.out(`  npx glassy verify --model ${name}   the same as a matrix`);
  return 0;
}
