/**
 * The watchdog thread of `glassy verify` (see watchdog.ts). It hears of each cell as it starts
 * and ends; if one runs past its hard limit, the main thread is stuck in plugin code that the
 * cell guard cannot reach. The watchdog then says so in one line, writes the JSON and JUnit
 * reports with every finished cell plus this one as TIMEOUT, and kills the process (SIGKILL: exit
 * status 137): a hung plugin is a red CI job, never a hung one.
 */
import { writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { renderJUnit } from '../report.js';
import { writeFileAtomic } from '@glassy/studies';
import type { Cell } from '../runner.js';
import { buildReport } from '../verify-report.js';
import { writeHtmlReport } from '../output/html-report.js';

interface Setup {
  readonly json?: string;
  readonly junit?: string;
  readonly html?: string;
  readonly header: { glassy: string; tier: 'quick' | 'full'; seed: number; cellTimeout?: number };
}

export type WatchdogMessage =
  | { readonly type: 'start'; readonly model: string; readonly integrator: string; readonly check: string; readonly seed: number; readonly limitSeconds: number }
  | { readonly type: 'done'; readonly cell: Cell };

const setup = workerData as Setup;
const cells: Cell[] = [];
const started = Date.now();
let timer: NodeJS.Timeout | undefined;

function fire(m: Extract<WatchdogMessage, { type: 'start' }>): void {
  const reason = `did not stop within its hard limit of ${m.limitSeconds} s: it loops in plugin code outside force, gradient, Gibbs draws and steps, where the cell guard cannot stop it`;
  const cell: Cell = { model: m.model, integrator: m.integrator, check: m.check, status: 'timeout', expected: 'pass', seed: m.seed, seconds: m.limitSeconds, reason };
  const all = [...cells, cell];
  // fs.writeSync on fd 2: a worker's process.stderr goes through the (blocked) main thread.
  writeSync(2, `glassy: TIMEOUT ${m.model} × ${m.integrator} × ${m.check} ${reason}; stopping the run after ${cells.length} finished cells\n`);
  try {
    const report = { ...buildReport(setup.header, false, undefined, (Date.now() - started) / 1000, all), aborted: `TIMEOUT ${m.model} × ${m.integrator} × ${m.check}` };
    if (setup.json) writeFileAtomic(setup.json, `${JSON.stringify(report, null, 2)}\n`, '--json');
    if (setup.html) writeHtmlReport(setup.html, report);
    if (setup.junit) writeFileAtomic(setup.junit, renderJUnit(all), '--junit');
  } finally {
    process.kill(process.pid, 'SIGKILL');
  }
}

parentPort!.on('message', (m: WatchdogMessage) => {
  if (timer) clearTimeout(timer);
  timer = undefined;
  if (m.type === 'start') timer = setTimeout(() => fire(m), m.limitSeconds * 1000);
  else cells.push(m.cell);
});
