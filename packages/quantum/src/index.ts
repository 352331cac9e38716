/**
 * @glassy/quantum: quantum chains by exact diagonalisation. So far: the Fock basis of N bosons on
 * L sites, sparse Hamiltonians, the Bose–Hubbard chain (eq. (16) of the review) and its
 * reflection-parity sectors, the disordered XXZ chain in its S^z sectors, the mean gap
 * ratio, and the plugins `bose-hubbard` and `disordered-xxz` with their controls. The
 * eigensolvers are in @glassy/linalg.
 */
export * from './sparse.js';
export * from './fock.js';
export * from './bose-hubbard.js';
export * from './xxz.js';
export * from './level-statistics.js';
export * from './plugins.js';
export * from './spectra.js';
