import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensembleSpec } from '@glassy/observables';
import {
  cpuWindow,
  firstMismatch,
  median,
  parseProcStat,
  renderRunTable,
  renderSummary,
  runOrder,
  summarizeThroughput,
  type EnsembleRun,
  type WorkerCount,
} from '../src/bench/ensemble-stats.js';
import { ENSEMBLE_PROFILES, workloadSpec } from '../src/bench/ensemble-workload.js';
import { fileStamp, saveJsonResults } from '../src/bench/json-results.js';

/** A synthetic run: `rate` samples/s, no clocks involved. */
function run(round: number, workers: WorkerCount, rate: number, samples = 1000): EnsembleRun {
  const seconds = samples / rate;
  return {
    round,
    workers,
    samples,
    seconds,
    samplesPerSecond: rate,
    firstChunkSeconds: 0.5,
    cpuSeconds: workers * seconds,
    processCores: workers,
    machineBusyCores: workers + 0.1,
    otherCores: 0.1,
    stealCores: 0,
    loadAverage1: 1.5,
  };
}

describe('runOrder', () => {
  it('alternates 1-2, 2-1, 1-2 so neither worker count always goes first', () => {
    expect(runOrder(3).map((r) => `${r.round}:${r.workers}`)).toEqual(['0:1', '0:2', '1:2', '1:1', '2:1', '2:2']);
    expect(runOrder(0)).toEqual([]);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow(/empty/);
  });
});

describe('summarizeThroughput', () => {
  it('gives the ratio of medians, per-round ratios and the any-run spread', () => {
    const runs = [run(0, 1, 100), run(0, 2, 190), run(1, 2, 180), run(1, 1, 110), run(2, 1, 90), run(2, 2, 200)];
    const s = summarizeThroughput(runs);
    expect(s.medianOne).toBe(100);
    expect(s.medianTwo).toBe(190);
    expect(s.ratio).toBeCloseTo(1.9, 12);
    expect(s.pairedRatios.map((r) => +r.toFixed(6))).toEqual([1.9, +(180 / 110).toFixed(6), +(200 / 90).toFixed(6)]);
    expect(s.pairedMin).toBeCloseTo(180 / 110, 12);
    expect(s.pairedMax).toBeCloseTo(200 / 90, 12);
    expect(s.worstCase).toBeCloseTo(180 / 110, 12);
    expect(s.bestCase).toBeCloseTo(200 / 90, 12);
    expect(s.meetsTarget).toBe(true);
    expect(s.meetsTargetEveryRound).toBe(false);
  });

  it('fails the target below 1.8× and passes it robustly when every round clears it', () => {
    expect(summarizeThroughput([run(0, 1, 100), run(0, 2, 170)]).meetsTarget).toBe(false);
    const robust = summarizeThroughput([run(0, 1, 100), run(0, 2, 195), run(1, 2, 190), run(1, 1, 101)]);
    expect(robust.meetsTarget && robust.meetsTargetEveryRound).toBe(true);
    expect(summarizeThroughput([run(0, 1, 100), run(0, 2, 170)], 1.5).meetsTarget).toBe(true);
  });

  it('refuses runs of one worker count only', () => {
    expect(() => summarizeThroughput([run(0, 1, 100)])).toThrow(/at least one run/);
  });
});

describe('/proc/stat window', () => {
  const stat = (user: number, idle: number, steal: number): string =>
    `cpu  ${user} 0 ${user / 10} ${idle} 5 0 1 ${steal} 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\nintr 1 2 3\n`;

  it('parses the aggregate line (idle includes iowait; total excludes guest)', () => {
    expect(parseProcStat(stat(1000, 500, 20))).toEqual({ total: 1000 + 100 + 500 + 5 + 1 + 20, idle: 505, steal: 20 });
    expect(parseProcStat('nothing here')).toBeNull();
  });

  it('turns two readings into busy and stolen cores', () => {
    const before = { total: 1000, idle: 400, steal: 10 };
    const after = { total: 2000, idle: 650, steal: 60 };
    const w = cpuWindow(before, after, 2)!;
    expect(w.busyCores).toBeCloseTo(1.5, 12);
    expect(w.stealCores).toBeCloseTo(0.1, 12);
    expect(cpuWindow(before, before, 2)).toBeNull();
  });
});

describe('firstMismatch', () => {
  it('is silent when every run agrees and names the first run that differs', () => {
    expect(firstMismatch([{ label: 'a', json: '[1,2]' }, { label: 'b', json: '[1,2]' }])).toBeUndefined();
    expect(firstMismatch([])).toBeUndefined();
    const m = firstMismatch([{ label: 'a', json: '{"v":[0.1234]}' }, { label: 'b', json: '{"v":[0.1234]}' }, { label: 'c', json: '{"v":[0.1235]}' }]);
    expect(m).toMatch(/^c differs from a at character 11/);
  });
});

describe('tables', () => {
  it('shows every run and the verdict', () => {
    const runs = [run(0, 1, 100), run(0, 2, 150)];
    const table = renderRunTable(runs);
    expect(table.split('\n')).toHaveLength(4);
    expect(table).toMatch(/samples\/s/);
    expect(table).toMatch(/150\.0/);
    const summary = renderSummary(summarizeThroughput(runs));
    expect(summary).toMatch(/1\.500×/);
    expect(summary).toMatch(/BELOW the target of 1\.8×/);
  });
});

describe('workload', () => {
  it('is a valid ensemble spec: rotor chain L=64, g=0.5, Gibbs at β=1, φ up to t=50', () => {
    const spec = ensembleSpec.parse(workloadSpec(ENSEMBLE_PROFILES.quick.samples));
    expect(spec).toMatchObject({ model: 'rotor-chain', params: { L: 64, g: 0.5 }, integrator: 'stormer-verlet', dt: 0.01, observables: ['phi'] });
    expect(spec.initial).toEqual({ kind: 'gibbs', beta: 1, zeroMomentum: false });
    expect(spec.times[spec.times.length - 1]).toBe(50);
    expect(ENSEMBLE_PROFILES.full.samples).toBeGreaterThan(ENSEMBLE_PROFILES.quick.samples);
  });
});

describe('saveJsonResults', () => {
  const dir = mkdtempSync(join(tmpdir(), 'glassy-json-results-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes <kind>-<stamp>.json and latest-<kind>.json atomically', () => {
    const path = saveJsonResults(dir, 'ensemble-quick', '2026-01-02T03:04:05.678Z', { a: 1 });
    expect(path).toBe(join(dir, 'ensemble-quick-2026-01-02T03-04-05-678Z.json'));
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ a: 1 });
    expect(JSON.parse(readFileSync(join(dir, 'latest-ensemble-quick.json'), 'utf8'))).toEqual({ a: 1 });
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(fileStamp('2026-01-02T03:04:05.678Z')).toBe('2026-01-02T03-04-05-678Z');
  });
});
