/** Annotation query editor: what to mark (releases, deploys, new issues, insights, alerts) and for which project. */
import React, { useMemo } from 'react';
import { QueryEditorProps } from '@grafana/data';
import { InlineFieldRow, Stack, Text } from '@grafana/ui';
import { ProjectField } from '../components/common/ProjectField';
import { valuesLoader } from '../components/common/suggestions';
import { EnumField, ListField, MultiEnumField, SuggestListField } from '../components/fields/Fields';
import type { DataSource } from '../datasource';
import { ALERT_SEVERITIES, ALERT_STATES, ANNOTATION_KINDS, AnnotationKind, PulseTraceQuery } from '../types';
import { migrateAnnotationTarget } from './target';

type Props = QueryEditorProps<DataSource, PulseTraceQuery>;

const HELP: Record<AnnotationKind, string> = {
  releases: 'A mark where each release was created (registered by the CLI, or first seen in errors).',
  deploys: 'A mark, or a region from start to finish, for each deploy of a release.',
  new_issues: 'A mark where each issue was first seen.',
  insights:
    'A region from start to resolution for each incident card (anomalies, release regressions), except those marked not useful.',
  alerts:
    "A mark for each alert of the processor's rules that fired, and a region from firing to resolution for each resolved one.",
};

export function AnnotationEditor({ query: saved, onChange, datasource, range }: Props) {
  const query = useMemo(() => migrateAnnotationTarget(saved), [saved]);
  const kind = query.annotation ?? 'releases';
  const patch = (changes: Partial<PulseTraceQuery>) => onChange({ ...query, ...changes });
  // An emptied multi-select means no filter (the default), never an empty list.
  const list = (values: string[]) => (values.length ? values : undefined);
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
      {kind === 'alerts' && (
        <InlineFieldRow>
          <MultiEnumField
            id="pulsetrace-annotation-states"
            label="States"
            placeholder="Firing and resolved"
            values={ALERT_STATES}
            value={query.states}
            onChange={(states) => patch({ states: list(states) })}
          />
          <MultiEnumField
            id="pulsetrace-annotation-severities"
            label="Severity"
            placeholder="Any severity"
            values={ALERT_SEVERITIES}
            value={query.severities}
            onChange={(severities) => patch({ severities: list(severities) })}
          />
          <ListField
            id="pulsetrace-annotation-rules"
            label="Rules"
            tooltip="Rule ids; Enter adds one"
            placeholder="Every rule"
            value={query.ruleIds}
            onChange={(ruleIds) => patch({ ruleIds: list(ruleIds) })}
          />
        </InlineFieldRow>
      )}
    </Stack>
  );
}
