/**
 * Releases, deploys, new issues, insights and alerts as annotation frames: fields time, timeEnd, title, text and
 * tags, the names Grafana's annotation processing maps by default. Pure.
 */
import { createDataFrame, DataFrame, DataFrameJSON, FieldType } from '@grafana/data';
import { DeployJSON, ReleaseJSON } from '../api/client';

export interface AnnotationEventRow {
  time: number;
  timeEnd?: number;
  title: string;
  text: string;
  tags: string[];
}

export interface Range {
  from: number;
  to: number;
}

/** Epoch ms from epoch ms, epoch seconds, a numeric string or an ISO date; undefined otherwise. */
export function toEpochMs(value: unknown): number | undefined {
  if (value === null || value === undefined || value === '') {
    return undefined;
  }
  const n = typeof value === 'number' ? value : Number(value);
  if (Number.isFinite(n)) {
    // Below 1e11 a value can only be seconds (1e11 ms is 1973).
    return n < 1e11 ? Math.round(n * 1000) : Math.round(n);
  }
  const parsed = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(parsed) ? parsed : undefined;
}

const inRange = (t: number | undefined, r: Range): t is number => t !== undefined && t >= r.from && t <= r.to;

export function releaseEvents(releases: ReleaseJSON[], range: Range): AnnotationEventRow[] {
  return releases.flatMap((r) => {
    const time = toEpochMs(r.createdAt);
    if (!inRange(time, range)) {
      return [];
    }
    const lines = [
      r.ref ? `ref ${r.ref}` : '',
      r.url ?? '',
      r.issues ? `${r.issues} issues, ${r.newIssues ?? 0} new` : '',
    ];
    return [
      { time, title: `Release ${r.version}`, text: lines.filter(Boolean).join('\n'), tags: ['release', r.version] },
    ];
  });
}

/** Deploys in range; a deploy with a start time is a region from start to finish. */
export function deployEvents(deploys: DeployJSON[], range: Range, environments: string[] = []): AnnotationEventRow[] {
  return deploys.flatMap((d) => {
    if (environments.length > 0 && !environments.includes(d.environment)) {
      return [];
    }
    const end = toEpochMs(d.finishedAt);
    const start = toEpochMs(d.startedAt) ?? end;
    if (start === undefined || end === undefined || end < range.from || start > range.to) {
      return [];
    }
    const name = d.name ? ` (${d.name})` : '';
    return [
      {
        time: start,
        ...(end > start ? { timeEnd: end } : {}),
        title: `Deployed ${d.release} to ${d.environment}${name}`,
        text: d.url ?? '',
        tags: ['deploy', d.environment, d.release],
      },
    ];
  });
}

function column(frame: DataFrameJSON, names: string[]): unknown[] | undefined {
  const index = (frame.schema?.fields ?? []).findIndex((f) => names.includes(f.name));
  return index >= 0 ? frame.data?.values?.[index] : undefined;
}

/** Issues (an `issues` query sorted newest) first seen in range. */
export function newIssueEvents(frames: DataFrameJSON[], range: Range): AnnotationEventRow[] {
  return frames.flatMap((frame) => {
    const firstSeen = column(frame, ['first_seen', 'firstSeen']) ?? [];
    const titles = column(frame, ['title']) ?? [];
    const culprits = column(frame, ['culprit']) ?? [];
    const types = column(frame, ['type', 'exception_type']) ?? [];
    const ids = column(frame, ['id', 'issue_id']) ?? [];
    return firstSeen.flatMap((value, row) => {
      const time = toEpochMs(value);
      if (!inRange(time, range)) {
        return [];
      }
      const type = types[row] ? String(types[row]) : '';
      return [
        {
          time,
          title: `New issue: ${String(titles[row] ?? ids[row] ?? 'unknown error')}`,
          text: [culprits[row], ids[row] ? `issue ${ids[row]}` : ''].filter(Boolean).join('\n'),
          tags: ['issue', ...(type ? [type] : [])],
        },
      ];
    });
  });
}

/**
 * Insights (the `insights` query's list frame) as regions from their change point to their
 * resolution (a point while still open), tagged with kind, severity and status.
 */
export function insightEvents(frames: DataFrameJSON[], range: Range): AnnotationEventRow[] {
  return frames.flatMap((frame) => {
    const started = column(frame, ['started_at']) ?? [];
    const resolved = column(frame, ['resolved_at']) ?? [];
    const titles = column(frame, ['title']) ?? [];
    const hypotheses = column(frame, ['top_hypothesis']) ?? [];
    const ids = column(frame, ['id']) ?? [];
    const tagColumns = ['kind', 'severity', 'status'].map((name) => column(frame, [name]) ?? []);
    return started.flatMap((value, row) => {
      const time = toEpochMs(value);
      const end = toEpochMs(resolved[row]);
      // The processor lists cards overlapping the range; one begun before it is a region Grafana clips.
      if (time === undefined || time > range.to || (end !== undefined && end < range.from)) {
        return [];
      }
      const cause = hypotheses[row] ? `Likely cause: ${hypotheses[row]}` : '';
      return [
        {
          time,
          ...(end !== undefined && end > time ? { timeEnd: end } : {}),
          title: `Insight: ${String(titles[row] ?? ids[row] ?? 'unnamed')}`,
          text: [cause, ids[row] ? `insight ${ids[row]}` : ''].filter(Boolean).join('\n'),
          tags: [
            'insight',
            ...tagColumns
              .map((c) => c[row])
              .filter(Boolean)
              .map(String),
          ],
        },
      ];
    });
  });
}

/**
 * Alert state changes (the `alerts` query's timeline frame), one event each. A resolve is a region
 * from when the alert fired (starts_at) to its resolution (time_end), so the panel shows how long
 * it fired; other changes, and event alerts (which fire once, time_end = time), are points at the
 * change. Tagged with the rule's name, the state and the severity (and `silenced` when it was).
 */
export function alertEvents(frames: DataFrameJSON[], range: Range): AnnotationEventRow[] {
  return frames.flatMap((frame) => {
    const times = column(frame, ['time']) ?? [];
    const ends = column(frame, ['time_end']) ?? [];
    const starts = column(frame, ['starts_at']) ?? [];
    const names = column(frame, ['rule_name']) ?? [];
    const ruleIds = column(frame, ['rule_id']) ?? [];
    const states = column(frame, ['state']) ?? [];
    const severities = column(frame, ['severity']) ?? [];
    const summaries = column(frame, ['summary']) ?? [];
    const silenced = column(frame, ['silenced']) ?? [];
    return times.flatMap((value, row) => {
      const at = toEpochMs(value);
      if (!inRange(at, range)) {
        return [];
      }
      const end = toEpochMs(ends[row]);
      const start = toEpochMs(starts[row]);
      const region = end !== undefined && start !== undefined && end > start;
      const name = String(names[row] || ruleIds[row] || 'alert');
      const state = states[row] ? String(states[row]) : '';
      return [
        {
          time: region ? start : at,
          ...(region ? { timeEnd: end } : {}),
          title: `${state ? `${state.charAt(0).toUpperCase()}${state.slice(1)}: ` : ''}${name}`,
          text: summaries[row] ? String(summaries[row]) : '',
          tags: [
            'alert',
            name,
            ...[state, severities[row]].filter(Boolean).map(String),
            ...(silenced[row] === true || silenced[row] === 1 ? ['silenced'] : []),
          ],
        },
      ];
    });
  });
}

export function annotationFrame(refId: string, rows: AnnotationEventRow[]): DataFrame {
  const sorted = [...rows].sort((a, b) => a.time - b.time);
  return createDataFrame({
    refId,
    fields: [
      { name: 'time', type: FieldType.time, values: sorted.map((r) => r.time) },
      { name: 'timeEnd', type: FieldType.time, values: sorted.map((r) => r.timeEnd ?? null) },
      { name: 'title', type: FieldType.string, values: sorted.map((r) => r.title) },
      { name: 'text', type: FieldType.string, values: sorted.map((r) => r.text) },
      { name: 'tags', type: FieldType.other, values: sorted.map((r) => r.tags) },
    ],
  });
}
