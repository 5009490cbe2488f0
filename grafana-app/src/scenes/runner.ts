/** Query runners over the data source variable, for the queries a page's queries.ts builds. */
import { SceneDataTransformer, SceneQueryRunner } from '@grafana/scenes';
import { DataTransformerConfig } from '@grafana/data';
import { DS_REF, PulseTraceQuery } from '../queries/model';

export function queryRunner(queries: PulseTraceQuery[], maxDataPoints = 500): SceneQueryRunner {
  return new SceneQueryRunner({ datasource: DS_REF, queries, maxDataPoints });
}

/** A runner with Grafana transformations applied (organize, rename…). */
export function transformed(queries: PulseTraceQuery[], transformations: DataTransformerConfig[]) {
  return new SceneDataTransformer({ $data: queryRunner(queries), transformations });
}
