/**
 * The plugin registry: the built-ins plus external plugins named in glassy.config.json.
 * This one holds the built-in models, integrators and observables (what a study's ensembles
 * need); @glassy/verify extends it with the check catalogue.
 * Every plugin, built-in or not, passes the same zod manifest validation; a broken one is
 * refused with a message naming the plugin and the field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import {
  GlassyInputError,
  parseOrThrow,
  validatePlugin,
  type AnyPlugin,
  type CheckPlugin,
  type IntegratorPlugin,
  type ModelPlugin,
  type ObservablePlugin,
  type QuantumCheckPlugin,
  type QuantumModelPlugin,
} from '@glassy/contracts';
import { builtinQuantumModels, controlQuantumModels } from '@glassy/quantum';
import { builtinObservables } from '@glassy/observables';
import { builtinIntegrators, controlIntegrators } from '@glassy/integrators';
import { builtinModels, controlModels } from '@glassy/models';

export const CONFIG_FILE = 'glassy.config.json';

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  plugins: z.array(z.string().min(1, { message: 'empty module specifier' })).default([]),
});

export class Registry {
  readonly models = new Map<string, ModelPlugin>();
  readonly integrators = new Map<string, IntegratorPlugin>();
  readonly checks = new Map<string, CheckPlugin>();
  readonly observables = new Map<string, ObservablePlugin>();
  /** Quantum models (`kind: 'quantum'`): a table of their own, so classical code never meets one. Ids are unique across both model tables. */
  readonly quantumModels = new Map<string, QuantumModelPlugin>();
  /** Checks of quantum models (`scope: 'quantum'`); ids are unique across both check tables. */
  readonly quantumChecks = new Map<string, QuantumCheckPlugin>();
  /** Where each plugin came from ("built-in", "control" or a module specifier). */
  readonly origin = new Map<string, string>();

  add(value: unknown, origin: string): AnyPlugin {
    const plugin = validatePlugin(value, origin);
    const quantum = (plugin.type === 'model' && plugin.kind === 'quantum') || (plugin.type === 'check' && plugin.scope === 'quantum');
    const table = (
      plugin.type === 'model'
        ? quantum
          ? this.quantumModels
          : this.models
        : plugin.type === 'integrator'
          ? this.integrators
          : plugin.type === 'check'
            ? quantum
              ? this.quantumChecks
              : this.checks
            : this.observables
    ) as Map<string, AnyPlugin>;
    const twin = (plugin.type === 'model' ? [this.models, this.quantumModels] : plugin.type === 'check' ? [this.checks, this.quantumChecks] : [table]) as Map<string, AnyPlugin>[];
    const key = `${plugin.type}:${plugin.id}`;
    if (twin.some((t) => t.has(plugin.id))) {
      throw new GlassyInputError(`plugin "${plugin.id}" (${origin}): id: a ${plugin.type} with this id is already registered (${this.origin.get(key)})`);
    }
    table.set(plugin.id, plugin);
    this.origin.set(key, origin);
    return plugin;
  }

  isControl(plugin: ModelPlugin | QuantumModelPlugin | IntegratorPlugin): boolean {
    return plugin.control !== undefined;
  }

  /** Add the built-in models, integrators and observables, and the controls. */
  protected addBuiltins(extra: readonly unknown[] = []): this {
    for (const p of [...builtinModels, ...builtinQuantumModels, ...builtinIntegrators, ...extra, ...builtinObservables]) this.add(p, 'built-in');
    for (const p of [...controlModels, ...controlQuantumModels, ...controlIntegrators]) this.add(p, 'control');
    return this;
  }

  /** Built-in models, integrators, observables and controls. */
  static builtin(): Registry {
    return new Registry().addBuiltins();
  }

  /**
   * Load the plugins named in `configPath` (default: ./glassy.config.json if it exists).
   * Each module's default export, or its `plugins` export, is a plugin or an array of them.
   * Paths and package names in the file resolve from the file's own folder (as in eslint and
   * tsconfig), so `--config some/dir/glassy.config.json` works from anywhere.
   */
  async loadConfig(cwd: string, configPath?: string): Promise<void> {
    const path = configPath ? resolve(cwd, configPath) : resolve(cwd, CONFIG_FILE);
    if (!existsSync(path)) {
      if (configPath) throw new GlassyInputError(`--config: file not found: ${path}`);
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new GlassyInputError(`${path}: not valid JSON (${(e as Error).message})`);
    }
    const config = parseOrThrow(configSchema, raw, path);
    for (const spec of config.plugins) await this.loadModule(spec, dirname(path));
  }

  async loadModule(spec: string, cwd: string): Promise<void> {
    let url: string;
    if (spec.startsWith('.') || isAbsolute(spec)) {
      const file = resolve(cwd, spec);
      if (!existsSync(file)) throw new GlassyInputError(`plugin module "${spec}": file not found (${file})`);
      url = pathToFileURL(file).href;
    } else {
      try {
        url = pathToFileURL(createRequire(resolve(cwd, 'package.json')).resolve(spec)).href;
      } catch {
        throw new GlassyInputError(`plugin module "${spec}": cannot be resolved from ${cwd} (is it installed?)`);
      }
    }
    let mod: Record<string, unknown>;
    try {
      mod = (await import(url)) as Record<string, unknown>;
    } catch (e) {
      throw new GlassyInputError(`plugin module "${spec}": failed to load: ${(e as Error).message.split('\n')[0]}`);
    }
    const exported = mod['plugins'] ?? mod['default'];
    if (exported === undefined) {
      throw new GlassyInputError(`plugin module "${spec}": exports neither "plugins" nor a default export`);
    }
    const list = Array.isArray(exported) ? exported : [exported];
    for (const p of list) this.add(p, spec);
  }
}
