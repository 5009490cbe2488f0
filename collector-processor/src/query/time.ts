/**
 * The one parser for every time the API accepts (query `from`/`to`, values `from`/`to`): epoch
 * milliseconds, an ISO 8601 date-time, or a Grafana-style relative time (`now`, `now-1h`,
 * `now-7d/d`). Relative times are what people copy from Grafana's time picker, so they work here
 * too instead of failing as "not a date". Arithmetic and rounding are in UTC (the server has no
 * browser time zone); weeks start on Monday.
 */
import { z } from 'zod';

export const TIME_FORMATS =
  'epoch milliseconds (1733486400000), an ISO 8601 date-time with a time zone (2024-12-06T12:00:00Z), ' +
  'or a relative time: now, now-15m, now-1h, now-7d, now-1d/d (units s m h d w M y; /unit rounds)';

const UNITS = ['s', 'm', 'h', 'd', 'w', 'M', 'y'] as const;
type Unit = (typeof UNITS)[number];
const FIXED_MS: Partial<Record<Unit, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const isUnit = (u: string): u is Unit => (UNITS as readonly string[]).includes(u);

function add(ms: number, amount: number, unit: Unit): number {
  const fixed = FIXED_MS[unit];
  if (fixed) return ms + amount * fixed;
  const d = new Date(ms);
  // Months and years by the calendar, as Grafana does: now-1M on 31 March is 3 March (JS overflow
  // would be too), so clamp to the month's last day like moment.js does.
  const day = d.getUTCDate();
  d.setUTCDate(1);
  if (unit === 'M') d.setUTCMonth(d.getUTCMonth() + amount);
  else d.setUTCFullYear(d.getUTCFullYear() + amount);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d.getTime();
}

/** Start of the unit containing `ms` (or its last millisecond when `roundUp`), in UTC. */
function round(ms: number, unit: Unit, roundUp: boolean): number {
  const d = new Date(ms);
  let start: number;
  if (unit === 'y') start = Date.UTC(d.getUTCFullYear(), 0, 1);
  else if (unit === 'M') start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  else if (unit === 'w') {
    const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    start = day - ((d.getUTCDay() + 6) % 7) * 86_400_000;
  } else start = ms - (ms % FIXED_MS[unit]!);
  if (!roundUp) return start;
  return add(start, 1, unit) - 1;
}

const RELATIVE_STEP = /([+-])(\d{1,9})([a-zA-Z])|\/([a-zA-Z])/y;

/** `now` followed by any sequence of `+<n><unit>`, `-<n><unit>` and `/<unit>`, else undefined. */
function parseRelative(text: string, now: number, roundUp: boolean): number | undefined {
  if (!text.startsWith('now')) return undefined;
  let ms = now;
  RELATIVE_STEP.lastIndex = 3;
  while (RELATIVE_STEP.lastIndex < text.length) {
    const m = RELATIVE_STEP.exec(text);
    if (!m) return undefined;
    const unit = m[3] ?? m[4];
    if (!isUnit(unit)) return undefined;
    ms = m[4] ? round(ms, unit, roundUp) : add(ms, (m[1] === '-' ? -1 : 1) * Number(m[2]), unit);
  }
  return ms;
}

const ISO = z.iso.datetime({ offset: true });

/**
 * Epoch milliseconds for `value`, or an error naming the accepted formats. `roundUp` is for the
 * end of a range: `now/d` as `to` is the day's last millisecond, as in Grafana.
 */
export function parseTime(value: unknown, now: number, roundUp = false): { ms: number } | { error: string } {
  const invalid = { error: `expected ${TIME_FORMATS}` };
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? { ms: value } : invalid;
  if (typeof value !== 'string') return invalid;
  const text = value.trim();
  if (/^\d{1,16}$/.test(text)) return { ms: Number(text) };
  if (ISO.safeParse(text).success) return { ms: Date.parse(text) };
  const relative = parseRelative(text, now, roundUp);
  return relative !== undefined && Number.isSafeInteger(relative) && relative >= 0
    ? { ms: relative }
    : invalid;
}

/** A time as a zod schema: `from` takes `timeSchema()`, `to` takes `timeSchema({ roundUp: true })`. */
export function timeSchema({ roundUp = false } = {}) {
  return z
    .union([z.number(), z.string().max(100)], { error: `expected ${TIME_FORMATS}` })
    .transform((value, ctx) => {
      const parsed = parseTime(value, Date.now(), roundUp);
      if ('ms' in parsed) return parsed.ms;
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    })
    .meta({ description: `A time: ${TIME_FORMATS}` });
}
