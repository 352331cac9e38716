/**
 * Anderson-localization diagnostics
 * for the disordered harmonic chain (docs/physics.md §4).
 */
export * from './localization.js';
export * from './disordered-chain.js';
export * from './harmonic-ness.js';
