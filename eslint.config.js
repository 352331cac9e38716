// Flat config shared by every project. Nx module boundaries keep the layers one-way:
// contracts <- models <- integrators <- observables <- studies <- verify <- tools; linalg (no
// dependencies) below observables; quantum (contracts, linalg) beside models, neither importing the other.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const layer = (name, allowed) => ({ sourceTag: `layer:${name}`, onlyDependOnLibsWithTags: allowed.map((l) => `layer:${l}`) });

export default tseslint.config(
  { ignores: ['**/bin/glassy.js', '**/dist/**', '**/node_modules/**', '**/.nx/**', '**/vitest.config.ts', '**/stryker.vitest.config.ts', 'vitest.shared.ts', '**/results/**', '**/src/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            layer('contracts', []),
            layer('linalg', []),
            layer('models', ['contracts', 'linalg']),
            layer('quantum', ['contracts', 'linalg']),
            layer('integrators', ['contracts', 'models']),
            layer('observables', ['contracts', 'linalg', 'models', 'integrators']),
            layer('studies', ['contracts', 'linalg', 'models', 'quantum', 'integrators', 'observables']),
            layer('verify', ['contracts', 'linalg', 'models', 'quantum', 'integrators', 'observables', 'studies']),
            layer('tools', ['contracts', 'linalg', 'models', 'quantum', 'integrators', 'observables', 'studies', 'verify']),
          ],
        },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
