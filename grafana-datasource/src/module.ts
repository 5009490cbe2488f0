import { DataSourcePlugin } from '@grafana/data';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { DataSource } from './datasource';
import { PulseTraceOptions, PulseTraceQuery } from './types';

export const plugin = new DataSourcePlugin<DataSource, PulseTraceQuery, PulseTraceOptions>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
