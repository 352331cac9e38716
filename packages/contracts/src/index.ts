export * from './model.js';
export * from './integrator.js';
export * from './check.js';
export * from './errors.js';
export * from './manifest.js';
export * from './random.js';
export * from './observable.js';
export * from './quantum.js';
