import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
const layers = ['contracts', 'linalg', 'models', 'quantum', 'integrators', 'observables', 'studies', 'verify'];

/** Tests import sibling packages from source, so `vitest` needs no prior build of them. */
export function sharedTestConfig(projectDir: string): ViteUserConfig {
  return {
    resolve: {
      alias: [
        { find: /^@glassy\/verify\/testing$/, replacement: `${root}packages/verify/src/testing.ts` },
        ...layers.map((name) => ({
          find: new RegExp(`^@glassy/${name}$`),
          replacement: `${root}packages/${name}/src/index.ts`,
        })),
      ],
    },
    test: {
      root: projectDir,
      include: ['test/**/*.test.ts'],
      testTimeout: 300_000,
      hookTimeout: 300_000,
      pool: 'forks',
    },
  };
}
