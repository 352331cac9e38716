/**
 * Continuing an ensemble from its states file (spec.initial.kind = 'continue'): running to T1,
 * saving every sample's state and then continuing to T2 gives bit-identical per-sample values
 * to one run to T2, for deterministic and stochastic dynamics (the noise stream's state is saved
 * too); a states file that changed, or belongs to other trajectories, is refused. Resuming from
 * checkpoints keeps per-sample values and states. In-thread (workers = 0): no build needed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GlassyInputError } from '@glassy/contracts';
import { ensembleSpec, logTimeGrid, runEnsemble, serializeStates, sha256 as digest, type EnsembleResult } from '@glassy/observables';
import { resolveEnsemble } from '@glassy/studies';
import { Registry } from '../src/registry.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'glassy-continue-'));
  dirs.push(d);
  return d;
};

const registry = Registry.builtin();
const DT = 0.01;

function base(integrator: string, integratorParams: Record<string, unknown>, times: number[]) {
  return {
    model: 'rotor-chain',
    params: { L: 8, g: 0.5 },
    integrator,
    integratorParams,
    dt: DT,
    times,
    samples: 6,
    seed: 42,
    observables: ['phi', 'energy-per-site'],
    keepSamples: true,
  };
}

async function run(raw: unknown, checkpointDir?: string): Promise<EnsembleResult> {
  const spec = ensembleSpec.parse(raw);
  return runEnsemble({ resolved: resolveEnsemble(registry, spec), workers: 0, chunkSize: 4, ...(checkpointDir ? { checkpointDir } : {}) });
}

function writeStates(dir: string, r: EnsembleResult): { states: string; sha256: string } {
  const { text, sha256 } = serializeStates(r.states!);
  const states = join(dir, 'states.json');
  writeFileSync(states, text);
  return { states, sha256 };
}

describe.each([
  ['stormer-verlet', {}],
  ['langevin-baoab', { beta: 1, gamma: 0.5 }],
])('continuing %s', (integrator, integratorParams) => {
  it('run to T1 + continue to T2 is bit-identical to one run to T2', async () => {
    const all = logTimeGrid(DT, 0.1, 20, 6);
    const cut = all.indexOf(1);
    expect(cut).toBeGreaterThan(0);
    const initial = { kind: 'langevin', beta: 1, gamma: 1, tTherm: 1 };
    const whole = await run({ ...base(integrator, integratorParams, all), initial });
    const first = await run({ ...base(integrator, integratorParams, all.slice(0, cut + 1)), initial, keepStates: true });
    expect(first.states!.time).toBe(1);
    expect(first.states!.step).toBe(100);
    const dir = tmp();
    const from = writeStates(dir, first);
    const rest = await run({ ...base(integrator, integratorParams, all.slice(cut + 1)), initial: { kind: 'continue', beta: 1, ...from } });
    whole.observables.forEach((o, k) => {
      expect(first.observables[k]!.perSample).toEqual(o.perSample!.slice(0, cut + 1));
      expect(rest.observables[k]!.perSample).toEqual(o.perSample!.slice(cut + 1));
      expect(rest.observables[k]!.value).toEqual(o.value.slice(cut + 1));
    });
  });
});

describe('continuation is refused when it would not continue the same trajectories', () => {
  it('refuses a changed file, other parameters, other β and times not after the states', async () => {
    const times = [1, 2];
    const initial = { kind: 'gibbs', beta: 1 };
    const first = await run({ ...base('stormer-verlet', {}, times), initial, keepStates: true });
    const dir = tmp();
    const from = writeStates(dir, first);
    const cont = (over: Record<string, unknown>, init: Record<string, unknown> = {}) =>
      run({ ...base('stormer-verlet', {}, [3]), initial: { kind: 'continue', beta: 1, ...from, ...init }, ...over });
    await expect(cont({ params: { L: 8, g: 0.7 } })).rejects.toThrow(/different params/);
    await expect(cont({}, { beta: 2 })).rejects.toThrow(/initial\.beta/);
    await expect(cont({ times: [2] })).rejects.toThrow(/not after the states' time 2/);
    await expect(cont({ seed: 1 })).rejects.toThrow(/different seed/);
    await expect(cont({}, { sha256: '0'.repeat(64) })).rejects.toThrow(GlassyInputError);
    const broken = '{"format": "glassy-ensemble-states/1"}\n';
    writeFileSync(from.states, broken);
    await expect(cont({}, { sha256: digest(broken) })).rejects.toThrow(/initial\.states: .*: spec: /);
    const ok = await run({ ...base('stormer-verlet', {}, [1, 2, 3]), initial });
    expect(ok.observables[0]!.perSample!.length).toBe(3);
  });
});

describe('checkpoints keep per-sample values and states', () => {
  it('a resumed run returns the same per-sample values and states as an uninterrupted one', async () => {
    const raw = { ...base('stormer-verlet', {}, [0.5, 1]), initial: { kind: 'gibbs', beta: 1 }, keepStates: true };
    const dir = join(tmp(), 'ck');
    const once = await run(raw, dir);
    const again = await run(raw, dir); // every chunk now comes from the checkpoint files
    expect(again.observables.map((o) => o.perSample)).toEqual(once.observables.map((o) => o.perSample));
    expect(again.observables[0]!.perSample!.flat().every(Number.isFinite)).toBe(true);
    expect(again.states).toEqual(once.states);
  });
});
