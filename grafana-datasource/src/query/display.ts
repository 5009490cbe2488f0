/** Short texts for a query (Explore's query history, the inspector), and Explore's filter actions. Pure. */
import { ALL_FILTER_KEYS, PulseTraceQuery } from '../types';
import { filterKeysOf, labelOf, TYPE_INFO } from './catalog';

const list = (values: string[] | undefined) => (values && values.length > 0 ? values.join(', ') : undefined);

function optionsText(q: PulseTraceQuery): string[] {
  switch (q.type) {
    case 'web_vitals':
      return [`${q.metric ?? ''} ${(q.percentiles ?? []).map((p) => `p${p}`).join('/')}`.trim()];
    case 'web_analytics':
      return [list(q.metrics?.map(labelOf)) ?? ''];
    case 'web_breakdown':
      return [`by ${labelOf(q.dimension ?? '')}`];
    case 'issue_detail':
      return [`issue ${q.issueId ?? '?'}`];
    case 'release_comparison':
      return [`${q.baseRelease ?? '?'} vs ${q.targetRelease ?? '?'}`];
    case 'session_timeline':
      return [`session ${q.sessionId ?? '?'}`];
    case 'custom_events':
      if (q.view === 'measure' || q.view === 'measure_timeseries') {
        return [list(q.names) ?? '', `${labelOf(q.aggregation ?? 'sum')} of ${q.propertyKey ?? '?'}`];
      }
      return [list(q.names) ?? '', q.propertyKey ? `property ${q.propertyKey}` : ''];
    case 'issues':
      return [q.search ? `"${q.search}"` : '', list(q.statuses?.map(labelOf)) ?? ''];
    case 'alerts':
      // The firing view reads neither states nor rule kinds.
      return [
        list(q.ruleIds) ?? '',
        q.view === 'firing' ? '' : (list(q.states?.map(labelOf)) ?? ''),
        list(q.severities?.map(labelOf)) ?? '',
      ];
    default:
      return [];
  }
}

export function queryDisplayText(q: PulseTraceQuery): string {
  const parts = [TYPE_INFO[q.type].label, ...optionsText(q)];
  if (q.view) {
    parts.push(labelOf(q.view));
  }
  if (q.project) {
    parts.push(`project ${q.project}`);
  }
  for (const key of ALL_FILTER_KEYS) {
    if (q.filters[key]) {
      parts.push(`${key} = ${q.filters[key]!.join(' | ')}`);
    }
    if (q.exclude[key]) {
      parts.push(`${key} != ${q.exclude[key]!.join(' | ')}`);
    }
  }
  if (q.groupBy.length > 0) {
    parts.push(`by ${q.groupBy.join(', ')}`);
  }
  return parts.filter((p) => p !== '').join(' · ');
}

/** Explore's "filter for value" / "filter out value" on a field that is one of our filter keys. */
export function withFilter(q: PulseTraceQuery, key: string, value: string, exclude: boolean): PulseTraceQuery {
  const filterKey = filterKeysOf(q.type).find((k) => k === key);
  if (!filterKey || value === '') {
    return q;
  }
  const target = exclude ? 'exclude' : 'filters';
  const other = exclude ? 'filters' : 'exclude';
  const remaining = (q[other][filterKey] ?? []).filter((v) => v !== value);
  const otherMap = { ...q[other] };
  if (remaining.length > 0) {
    otherMap[filterKey] = remaining;
  } else {
    delete otherMap[filterKey];
  }
  const values = exclude ? [...new Set([...(q.exclude[filterKey] ?? []), value])] : [value];
  return { ...q, [other]: otherMap, [target]: { ...q[target], [filterKey]: values } };
}
