/** What the numbers were measured on: a budget only means something next to its machine. */
import { cpus, platform, release, arch, totalmem } from 'node:os';
import { z } from 'zod';

export const machineSchema = z.strictObject({
  cpuModel: z.string(),
  cpuCount: z.number().int().nonnegative(),
  node: z.string(),
  platform: z.string(),
  osRelease: z.string(),
  arch: z.string(),
  totalMemoryGiB: z.number().nonnegative(),
  /** ISO 8601 time the run started. */
  date: z.string(),
});

export type MachineDescription = z.output<typeof machineSchema>;

export function describeMachine(now: Date = new Date()): MachineDescription {
  const cpuList = cpus();
  return {
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cpuCount: cpuList.length,
    node: process.version,
    platform: platform(),
    osRelease: release(),
    arch: arch(),
    totalMemoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    date: now.toISOString(),
  };
}
