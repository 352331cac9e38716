/* global require, module, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS: Nx loads it without a TypeScript transpiler */
/**
 * `nx g @glassy/tools:model NAME [--description TEXT]`: scaffold a classical Hamiltonian model
 * plugin in the monorepo.
 *
 *   packages/models/src/NAME/NAME.ts         the plugin, potential(q) and force(q, out) as stubs
 *   packages/models/src/NAME/README.md       equation, parameters, capabilities, references
 *   packages/models/src/index.ts             import, `export *`, appended to builtinModels
 *   packages/verify/test/models/NAME.test.ts verifyPlugin(model): the catalogue as tests
 *
 * Plain CommonJS, so that Nx loads it without a TypeScript transpiler (see CONTRIBUTING.md).
 * The templates are in ./files (EJS, `__name__` in paths).
 */
'use strict';

const path = require('node:path');
const { generateFiles, logger, names } = require('@nx/devkit');

/** Plugin ids are kebab-case (as `pluginId` in packages/contracts/src/manifest.ts). */
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

const MODELS_SRC = 'packages/models/src';
const MODELS_INDEX = `${MODELS_SRC}/index.ts`;
const VERIFY_MODEL_TESTS = 'packages/verify/test/models';

/** Words that cannot name the exported constant (`export const <camelCase> = ...`). */
const RESERVED = new Set(
  (
    'await break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if implements import in instanceof interface let new null package private protected public return static ' +
    'super switch this throw true try typeof var void while with yield arguments eval undefined'
  ).split(' '),
);

/** A string for a single-quoted TypeScript literal. */
function quoteSingle(s) {
  return s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\r?\n/g, ' ');
}

/** Validate and derive every name the templates use; throws an Error naming the problem. */
function normalizeOptions(options) {
  const name = typeof options.name === 'string' ? options.name.trim() : '';
  if (!KEBAB.test(name)) {
    throw new Error(`name: "${options.name}" must be kebab-case (lowercase letters and digits in words joined by "-", starting with a letter), e.g. "my-chain"`);
  }
  const n = names(name);
  if (RESERVED.has(n.propertyName)) {
    throw new Error(`name: "${name}" gives the identifier "${n.propertyName}", a reserved word in JavaScript; choose another name`);
  }
  const words = name.split('-');
  const title = `${words[0].charAt(0).toUpperCase()}${words[0].slice(1)}${words.length > 1 ? ` ${words.slice(1).join(' ')}` : ''}`;
  const description =
    typeof options.description === 'string' && options.description.trim() !== ''
      ? options.description.trim().replace(/\s+/g, ' ')
      : 'H = Σ p²/2 + V(q) (TODO: one line saying what V is, e.g. pinning and coupling, free ends)';
  return {
    name,
    propertyName: n.propertyName,
    className: n.className,
    title,
    titleLiteral: quoteSingle(title),
    description,
    descriptionLiteral: quoteSingle(description),
    descriptionComment: description.replace(/\*\//g, '* /'),
  };
}

/** The line index after the statement that starts at line `i` (statements may span lines). */
function endOfStatement(lines, i) {
  let j = i;
  while (j < lines.length && !/;\s*(\/\/.*)?$/.test(lines[j])) j++;
  return j + 1;
}

/**
 * Register the model in packages/models/src/index.ts: an import after the last import, an
 * `export *` after the last `export * from './…'`, and the model appended to `builtinModels`.
 * Pure (text in, text out), so it is tested on the real index.ts. Throws if the file does not
 * have the expected shape, saying what to add by hand.
 */
function registerModel(source, o) {
  const modulePath = `./${o.name}/${o.name}.js`;
  if (source.includes(`'${modulePath}'`)) {
    throw new Error(`${MODELS_INDEX} already imports '${modulePath}'`);
  }
  const lines = source.split('\n');

  let afterImports = -1;
  for (let i = 0; i < lines.length; i++) {
    if (/^import\s/.test(lines[i])) afterImports = endOfStatement(lines, i);
  }
  if (afterImports < 0) throw new Error(`${MODELS_INDEX}: no import statement found; add \`import { ${o.propertyName} } from '${modulePath}';\` by hand`);
  lines.splice(afterImports, 0, `import { ${o.propertyName} } from '${modulePath}';`);

  let afterExports = -1;
  for (let i = 0; i < lines.length; i++) {
    if (/^export \* from '\.\//.test(lines[i])) afterExports = endOfStatement(lines, i);
  }
  const exportLine = `export * from '${modulePath}';`;
  if (afterExports < 0) lines.splice(afterImports + 1, 0, '', exportLine);
  else lines.splice(afterExports, 0, exportLine);

  let text = lines.join('\n');
  const list = /(export\s+const\s+builtinModels\b[^=]*=\s*\[)([\s\S]*?)(\]\s*;)/.exec(text);
  if (!list) {
    throw new Error(`${MODELS_INDEX}: cannot find \`export const builtinModels ... = [...];\`; append ${o.propertyName} to the built-in models by hand`);
  }
  const [whole, open, body, close] = list;
  let newBody;
  if (body.trim() === '') newBody = o.propertyName;
  else if (body.includes('\n')) {
    // One model per line: keep the layout, add a line with the same indentation.
    const items = body.replace(/\s+$/, '');
    const indent = (/\n([ \t]*)\S/.exec(body) || [undefined, '  '])[1];
    const closingIndent = (/\n([ \t]*)$/.exec(body) || [undefined, ''])[1];
    newBody = `${items}${items.endsWith(',') ? '' : ','}\n${indent}${o.propertyName},\n${closingIndent}`;
  } else {
    const items = body.trim().replace(/,$/, '');
    newBody = `${items}, ${o.propertyName}`;
  }
  text = text.slice(0, list.index) + open + newBody + close + text.slice(list.index + whole.length);
  return text;
}

async function modelGenerator(tree, options) {
  const o = normalizeOptions(options);
  if (!tree.exists(MODELS_INDEX)) {
    throw new Error(`${MODELS_INDEX} not found: run the generator at the root of the glassy workspace`);
  }
  const modelDir = `${MODELS_SRC}/${o.name}`;
  const spec = `${VERIFY_MODEL_TESTS}/${o.name}.test.ts`;
  for (const existing of [modelDir, spec]) {
    if (tree.exists(existing)) throw new Error(`${existing} already exists; refusing to overwrite it (choose another name)`);
  }
  tree.write(MODELS_INDEX, registerModel(tree.read(MODELS_INDEX, 'utf-8'), o));
  generateFiles(tree, path.join(__dirname, 'files', 'model'), MODELS_SRC, o);
  generateFiles(tree, path.join(__dirname, 'files', 'spec'), VERIFY_MODEL_TESTS, o);
  return () => {
    logger.info(
      [
        '',
        `Model "${o.name}" scaffolded. Next:`,
        `  1. fill in potential(q) and force(q, out) in ${modelDir}/${o.name}.ts`,
        `  2. cd packages/verify && npx vitest run test/models/${o.name}.test.ts   (one test per integrator × check)`,
        `  3. npx nx affected -t lint typecheck test   (what CI runs, with npm test)`,
        '  CONTRIBUTING.md explains each step and the optional capabilities.',
      ].join('\n'),
    );
  };
}

module.exports = modelGenerator;
module.exports.default = modelGenerator;
module.exports.modelGenerator = modelGenerator;
module.exports.normalizeOptions = normalizeOptions;
module.exports.registerModel = registerModel;
