/**
 * DateTime64(3) travels as a string of epoch seconds with milliseconds, both ways: inserts parse it
 * exactly, and reads use `date_time_output_format = 'unix_timestamp'` so no server time zone
 * leaks into the value.
 */
export function toDateTime64(ms: number): string {
  const whole = Math.floor(ms / 1000);
  const frac = Math.round(ms - whole * 1000);
  return `${whole}.${String(frac).padStart(3, '0')}`;
}

export function nanosToDateTime64(nanos: bigint): string {
  const ms = nanos / 1_000_000n;
  const whole = ms / 1000n;
  const frac = ms % 1000n;
  return `${whole}.${String(frac).padStart(3, '0')}`;
}

export function fromDateTime64(value: string | number): number {
  return Math.round(Number(value) * 1000);
}

export const UNIX_TIME_OUTPUT = { date_time_output_format: 'unix_timestamp' } as const;
