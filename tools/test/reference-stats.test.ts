/** Pure parts of the C comparison: run order, summaries, parity, and the state shared with C. */
import { describe, expect, it } from 'vitest';
import { fillReferenceState, mulberry32, referenceChecksum, referenceChecksumScale, REFERENCE_SEED } from '../src/bench/reference-state.js';
import { compareParity, measurementOrder, PARITY_TOLERANCE, roundRatio, sideOrder, summarizeRounds } from '../src/bench/reference-stats.js';
import { referenceRow } from './synthetic.js';

describe('sideOrder', () => {
  it('alternates which side goes first from round to round', () => {
    expect([0, 1, 2, 3].map((r) => sideOrder(r).join('-'))).toEqual(['ours-c', 'c-ours', 'ours-c', 'c-ours']);
  });
});

describe('measurementOrder', () => {
  it('keeps ours and C back to back, alternating, with the plain variant on C\'s other side', () => {
    expect([0, 1, 2].map((r) => measurementOrder(r, false).join('-'))).toEqual(['ours-c', 'c-ours', 'ours-c']);
    expect([0, 1, 2].map((r) => measurementOrder(r, true).join('-'))).toEqual(['ours-c-plain', 'plain-c-ours', 'ours-c-plain']);
  });

  it('puts the -ffast-math C on ours\' other side, so both of ours\' ratios pair neighbours', () => {
    expect([0, 1].map((r) => measurementOrder(r, true, true).join('-'))).toEqual(['cfast-ours-c-plain', 'plain-c-ours-cfast']);
    expect([0, 1].map((r) => measurementOrder(r, false, true).join('-'))).toEqual(['cfast-ours-c', 'c-ours-cfast']);
  });
});

describe('summarizeRounds', () => {
  it('gives medians of each side, the median paired ratio and half its range', () => {
    const row = referenceRow('rotor-sv', 64, [20, 30, 24, 22], [10, 20, 12, 20]);
    const s = summarizeRounds(row.rounds);
    expect(s.oursNsPerSiteStep).toBe(23);
    expect(s.cNsPerSiteStep).toBe(16);
    // paired ratios 2, 1.5, 2, 1.1 → median 1.75 (not 23/16: each ratio pairs back-to-back runs)
    expect(s.ratio).toBeCloseTo(1.75, 12);
    expect(s.ratioMin).toBeCloseTo(1.1, 12);
    expect(s.ratioMax).toBe(2);
    expect(s.ratioNoise).toBeCloseTo(0.45, 12);
    expect(s.plainNsPerSiteStep).toBeNull();
    expect(s.plainRatio).toBeNull();
  });

  it('summarises the plain variant by its own medians, leaving the budgeted ratio and noise to ours', () => {
    const row = referenceRow('rotor-sv', 64, [20, 30, 24], [10, 20, 12], { plain: [40, 50, 30] });
    const s = summarizeRounds(row.rounds);
    expect(s.plainNsPerSiteStep).toBe(40);
    // paired plain/C 4, 2.5, 2.5 → median 2.5
    expect(s.plainRatio).toBeCloseTo(2.5, 12);
    expect(s.ratio).toBe(2);
    expect(s.ratioNoise).toBeCloseTo(0.25, 12);
  });

  it('leaves a missing side null instead of inventing a ratio', () => {
    const s = summarizeRounds(referenceRow('dnls-split', 64, [null, null, null], [40, 50, 45], { unavailable: 'n/a (x)' }).rounds);
    expect(s).toEqual({
      oursNsPerSiteStep: null,
      cNsPerSiteStep: 45,
      ratio: null,
      ratioNoise: null,
      ratioMin: null,
      ratioMax: null,
      plainNsPerSiteStep: null,
      plainRatio: null,
      cFastNsPerSiteStep: null,
      fastRatio: null,
      fastRatioNoise: null,
    });
    expect(roundRatio(null, 3)).toBeNull();
    expect(roundRatio(6, 3)).toBe(2);
  });
});

describe('compareParity', () => {
  it('agrees within the tolerance relative to the checksum scale', () => {
    expect(compareParity(10, 10 + 1e-12, 100)).toMatchObject({ agrees: true });
    expect(compareParity(10, 10 + 100 * PARITY_TOLERANCE * 2, 100)).toMatchObject({ agrees: false });
    expect(compareParity(null, 1, 100)).toEqual({ oursChecksum: null, cChecksum: 1, relativeDifference: null, agrees: false });
  });
});

describe('the initial state shared with tools/bench/reference/common.h', () => {
  it('mulberry32 gives the values the C twin prints (ref_uniform, printf %.17g)', () => {
    const u = mulberry32(REFERENCE_SEED);
    expect([u(), u(), u(), u()]).toEqual([0.5312688171397895, 0.17145229317247868, 0.6793673252686858, 0.8126092918682843]);
    const one = mulberry32(1);
    expect([one(), one()]).toEqual([0.6270739405881613, 0.002735721180215478]);
  });

  it('draws q then p per site, angles in [−π, π], and checksums like ref_checksum', () => {
    const q = new Float64Array(3);
    const p = new Float64Array(3);
    fillReferenceState(q, p, new Uint8Array(3).fill(1));
    expect([...q]).toEqual([0.19646777242561037, 1.1269981427163085, -2.0396941255160392]);
    expect([...p]).toEqual([-0.6570954136550426, 0.6252185837365687, 0.8005815781652927]);
    expect(referenceChecksum(q, p)).toBe(-0.18952625154350722);
    expect(referenceChecksumScale(q, p)).toBeGreaterThan(Math.abs(referenceChecksum(q, p)));
  });

  it('uses [−1, 1] for coordinates that are not angles', () => {
    const q = new Float64Array(1000);
    const p = new Float64Array(1000);
    fillReferenceState(q, p, new Uint8Array(1000));
    expect(Math.max(...q.map(Math.abs))).toBeLessThanOrEqual(1);
    expect(Math.max(...q.map(Math.abs))).toBeGreaterThan(0.99);
  });
});
