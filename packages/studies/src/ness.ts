/**
 * One non-equilibrium steady-state sample (review eq. (1)): an open chain between Langevin baths
 * at T ± ΔT/2 on its end sites (`boundary-langevin`), relaxed for t_relax, then time averages
 * over t_meas (every `every` steps) of the bond currents j_x and the kinetic temperatures
 * T_x = ⟨p_x²⟩. Shared by `glassy run ness` and the steady-state checks.
 *
 * Per sample: J = mean bond current over the bulk (1/8 of the chain away from either end) and the
 * bulk temperature gradient (least squares of T_x over the bulk sites). Initial state: q = 0,
 * Gaussian momenta at T (or on the linear profile between the baths) from the sample's own
 * stream; the bath noise from another.
 */
import { STREAM, streamFor, type HamiltonianModel, type IntegratorPlugin } from '@glassy/contracts';
import { advanceChecked, estimateOf, fitLine } from '@glassy/observables';

export interface NessSettings {
  readonly T: number;
  readonly deltaT: number;
  readonly gamma: number;
  readonly dt: number;
  readonly tRelax: number;
  readonly tMeas: number;
  /** Steps between records. */
  readonly every: number;
  /**
   * Initial momenta: p_x ~ N(0, T) everywhere ('uniform', default), or N(0, T_x) on the linear
   * profile from T + ΔT/2 to T − ΔT/2 ('linear': close to the steady state, shorter relaxation).
   */
  readonly initial?: 'uniform' | 'linear';
}

export interface NessSample {
  /** T_x, time-averaged. */
  readonly profile: number[];
  /** j_x (bond x → x+1), time-averaged. */
  readonly current: number[];
  /** Mean of j_x over the bulk bonds. */
  readonly J: number;
  /** Least-squares slope of T_x over the bulk sites. */
  readonly gradient: number;
}

/** Bulk sites [from, to] (bonds from … to − 1): 1/8 of the chain away from either end. */
export function bulkOf(L: number): { from: number; to: number } {
  return { from: Math.floor(L / 8), to: L - 1 - Math.floor(L / 8) };
}

export function nessSample(m: HamiltonianModel, bath: IntegratorPlugin, s: NessSettings, seed: number, sample: number): NessSample {
  if (!m.localEnergy) throw new Error(`model "${m.modelId}" has no energy currents`);
  const L = m.sites;
  const q = new Float64Array(m.dof);
  const p = new Float64Array(m.dof);
  const init = streamFor(seed, sample, STREAM.initialState);
  const tHot = s.T + s.deltaT / 2;
  const tCold = s.T - s.deltaT / 2;
  for (let x = 0; x < L; x++) p[x] = Math.sqrt(s.initial === 'linear' ? tHot + ((tCold - tHot) * x) / (L - 1) : s.T) * init.normal();
  const stepper = bath.create(m, { params: { betaLeft: 1 / tHot, betaRight: 1 / tCold, gamma: s.gamma }, random: streamFor(seed, sample, STREAM.dynamics) });
  const relaxSteps = Math.round(s.tRelax / s.dt);
  advanceChecked(stepper, q, p, s.dt, relaxSteps);
  const temp = new Float64Array(L);
  const cur = new Float64Array(L);
  const jbuf = new Float64Array(L);
  const records = Math.round(s.tMeas / (s.every * s.dt));
  for (let k = 0; k < records; k++) {
    advanceChecked(stepper, q, p, s.dt, s.every, { firstStep: relaxSteps + k * s.every });
    m.localEnergy.bondCurrent(q, p, jbuf);
    for (let x = 0; x < L; x++) {
      temp[x] = temp[x]! + p[x]! * p[x]!;
      cur[x] = cur[x]! + jbuf[x]!;
    }
  }
  const profile = Array.from(temp, (v) => v / records);
  const current = Array.from(cur, (v) => v / records);
  const { from, to } = bulkOf(L);
  const xs: number[] = [];
  const ts: number[] = [];
  for (let x = from; x <= to; x++) {
    xs.push(x);
    ts.push(profile[x]!);
  }
  return { profile, current, J: estimateOf(current.slice(from, to)).value, gradient: fitLine(xs, ts).slope };
}
