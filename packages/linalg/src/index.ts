/**
 * @glassy/linalg: eigensolvers on Float64Array, each cross-checked against another method in
 * its tests. Written here rather than taken from a library: no maintained npm package offers a
 * symmetric eigensolver in plain JavaScript with preallocated outputs and documented accuracy,
 * and the classical (Anderson) and quantum checks need exactly these few routines.
 */
export * from './tridiagonal-eigen.js';
export * from './jacobi.js';
export * from './dense-eigen.js';
export * from './lanczos.js';
export * from './evolution.js';
export * from './fft.js';
