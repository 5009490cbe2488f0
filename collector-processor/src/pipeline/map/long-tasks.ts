/**
 * Long tasks and long animation frames: OTel instrumentation-long-task spans (`longtask` with
 * longtask.duration and longtask.attribution.*) and PulseTrace `pulsetrace.long_task` events.
 */
import type { LongTaskRow } from '../../store/rows';
import type { Attributes, DecodedSpan } from '../types';
import {
  PAGE_URL_KEYS,
  commonColumns,
  finish,
  rejection,
  type MapContext,
  type RecordMeta,
  type Rejection,
} from './common';
import { LIMITS, Reader, durationMs, ms } from './values';

/** A task counts as blocking for what exceeds 50 ms (Long Tasks API definition). */
const BLOCKING_THRESHOLD_MS = 50;

const LT = {
  kind: 'pulsetrace.long_task.kind',
  duration: 'pulsetrace.long_task.duration',
  blocking: 'pulsetrace.long_task.blocking_duration',
  scriptUrl: 'pulsetrace.long_task.script_url',
  invoker: 'pulsetrace.long_task.invoker',
} as const;

export function isLongTaskSpan(s: DecodedSpan): boolean {
  return s.name === 'longtask' && 'longtask.duration' in s.attributes;
}

function normalizeKind(kind: string): string {
  return kind === 'long-animation-frame' || kind === 'loaf' ? 'long-animation-frame' : 'longtask';
}

export function longTaskFromSpan(
  span: DecodedSpan,
  resource: Attributes,
  meta: RecordMeta,
  ctx: MapContext,
): LongTaskRow {
  const r = new Reader([span.attributes, resource]);
  const duration = r.num('longtask.duration') ?? durationMs(span.startTimeUnixNano, span.endTimeUnixNano);
  const kind = normalizeKind(r.str('longtask.entry_type'));
  const containerSrc = r.str('longtask.attribution.container_src');
  const name = r.str('longtask.name');
  r.consume(
    'longtask.attribution.name',
    'longtask.attribution.entry_type',
    'longtask.attribution.start_time',
    'longtask.attribution.duration',
  );
  const common = commonColumns(r, meta, ctx, { urlKeys: PAGE_URL_KEYS });
  return finish(
    Object.assign(common, {
      kind,
      duration_ms: ms(duration),
      blocking_duration_ms: ms(Math.max(0, duration - BLOCKING_THRESHOLD_MS)),
      script_url: r.t.cap(containerSrc, LIMITS.url),
      invoker: r.t.cap(name === 'self' ? '' : name, LIMITS.attributeValue),
    }),
    r,
  );
}

export function longTaskFromEvent(
  attrs: Attributes,
  resource: Attributes,
  meta: RecordMeta,
  ctx: MapContext,
): LongTaskRow | Rejection {
  const r = new Reader([attrs, resource]);
  const duration = r.num(LT.duration);
  if (duration === undefined || duration < 0)
    return rejection('long_tasks: pulsetrace.long_task without a numeric duration');
  const common = commonColumns(r, meta, ctx, { urlKeys: PAGE_URL_KEYS });
  return finish(
    Object.assign(common, {
      kind: normalizeKind(r.str(LT.kind)),
      duration_ms: ms(duration),
      blocking_duration_ms: ms(r.num(LT.blocking) ?? Math.max(0, duration - BLOCKING_THRESHOLD_MS)),
      script_url: r.t.cap(r.str(LT.scriptUrl), LIMITS.url),
      invoker: r.t.cap(r.str(LT.invoker), LIMITS.attributeValue),
    }),
    r,
  );
}
