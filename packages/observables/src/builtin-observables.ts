/**
 * Built-in observable plugins: energy per site, specific heat, and the review's relaxation
 * observable φ(g, β, t) = (β / 2L) Σ_x (ω_x(t) − ω_x(0))² (docs/physics.md §1).
 */
import { GlassyInputError, type ObservablePlugin } from '@glassy/contracts';

export const energyPerSite: ObservablePlugin = {
  type: 'observable',
  id: 'energy-per-site',
  title: 'Energy per site H/L',
  description: 'mean of H/L across samples, with its standard error',
  estimator: 'mean',
  create: (model) => ({ begin: () => undefined, value: (q, p) => model.hamiltonian(q, p) / model.sites }),
};

export const specificHeat: ObservablePlugin = {
  type: 'observable',
  id: 'specific-heat',
  title: 'Specific heat per site β² L Var(H/L)',
  description: 'energy variance across samples, scaled: c = β² Var(H)/L, with its standard error',
  estimator: 'scaled-variance',
  scale: (model, { beta }) => beta * beta * model.sites,
  create: (model) => ({ begin: () => undefined, value: (q, p) => model.hamiltonian(q, p) / model.sites }),
};

export const phi: ObservablePlugin = {
  type: 'observable',
  id: 'phi',
  title: 'Relaxation observable φ(t)',
  description: 'φ = (β/2L) Σ_x (p_x(t) − p_x(0))²; φ(0) = 0, φ → 1 − 1/L when Ω is conserved',
  estimator: 'mean',
  create(model, { beta }) {
    const p0 = new Float64Array(model.dof);
    const factor = beta / (2 * model.sites);
    return {
      begin: (_q, p) => p0.set(p),
      value(_q, p) {
        let s = 0;
        for (let i = 0; i < p.length; i++) {
          const d = p[i]! - p0[i]!;
          s += d * d;
        }
        return factor * s;
      },
    };
  },
};

/** Total energy current J = Σ_x j_x (models with local energies and currents), for Green–Kubo. */
export const totalCurrent: ObservablePlugin = {
  type: 'observable',
  id: 'total-current',
  title: 'Total energy current J = Σ_x j_x',
  description: 'sum of the bond currents j_x (from x to x+1); its autocorrelation gives the Green–Kubo conductivity',
  estimator: 'mean',
  create(model) {
    const cap = model.localEnergy;
    if (!cap) throw new GlassyInputError(`observable "total-current": model "${model.modelId}" declares no energy currents`);
    const j = new Float64Array(model.sites);
    return {
      begin: () => undefined,
      value(q, p) {
        cap.bondCurrent(q, p, j);
        let s = 0;
        for (let x = 0; x < j.length; x++) s += j[x]!;
        return s;
      },
    };
  },
};

export const builtinObservables: readonly ObservablePlugin[] = [energyPerSite, specificHeat, phi, totalCurrent];
