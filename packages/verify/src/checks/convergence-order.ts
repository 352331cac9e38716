/**
 * Check 4: convergence order. The error at a fixed time T = 20·dt₀ is measured for
 * dt = dt₀, dt₀/2, ..., dt₀/16 against a high-accuracy reference (RK4 at dt₀/1024 and dt₀/2048,
 * Richardson-extrapolated: error ≲ 1e-15 here), and the order is the least-squares slope of
 * log(error) against log(dt) with the actual step ratios. Points within 1e4·ε of the reference
 * are dropped as round-off (SciML's floor); at least three must remain.
 * Pass iff |measured − declared| ≤ 0.15 for every random state. dt₀ is the model's verification dt
 * times the integrator's stepScale; where a state has fewer than three points above the floor
 * (a 6th-order method at small steps), the sequence is rerun at 2 dt₀, then 4 dt₀.
 */
import { NonFiniteStateError, type CheckContext, type CheckPlugin, type CheckResult } from '@glassy/contracts';
import { createRk4 } from '@glassy/integrators';
import { fitLine, maxScaledDifference } from '@glassy/observables';
import { fmt, instance, randomStates, stepperFor } from './harness.js';
import { orderFigure } from './figures.js';

const STATES = 2;
const BASE_STEPS = 20;
const LEVELS = 5;
const TOLERANCE = 0.15;
const FLOOR = 1e4 * Number.EPSILON;
const MAX_DOUBLINGS = 2;

export const convergenceOrderCheck: CheckPlugin = {
  type: 'check',
  id: 'convergence-order',
  title: 'Convergence order',
  purpose: 'global error ~ dt^p with p within ±0.15 of the declared order (dt-halving sequence)',
  tier: 'quick',
  regression: { kind: 'order', tolerance: 0.05 }, // deterministic given the seed: --baseline flags a move > 0.05
  notApplicable: (_model, integrator) => (integrator!.properties.stochastic ? 'stochastic integrator (strong order needs its own check)' : undefined),
  run(ctx): CheckResult {
    // A high-order method's asymptotic window sits at larger steps: where too few points are above
    // the round-off floor, the whole sequence moves up by 2× (at most MAX_DOUBLINGS times).
    let result = measureOrder(ctx, 0);
    for (let k = 1; k <= MAX_DOUBLINGS && (result.details!['measuredOrders'] as number[]).some(Number.isNaN); k++) result = measureOrder(ctx, k);
    return result;
  },
};

function measureOrder({ model, integrator: pair, seed }: CheckContext, doublings: number): CheckResult {
  const integrator = pair!;
  const m = instance(model);
  const dt0 = model.verification.dt * (integrator.stepScale ?? 1) * 2 ** doublings; // high-order compositions: larger steps, above round-off
  const T = BASE_STEPS * dt0;
  const states = randomStates(model, m, seed, STATES);
  const reference = createRk4(m, 'reference-rk4');
  const orders: number[] = [];
  const errorsOfWorst: number[] = [];
  const dtsOfWorst: number[] = [];
  let worst = Number.NaN;
  for (const s of states) {
    const refQ1 = s.q.slice();
    const refP1 = s.p.slice();
    reference.step(refQ1, refP1, dt0 / 1024, BASE_STEPS * 1024);
    const refQ = s.q.slice();
    const refP = s.p.slice();
    reference.step(refQ, refP, dt0 / 2048, BASE_STEPS * 2048);
    for (let i = 0; i < refQ.length; i++) {
      refQ[i] = refQ[i]! + (refQ[i]! - refQ1[i]!) / 15;
      refP[i] = refP[i]! + (refP[i]! - refP1[i]!) / 15;
    }
    const logDt: number[] = [];
    const logErr: number[] = [];
    const errs: number[] = [];
    const dts: number[] = [];
    for (let k = 0; k < LEVELS; k++) {
      const n = BASE_STEPS << k;
      const dt = T / n;
      const q = s.q.slice();
      const p = s.p.slice();
      try {
        stepperFor(integrator, m).step(q, p, dt, n);
      } catch (e) {
        if (e instanceof NonFiniteStateError) continue;
        throw e;
      }
      const err = Math.max(maxScaledDifference(q, refQ), maxScaledDifference(p, refP));
      errs.push(err);
      dts.push(dt);
      if (err > FLOOR && Number.isFinite(err)) {
        logDt.push(Math.log(dt));
        logErr.push(Math.log(err));
      }
    }
    const order = logDt.length >= 3 ? fitLine(logDt, logErr).slope : Number.NaN;
    orders.push(order);
    if (!(Math.abs(order - integrator.order) <= Math.abs(worst - integrator.order))) {
      worst = order;
      errorsOfWorst.splice(0, errorsOfWorst.length, ...errs);
      dtsOfWorst.splice(0, dtsOfWorst.length, ...dts);
    }
  }
  const ok = orders.every((o) => Math.abs(o - integrator.order) <= TOLERANCE);
  return {
    check: 'convergence-order',
    statistic: 'least-squares slope of log(error) vs log(dt)',
    value: worst,
    comparison: 'within',
    target: integrator.order,
    threshold: TOLERANCE,
    verdict: ok ? 'pass' : 'fail',
    explanation:
      `T = ${fmt(T)}, dt = ${fmt(dt0)}…${fmt(dt0 / 2 ** (LEVELS - 1))}: measured order ${orders.map(fmt).join(', ')} vs declared ${integrator.order} ± ${TOLERANCE}` +
      (orders.some((o) => Number.isNaN(o)) ? ' (too few points above the round-off floor)' : ''),
    seeds: states.map((s) => s.seed),
    details: { errors: errorsOfWorst, measuredOrders: orders, T },
    figure: orderFigure('global error at T against the time step (worst state)', 'max scaled |x(T) − x_ref(T)|', dtsOfWorst, errorsOfWorst, integrator.order, FLOOR),
  };
}
