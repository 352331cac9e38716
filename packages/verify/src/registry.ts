/**
 * The plugin registry of the verifier: the studies' registry (built-in models, integrators,
 * observables, controls, and the plugins of glassy.config.json) plus the check catalogue.
 */
import { Registry as StudiesRegistry } from '@glassy/studies';
import { builtinChecks, quantumChecks, statisticalChecks } from './checks/index.js';

export { CONFIG_FILE, configSchema } from '@glassy/studies';

export class Registry extends StudiesRegistry {
  /** Built-ins (with the checks) and controls. */
  static override builtin(): Registry {
    return new Registry().addBuiltins([...builtinChecks, ...statisticalChecks, ...quantumChecks]);
  }
}
