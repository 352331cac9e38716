import { describe, expect, it } from 'vitest';
import { PROFILES, samplingFor } from '../src/bench/profiles.js';

describe('samplingFor', () => {
  it('gives 12 cases 5 s each (full) and 1 s each (quick)', () => {
    expect(samplingFor(PROFILES.full, 12)).toEqual({ maxTime: 5, minSamples: 10 });
    expect(samplingFor(PROFILES.quick, 12)).toEqual({ maxTime: 1, minSamples: 5 });
  });

  it('shares the wall time when plugins are added, down to a floor', () => {
    expect(samplingFor(PROFILES.full, 24).maxTime).toBeCloseTo(1.75, 12);
    expect(samplingFor(PROFILES.quick, 24).maxTime).toBeCloseTo(0.25, 12);
    expect(samplingFor(PROFILES.quick, 1000).maxTime).toBe(PROFILES.quick.minTimePerCase);
    expect(samplingFor(PROFILES.full, 1).maxTime).toBe(PROFILES.full.maxTimePerCase);
  });

  it('keeps the estimated wall time of the full run under two minutes up to 24 cases', () => {
    for (let n = 1; n <= 24; n++) {
      const { maxTime } = samplingFor(PROFILES.full, n);
      expect(n * (maxTime + PROFILES.full.overheadPerCase)).toBeLessThanOrEqual(120);
    }
  });
});
