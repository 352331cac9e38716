/**
 * Saving a tool's results as `<kind>-<timestamp>.json` plus `latest-<kind>.json`, each written
 * atomically (temporary sibling + rename), so a killed run never leaves half a JSON file.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '@glassy/verify';

/** File-name stamp of an ISO 8601 date: 2026-01-02T03:04:05.678Z → 2026-01-02T03-04-05-678Z. */
export function fileStamp(isoDate: string): string {
  return isoDate.replace(/[:.]/g, '-');
}

/** Write both files; returns the timestamped path. */
export function saveJsonResults(dir: string, kind: string, isoDate: string, value: unknown): string {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  const path = join(dir, `${kind}-${fileStamp(isoDate)}.json`);
  writeFileAtomic(path, text);
  writeFileAtomic(join(dir, `latest-${kind}.json`), text);
  return path;
}
