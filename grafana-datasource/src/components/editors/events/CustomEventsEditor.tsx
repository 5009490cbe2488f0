import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { MEASURE_VIEWS, PROPERTY_VIEWS } from '../../../query/catalog';
import { MEASURE_AGGREGATIONS } from '../../../types';
import { EnumField, SuggestField, SuggestListField } from '../../fields/Fields';
import { fieldId, TypeEditorProps } from '../types';

export function CustomEventsEditor({ query, onChange, suggest }: TypeEditorProps) {
  const byProperty = (PROPERTY_VIEWS as readonly string[]).includes(query.view ?? '');
  const measure = MEASURE_VIEWS.includes(query.view ?? '');
  return (
    <>
      <InlineFieldRow>
        <EnumField
          id={fieldId(query, 'view')}
          label="View"
          values={['timeseries', 'by_name', 'properties', 'measure', 'measure_timeseries']}
          value={query.view}
          onChange={(view) => onChange({ view })}
        />
        <SuggestListField
          id={fieldId(query, 'names')}
          label="Events"
          placeholder="Any event"
          load={suggest('event_names')}
          value={query.names}
          onChange={(names) => onChange({ names: names.length ? names : undefined })}
        />
      </InlineFieldRow>
      {byProperty && (
        <InlineFieldRow>
          <SuggestField
            id={fieldId(query, 'propertyKey')}
            label="Property"
            tooltip={
              measure
                ? 'A property the app sends as a number (revenue, cart size); events without it are left out'
                : 'Counts per value of this property'
            }
            placeholder="Required"
            load={suggest('property_keys', { event: query.names?.[0] })}
            value={query.propertyKey}
            onChange={(propertyKey) => onChange({ propertyKey })}
          />
          {measure && (
            <EnumField
              id={fieldId(query, 'aggregation')}
              label="Aggregation"
              tooltip="Sum, average, extremes or an exact percentile of the property, per event name and group-by value"
              values={MEASURE_AGGREGATIONS}
              value={query.aggregation ?? 'sum'}
              onChange={(aggregation) => onChange({ aggregation })}
            />
          )}
        </InlineFieldRow>
      )}
    </>
  );
}
