/**
 * The README's commands (issue 22): every `npx glassy …` line in its shell blocks and inline code
 * names only flags that the command's --help lists, and the short concrete examples run from a
 * temporary folder and exit as the README says.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuiltCli, glassy, removeTempDirs, tempCwd } from './support/cli.js';

beforeAll(assertBuiltCli);
afterAll(removeTempDirs);

const README = readFileSync(resolve(import.meta.dirname, '../../../README.md'), 'utf8');

/** Every `npx glassy …` command: lines of ```sh blocks (continuations joined) and inline code spans. */
function readmeCommands(): string[] {
  const out: string[] = [];
  for (const block of README.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const raw of block[1]!.replace(/\\\n/g, ' ').split('\n')) {
      const line = raw.split(/\s#\s/)[0]!.trim().replace(/\s+/g, ' ');
      if (line.startsWith('npx glassy ')) out.push(line);
    }
  }
  for (const span of README.matchAll(/`(?:npx )?(glassy [a-z][^`]*)`/g)) out.push(`npx ${span[1]!.replace(/\s+/g, ' ')}`);
  // "npx glassy ..." stands for any command in prose.
  return [...new Set(out)].filter((c) => !/(\.\.\.|…)$/.test(c) && !c.startsWith('npx glassy ...') && !c.startsWith('npx glassy …'));
}

const SUBCOMMANDS = ['list', 'verify', 'simulate', 'ensemble', 'new model', 'report', 'shard run', 'shard status', 'shard merge', 'run phi', 'run snapshots', 'run spreading', 'run kappa-trend', 'run kappa', 'run ness', 'run level-stats', 'run quantum-relaxation', 'run lyapunov', 'run ergodization', 'run breather', 'run rotor-friction', 'bench work-precision'];

function subcommandOf(command: string): string {
  const rest = command.slice('npx glassy '.length);
  const sub = SUBCOMMANDS.find((s) => rest === s || rest.startsWith(`${s} `));
  if (!sub) throw new Error(`README command with an unknown subcommand: ${command}`);
  return sub;
}

const commands = readmeCommands();

describe('README commands', () => {
  it('finds the commands of the README', () => {
    expect(commands.length).toBeGreaterThan(20);
  });

  it.each(SUBCOMMANDS.map((s) => [s]))('glassy %s: every flag the README gives it is in its --help', async (sub) => {
    const help = await glassy(tempCwd('glassy-readme-help-'), [...sub.split(' '), '--help']);
    expect(help.status).toBe(0);
    const flags = new Set(commands.filter((c) => subcommandOf(c) === sub).flatMap((c) => [...c.matchAll(/(?<![\w-])(--[a-z][a-z0-9-]*|--[A-Z])\b/g)].map((m) => m[1]!)));
    const missing = [...flags].filter((f) => f !== '--help' && !help.stdout.includes(f));
    expect(missing, `flags in the README for glassy ${sub} that --help does not list`).toEqual([]);
  });

  // The concrete examples that take seconds, run as written (in a fresh temporary folder).
  const SHORT: Array<[string, number]> = [
    ['npx glassy list --include-controls', 0],
    ['npx glassy simulate --model rotor-chain --set L=8 --set g=0.5 --integrator yoshida4 --dt 1e-3 --t-end 10 --out final.json', 0],
    ['npx glassy simulate --model rotor-chain --integrator langevin-baoab --integrator-set beta=2 --dt 0.01 --t-end 10 --out hot.json', 0],
    ['npx glassy verify --model rotor-chain --check ness-normal', 1],
    ['npx glassy verify --model bose-hubbard --model disordered-xxz --include-controls', 0],
    ['npx glassy ensemble --model dnls --integrator split-strang --samples 32 --dt 0.01 --times 0,10 --observable energy-per-site --init hmc --out dnls.json', 0],
  ];
  it.each(SHORT)('%s: runs and exits %i', async (command, status) => {
    expect(commands, 'the example is in the README').toContain(command);
    const cwd = tempCwd('glassy-readme-run-');
    const r = await glassy(cwd, command.slice('npx glassy '.length).split(' '), 120_000);
    expect(r.status, r.stderr).toBe(status);
    for (const m of command.matchAll(/--out (\S+)/g)) expect(readFileSync(join(cwd, m[1]!), 'utf8').length).toBeGreaterThan(0);
  });
});
