/**
 * Small dense/tridiagonal linear algebra on Float64Array and Anderson-localization diagnostics
 * for the disordered harmonic chain (docs/physics.md §4).
 */
export * from './tridiagonal-eigen.js';
export * from './jacobi.js';
export * from './localization.js';
export * from './disordered-chain.js';
export * from './harmonic-ness.js';
