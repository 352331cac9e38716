/** Built-in integrators by id, for checks that run a fixed reference integrator. */
import type { IntegratorPlugin } from '@glassy/contracts';
import { builtinIntegrators } from '@glassy/integrators';

export function integratorById(id: string): IntegratorPlugin {
  const found = builtinIntegrators.find((i) => i.id === id);
  if (!found) throw new Error(`no built-in integrator "${id}"`);
  return found;
}
