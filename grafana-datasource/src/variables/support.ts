/** Template variable support with PulseTrace's own editor (variables/VariableQueryEditor.tsx). */
import {
  createDataFrame,
  CustomVariableSupport,
  DataQueryRequest,
  DataQueryResponse,
  FieldType,
  MetricFindValue,
} from '@grafana/data';
import { catchError, from, map, Observable, of } from 'rxjs';
import { describeFailure, toFailure } from '../api/failure';
import type { DataSource } from '../datasource';
import { migrateVariableQuery, PulseTraceVariableQuery } from './variableQuery';
import { VariableQueryEditor } from './VariableQueryEditor';

/** Grafana reads a variable's options from the `text` and `value` fields of the frame. */
export function valuesFrame(values: MetricFindValue[]) {
  return createDataFrame({
    fields: [
      { name: 'text', type: FieldType.string, values: values.map((v) => v.text) },
      { name: 'value', type: FieldType.string, values: values.map((v) => String(v.value ?? v.text)) },
    ],
  });
}

export class PulseTraceVariableSupport extends CustomVariableSupport<DataSource, PulseTraceVariableQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: DataSource) {
    super();
  }

  query(request: DataQueryRequest<PulseTraceVariableQuery>): Observable<DataQueryResponse> {
    const query = migrateVariableQuery(request.targets[0]);
    return from(this.datasource.variableValues(query, request.range, request.scopedVars)).pipe(
      map((values) => ({ data: [valuesFrame(values)] })),
      catchError((err: unknown) =>
        of({
          data: [],
          errors: [
            { message: err instanceof Error && !('status' in err) ? err.message : describeFailure(toFailure(err)) },
          ],
        })
      )
    );
  }
}
