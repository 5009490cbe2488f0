/**
 * Annotation support: an annotation is a PulseTrace query with `annotation` set (releases,
 * deploys, new issues, insights, alerts); the data source runs it (annotations/run.ts) and Grafana turns
 * its time/timeEnd/title/text/tags fields into events.
 */
import { AnnotationQuery, AnnotationSupport } from '@grafana/data';
import { PulseTraceQuery } from '../types';
import { AnnotationEditor } from './AnnotationEditor';
import { migrateAnnotationTarget } from './target';

export const annotationSupport: AnnotationSupport<PulseTraceQuery> = {
  prepareAnnotation(json: AnnotationQuery<PulseTraceQuery>) {
    return { ...json, target: migrateAnnotationTarget(json.target ?? { refId: 'Anno' }) };
  },
  prepareQuery(annotation: AnnotationQuery<PulseTraceQuery>) {
    return migrateAnnotationTarget(annotation.target ?? { refId: 'Anno' });
  },
  QueryEditor: AnnotationEditor,
  getDefaultQuery: () => migrateAnnotationTarget({ refId: 'Anno', annotation: 'releases' }),
};
