/** Annotation query editor: what to mark (releases, deploys, new issues, insights) and for which project. */
import React, { useMemo } from 'react';
import { QueryEditorProps } from '@grafana/data';
import { InlineFieldRow, Stack, Text } from '@grafana/ui';
import { ProjectField } from '../components/common/ProjectField';
import { valuesLoader } from '../components/common/suggestions';
import { EnumField, SuggestListField } from '../components/fields/Fields';
import type { DataSource } from '../datasource';
import { ANNOTATION_KINDS, AnnotationKind, PulseTraceQuery } from '../types';
import { migrateAnnotationTarget } from './target';

type Props = QueryEditorProps<DataSource, PulseTraceQuery>;

const HELP: Record<AnnotationKind, string> = {
  releases: 'A mark where each release was created (registered by the CLI, or first seen in errors).',
  deploys: 'A mark, or a region from start to finish, for each deploy of a release.',
  new_issues: 'A mark where each issue was first seen.',
  insights:
    'A region from start to resolution for each incident card (anomalies, release regressions), except those marked not useful.',
};

export function AnnotationEditor({ query: saved, onChange, datasource, range }: Props) {
  const query = useMemo(() => migrateAnnotationTarget(saved), [saved]);
  const kind = query.annotation ?? 'releases';
  const patch = (changes: Partial<PulseTraceQuery>) => onChange({ ...query, ...changes });
  const setFilter = (key: 'environment' | 'release', values: string[]) => {
    const filters = { ...query.filters };
    if (values.length > 0) {
      filters[key] = values;
    } else {
      delete filters[key];
    }
    patch({ filters });
  };
  return (
    <Stack direction="column" gap={0.5}>
      <InlineFieldRow>
        <ProjectField
          id="pulsetrace-annotation-project"
          datasource={datasource}
          value={query.project}
          onChange={(project) => patch({ project })}
        />
        <EnumField
          id="pulsetrace-annotation-kind"
          label="Show"
          values={ANNOTATION_KINDS}
          value={kind}
          onChange={(annotation) => patch({ annotation: annotation as AnnotationKind })}
        />
      </InlineFieldRow>
      <Text color="secondary" variant="bodySmall">
        {HELP[kind]}
      </Text>
      {(kind === 'deploys' || kind === 'new_issues') && (
        <InlineFieldRow>
          <SuggestListField
            id="pulsetrace-annotation-environment"
            label="Environments"
            placeholder="All environments"
            load={valuesLoader(datasource, query.project, range, 'environments')}
            value={query.filters.environment}
            onChange={(values) => setFilter('environment', values)}
          />
          {kind === 'new_issues' && (
            <SuggestListField
              id="pulsetrace-annotation-release"
              label="Releases"
              placeholder="All releases"
              load={valuesLoader(datasource, query.project, range, 'releases')}
              value={query.filters.release}
              onChange={(values) => setFilter('release', values)}
            />
          )}
        </InlineFieldRow>
      )}
    </Stack>
  );
}
