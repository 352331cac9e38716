#!/usr/bin/env node
/**
 * Our side of one reference comparison, in a fresh Node process (started by
 * reference-session.ts, as the C program is): the JIT sees only this model and stepper, as in
 * a real run, and no earlier case has made shared call sites polymorphic.
 *
 * Same protocol as tools/bench/reference/common.h: the shared initial state, PARITY_STEPS
 * steps and the parity checksum, then the op `stepper.step(q, p, dt, nSteps)` timed through
 * the benny adapter (its warm-up and calibration replace the C side's untimed op) for about
 * `--seconds`. Prints one line `OURS_RESULT_PREFIX{json}` on stdout (benny logs there too).
 * `--variant plain` times the reference's plain variant instead (e.g. `stormer-verlet` next to
 * `stormer-verlet-fused`), same protocol.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { GlassyInputError } from '@glassy/contracts';
import { Registry } from '@glassy/verify';
import { timeCases } from './benny-adapter.js';
import { parsingFlags, runCli } from './cli-support.js';
import { nsPerSiteStep } from './measurement.js';
import { fillReferenceState, referenceChecksum, referenceChecksumScale } from './reference-state.js';
import { OURS_VARIANTS, REFERENCE_IDS, resolveReference } from './reference-steps.js';
import { OURS_RESULT_PREFIX, oursArgsSchema, type OursResult } from './reference-protocol.js';

const USAGE = `usage: node dist/bench/ours-step.js --reference ID --L N --seconds S --parity-steps N --seed N [--variant V]
  --reference ID     one of ${REFERENCE_IDS.join(', ')}
  --variant V        ${OURS_VARIANTS.join(' or ')} (default ours): our budgeted step or the plain variant timed alongside
  --L N              chain length
  --seconds S        sampling time (benchmark.js maxTime)
  --parity-steps N   steps from the initial state before the parity checksum
  --seed N           seed of the shared initial state (uint32)
  --timer T          benny (default) or plain (warm-up, then ops timed with hrtime for --seconds)
  --slowdown F       inject a slowdown: each timed op runs F times the steps it is credited with (gate tests)`;

runCli(async () => {
  const { values } = parsingFlags(() =>
    parseArgs({
      strict: true,
      options: {
        reference: { type: 'string' },
        L: { type: 'string' },
        seconds: { type: 'string' },
        'parity-steps': { type: 'string' },
        seed: { type: 'string' },
        variant: { type: 'string' },
        timer: { type: 'string' },
        slowdown: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }),
  );
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const parsed = oursArgsSchema.safeParse({
    reference: values.reference,
    L: values.L,
    seconds: values.seconds,
    paritySteps: values['parity-steps'],
    seed: values.seed,
    variant: values.variant,
    timer: values.timer,
    slowdown: values.slowdown,
  });
  if (!parsed.success) throw new GlassyInputError(`ours-step: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
  const args = parsed.data;

  const resolved = resolveReference(Registry.builtin(), args.reference, args.L);
  if (resolved.build === null) throw new GlassyInputError(`ours-step: ${args.reference} at L=${args.L} is ${resolved.unavailable}`);
  const build = args.variant === 'ours' ? resolved.build : resolved.buildPlain;
  if (build === null) throw new GlassyInputError(`ours-step: ${args.reference} at L=${args.L} has no plain variant`);
  const { model, stepper } = build();
  const step = args.variant === 'ours' ? resolved.step : `${resolved.plain!.model} × ${resolved.plain!.integrator}`;
  const q = new Float64Array(model.dof);
  const p = new Float64Array(model.dof);
  fillReferenceState(q, p, model.angles, args.seed);
  stepper.step(q, p, resolved.dt, args.paritySteps);
  const parityChecksum = referenceChecksum(q, p);
  const parityScale = referenceChecksumScale(q, p);

  const { dt, nSteps } = resolved;
  const work = nSteps * args.slowdown;
  let timed: { opsPerSecond: number; relativeMargin: number; samples: number };
  if (args.timer === 'benny') {
    const [timing] = await timeCases('ours', [{ name: step, op: () => (stepper.step(q, p, dt, work), q[0]! + p[0]!) }], {
      maxTime: args.seconds,
      minSamples: 5,
    });
    timed = timing!;
  } else {
    timed = plainTimer(() => stepper.step(q, p, dt, work), args.seconds);
  }
  const checksum = referenceChecksum(q, p);
  const result: OursResult = {
    nsPerSiteStep: nsPerSiteStep(timed.opsPerSecond, args.L, nSteps),
    relativeMargin: timed.relativeMargin,
    samples: timed.samples,
    checksum: Number.isFinite(checksum) ? checksum : null,
    parityChecksum: Number.isFinite(parityChecksum) ? parityChecksum : null,
    parityScale,
  };
  console.log(`${OURS_RESULT_PREFIX}${JSON.stringify(result)}`);
  return 0;
});

/**
 * The plain timer, as the C side times (common.h): ops until a quarter of `seconds` has passed as
 * warm-up, then ops until `seconds` more, timed as a whole with hrtime. relativeMargin: 0 (one
 * sample); the gate gets its spread from many pairs instead.
 */
function plainTimer(op: () => void, seconds: number): { opsPerSecond: number; relativeMargin: number; samples: number } {
  const now = (): number => Number(process.hrtime.bigint()) * 1e-9;
  const warm = now() + seconds / 4;
  while (now() < warm) op();
  const start = now();
  let ops = 0;
  let elapsed = 0;
  do {
    op();
    ops++;
    elapsed = now() - start;
  } while (elapsed < seconds);
  return { opsPerSecond: ops / elapsed, relativeMargin: 0, samples: 1 };
}
