import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GlassyInputError } from '@glassy/contracts';
import { loadBudgets } from '../src/bench/budgets.js';

const dir = mkdtempSync(join(tmpdir(), 'glassy-budgets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function budgetFile(content: unknown): string {
  const path = join(dir, `budgets-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const entry = { model: 'rotor-chain', integrator: 'stormer-verlet', L: 64, maxNsPerSiteStep: 200 };

/** The error a malformed file raises: one line, a GlassyInputError (the CLI maps it to exit 2). */
function rejection(content: unknown): GlassyInputError {
  const path = budgetFile(content);
  try {
    loadBudgets(path);
  } catch (e) {
    expect(e).toBeInstanceOf(GlassyInputError);
    const message = (e as Error).message;
    expect(message).not.toContain('\n');
    expect(message.startsWith(path)).toBe(true);
    return e as GlassyInputError;
  }
  throw new Error('malformed budget file was accepted');
}

describe('loadBudgets', () => {
  it('accepts a well-formed file', () => {
    const b = loadBudgets(budgetFile({ tolerance: 0.3, budgets: [entry] }));
    expect(b.budgets[0]!.maxNsPerSiteStep).toBe(200);
  });

  it('names the field when a budget is not a number', () => {
    const e = rejection({ tolerance: 0.3, budgets: [entry, { ...entry, L: 4096, maxNsPerSiteStep: 'fast' }] });
    expect(e.message).toMatch(/budgets\.1\.maxNsPerSiteStep: .*expected number/);
  });

  it('names the field when a budget is not positive', () => {
    expect(rejection({ tolerance: 0.3, budgets: [{ ...entry, maxNsPerSiteStep: -5 }] }).message).toMatch(/budgets\.0\.maxNsPerSiteStep/);
  });

  it('names a missing or negative tolerance', () => {
    expect(rejection({ budgets: [entry] }).message).toMatch(/tolerance: /);
    expect(rejection({ tolerance: -0.1, budgets: [entry] }).message).toMatch(/tolerance: /);
  });

  it('names a non-integer L and a misspelt key', () => {
    expect(rejection({ tolerance: 0.3, budgets: [{ ...entry, L: 64.5 }] }).message).toMatch(/budgets\.0\.L: /);
    expect(rejection({ tolerance: 0.3, budgets: [{ ...entry, maxNs: 3 }] }).message).toMatch(/budgets\.0/);
  });

  it('rejects duplicate budgets for the same step and L', () => {
    expect(rejection({ tolerance: 0.3, budgets: [entry, entry] }).message).toMatch(/budgets\.1: duplicate budget for rotor-chain × stormer-verlet at L=64/);
  });

  it('rejects a file that is not JSON, and a missing file', () => {
    expect(rejection('{ tolerance: 0.3 ').message).toMatch(/not valid JSON/);
    expect(() => loadBudgets(join(dir, 'absent.json'))).toThrow(/budget file not found/);
  });

  it('accepts ratio budgets and names a bad one', () => {
    const ratio = { reference: 'rotor-sv', L: 64, target: 1, budget: 1.5 };
    expect(loadBudgets(budgetFile({ tolerance: 0.3, budgets: [entry], ratioBudgets: [ratio] })).ratioBudgets).toEqual([ratio]);
    expect(rejection({ tolerance: 0.3, budgets: [entry], ratioBudgets: [{ ...ratio, reference: 'fortran' }] }).message).toMatch(/ratioBudgets\.0\.reference: /);
    expect(rejection({ tolerance: 0.3, budgets: [entry], ratioBudgets: [{ ...ratio, target: 2 }] }).message).toMatch(/ratioBudgets\.0\.target: target must not exceed budget/);
    expect(rejection({ tolerance: 0.3, budgets: [entry], ratioBudgets: [ratio, ratio] }).message).toMatch(/ratioBudgets\.1: duplicate ratio budget for rotor-sv at L=64/);
    expect(rejection({ tolerance: 0.3, budgets: [entry], ratioBudgets: [{ ...ratio, budget: 0 }] }).message).toMatch(/ratioBudgets\.0\.budget/);
  });
});
