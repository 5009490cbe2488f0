/**
 * "Show me": a hypothesis's reproducing queries (PulseTrace query bodies as POST /api/v1/query
 * takes them, each with its own from / to) opened in Grafana Explore on the page's PulseTrace data
 * source. Queries over the same window share a pane; a baseline and a current window open side by
 * side (Explore's split view, `panes` of Grafana 10+), each over exactly its window, so Explore
 * shows the numbers the card quotes.
 */
import { migrateQuery } from '../../../../grafana-datasource/src/query/migrate';
import { DATASOURCE_TYPE } from '../../constants';
import type { HypothesisRow } from './model';

type Body = Record<string, unknown>;

/** The queries with a name each: `baseline` / `current` when named, else q1, q2… */
export function namedQueries(queries: HypothesisRow['queries']): Array<[string, Body]> {
  if (!queries) {
    return [];
  }
  const entries: Array<[string, unknown]> = Array.isArray(queries)
    ? queries.map((q, i) => [`q${i + 1}`, q])
    : Object.entries(queries);
  return entries.filter((e): e is [string, Body] => !!e[1] && typeof e[1] === 'object' && 'type' in e[1]);
}

interface Pane {
  datasource: string;
  queries: Body[];
  range: { from: string; to: string };
}

/**
 * The Explore URL of these queries, or undefined when there are none. `fallback` is the range of
 * a query that carries none (the card's own window).
 */
export function exploreUrl(
  dsUid: string,
  queries: HypothesisRow['queries'],
  fallback: { from: number; to: number }
): string | undefined {
  const named = namedQueries(queries);
  if (!dsUid || named.length === 0) {
    return undefined;
  }
  const panes: Record<string, Pane> = {};
  for (const [name, body] of named) {
    const from = typeof body.from === 'number' ? body.from : fallback.from;
    const to = typeof body.to === 'number' ? body.to : fallback.to;
    const key = Object.keys(panes).find(
      (k) => panes[k]!.range.from === String(from) && panes[k]!.range.to === String(to)
    );
    // The saved-query model the data source's editor reads (migrateQuery keeps the type's options).
    const { from: _f, to: _t, ...rest } = body;
    const query = {
      ...migrateQuery({ ...rest, refId: name }),
      datasource: { type: DATASOURCE_TYPE, uid: dsUid },
    };
    if (key) {
      panes[key]!.queries.push(query);
    } else {
      panes[name] = { datasource: dsUid, queries: [query], range: { from: String(from), to: String(to) } };
    }
  }
  return `/explore?schemaVersion=1&panes=${encodeURIComponent(JSON.stringify(panes))}`;
}
