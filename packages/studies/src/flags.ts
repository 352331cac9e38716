/** An option key as the command-line flag that sets it: tTherm → --t-therm, L → --L. */
export function flagOf(key: string): string {
  return `--${key.replace(/([a-z0-9])([A-Z])/g, (_, a: string, b: string) => `${a}-${b.toLowerCase()}`)}`;
}
