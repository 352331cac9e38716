export * from './trajectory.js';
export * from './statistics.js';
export * from './energy.js';
