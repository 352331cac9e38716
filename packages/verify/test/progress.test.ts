/** Progress lines of the run commands carry an estimate of the time left once samples finish (issue 22). */
import { describe, expect, it } from 'vitest';
import { progress } from '../src/cli/progress.js';

describe('run progress', () => {
  it('prints one line per tenth, with the time left while samples remain', async () => {
    const lines: string[] = [];
    const report = progress({ out: () => undefined, err: (l) => lines.push(l), isTTY: false }, false, 'g = 1');
    report(0, 10);
    await new Promise((r) => setTimeout(r, 20));
    report(5, 10);
    report(10, 10);
    expect(lines[0]).toMatch(/^g = 1: 0\/10 samples \(0%\) after 0 s$/);
    expect(lines[1]).toMatch(/^g = 1: 5\/10 samples \(50%\) after \d+ s, about \d+ s left$/);
    expect(lines[2]).toMatch(/^g = 1: 10\/10 samples \(100%\) after \d+ s$/);
  });

  it('prints nothing when quiet', () => {
    const lines: string[] = [];
    progress({ out: () => undefined, err: (l) => lines.push(l), isTTY: false }, true, 'x')(5, 10);
    expect(lines).toEqual([]);
  });
});
