import { ValueKind } from '../../api/client';
import { PulseTraceQuery } from '../../types';
import { Loader } from '../fields/Fields';

/** What every per-type options editor gets. */
export interface TypeEditorProps {
  query: PulseTraceQuery;
  /** Applies a change and runs the query. */
  onChange: (patch: Partial<PulseTraceQuery>) => void;
  /** Suggestions from the values endpoint for the query's project. */
  suggest: (kind: ValueKind, extra?: { event?: string; key?: string }) => Loader;
}

/** Unique per query row, so labels point at the right input when a panel has several queries. */
export const fieldId = (query: PulseTraceQuery, name: string) => `pulsetrace-${query.refId}-${name}`;
