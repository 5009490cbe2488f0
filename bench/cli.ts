/** Command-line options shared by the benchmarks: `--name value` numbers and `--flag` switches. */
const args = process.argv.slice(2);

export function numberArg(name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

export function stringArg(name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

export const hasFlag = (name: string): boolean => args.includes(`--${name}`);
