/**
 * Random initial conditions of moderate amplitude, so the timed trajectory stays in the
 * generic (non-linear, bounded) regime: angles θ uniform in [−π, π], every other coordinate
 * and every momentum (rotor ω, anharmonic p) uniform in [−1, 1]. Drawn from the project's
 * seeded stream family, so every run times the same trajectory.
 */
import { STREAM, streamFor, type HamiltonianModel, type PhaseState } from '@glassy/contracts';

export function randomInitialState(model: HamiltonianModel, seed: number): PhaseState {
  const random = streamFor(seed, STREAM.initialState);
  const symmetric = (): number => 2 * random.uniform() - 1;
  const q = new Float64Array(model.dof);
  const p = new Float64Array(model.dof);
  for (let i = 0; i < model.dof; i++) {
    q[i] = model.angles[i] === 1 ? Math.PI * symmetric() : symmetric();
    p[i] = symmetric();
  }
  return { q, p };
}
