#!/usr/bin/env node
// The `glassy` command. npm links this file at install time, before anything is built, so it
// only loads the compiled CLI from dist/ (built by `npm start` or `npx nx run-many -t build`).
import('../dist/cli/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    process.stderr.write('glassy: the CLI is not built yet: run `npm start` (or `npx nx run-many -t build`) first\n');
    process.exit(2);
  }
  throw error;
});
