/**
 * The C reference programs compute our steps: after PARITY_STEPS steps from the shared initial
 * state, ours (and the plain variant) and C agree to round-off, at even and odd L (the DNLS
 * closing bond of an odd ring is a bond group of its own). Compiles tools/bench/reference/*.c;
 * skipped without a C compiler. No timings: C runs with minSeconds = 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from '@glassy/verify';
import { buildReferences, runReference, type CBuild } from '../src/bench/reference-c.js';
import { fillReferenceState, referenceChecksum, referenceChecksumScale, REFERENCE_SEED } from '../src/bench/reference-state.js';
import { PARITY_STEPS, REFERENCE_IDS, referenceCase, resolveReference, type ResolvedReference } from '../src/bench/reference-steps.js';
import { compareParity, type Parity } from '../src/bench/reference-stats.js';

let build: CBuild | null = null;
let skipped = '';
beforeAll(async () => {
  const outcome = await buildReferences();
  if (outcome.ok) build = outcome.build;
  else skipped = outcome.reason;
}, 120_000);
afterAll(() => build?.dispose());

const registry = Registry.builtin();

/** Our checksum after PARITY_STEPS steps of `make`'s stepper, against the C program's. */
async function parity(c: ResolvedReference, make: NonNullable<ResolvedReference['build']>, cCase = referenceCase(c)): Promise<Parity> {
  const { model, stepper } = make();
  const q = new Float64Array(model.dof);
  const p = new Float64Array(model.dof);
  fillReferenceState(q, p, model.angles, REFERENCE_SEED);
  stepper.step(q, p, c.dt, PARITY_STEPS);
  const cResult = await runReference(build!, { ...cCase, nSteps: 1 }, 0, PARITY_STEPS, REFERENCE_SEED);
  return compareParity(referenceChecksum(q, p), cResult.parityChecksum, referenceChecksumScale(q, p));
}

describe('C reference parity', () => {
  for (const id of REFERENCE_IDS) {
    for (const L of [7, 8, 64]) {
      it(`${id} at L = ${L}: ours and the plain variant run C's trajectory`, async (ctx) => {
        if (build === null) ctx.skip(`no C reference build: ${skipped}`);
        const c = resolveReference(registry, id, L);
        expect(c.unavailable).toBeNull();
        const ours = await parity(c, c.build!);
        expect(ours.agrees, `relative difference ${ours.relativeDifference}`).toBe(true);
        expect(ours.relativeDifference!).toBeLessThan(1e-13);
        if (c.buildPlain !== null) expect((await parity(c, c.buildPlain)).agrees).toBe(true);
      });
    }
  }

  it('sees another scheme or another parameter (the check can fail)', async (ctx) => {
    if (build === null) ctx.skip(`no C reference build: ${skipped}`);
    for (const L of [7, 64]) {
      const c = resolveReference(registry, 'dnls-split', L);
      const yoshida = registry.integrators.get('split-yoshida4')!;
      const fourthOrder = await parity(c, () => {
        const { model } = c.build!();
        return { model, stepper: yoshida.create(model) };
      });
      expect(fourthOrder.agrees).toBe(false);
      const otherU = await parity(c, c.build!, { ...referenceCase(c), cParams: { ...c.cParams, U: c.cParams.U! * (1 + 1e-6) } });
      expect(otherU.agrees).toBe(false);
    }
  });
});
