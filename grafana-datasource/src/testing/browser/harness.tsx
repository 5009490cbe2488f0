/**
 * The page the real-browser test opens (bundled by bundle.ts, served by server.ts): the plugin's
 * config, query, variable and annotation editors inside Grafana's theme, set up the way Grafana's
 * storybook renders @grafana/ui (ThemeContext with a createTheme theme, and GlobalStyles).
 *
 * Stubbed, because they only exist inside a running Grafana:
 * - @grafana/runtime's backend service (Grafana's data proxy, which adds the tokens on its server):
 *   the same test double as the jsdom tests (../grafana.ts), but every request goes over real HTTP
 *   with window.fetch to the fake processor served next to this page.
 * - the template service (dashboard variables live in Grafana's dashboard state): ../grafana.ts's.
 * Everything else is the real plugin code and the real @grafana/ui, @grafana/data and @grafana/runtime.
 */
import React, { ReactNode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { css } from '@emotion/css';
import { createTheme, DataSourceSettings, getDefaultTimeRange, GrafanaTheme2, ThemeContext } from '@grafana/data';
import { BackendSrvRequest } from '@grafana/runtime';
import { GlobalStyles, Text, useStyles2 } from '@grafana/ui';
import { AnnotationEditor } from '../../annotations/AnnotationEditor';
import { ConfigEditor } from '../../components/ConfigEditor';
import { QueryEditor } from '../../components/QueryEditor';
import { PulseTraceOptions, PulseTraceQuery, PulseTraceSecureJsonData } from '../../types';
import { VariableQueryEditor } from '../../variables/VariableQueryEditor';
import { PulseTraceVariableQuery } from '../../variables/variableQuery';
import { makeDataSource } from '../datasource';
import { Answer, fakeBackend, fakeTemplateSrv } from '../grafana';
import { ANNOTATION_QUERY, DASHBOARD_VARIABLES, QUERY_SAMPLES, SETTINGS, VARIABLE_QUERY } from './samples';

/** What the test reads back: the theme, and per editor every value it reported and every query run. */
export interface HarnessState {
  theme: { isDark: boolean; canvas: string };
  changes: Record<string, unknown[]>;
  runs: string[];
}

declare global {
  interface Window {
    harness: HarnessState;
  }
}

/** The backend service's request, as Grafana's backendSrv sends it: params in the query string, data as JSON. */
async function overHttp(request: BackendSrvRequest): Promise<Answer> {
  const url = new URL(request.url, window.location.origin);
  for (const [key, value] of Object.entries(request.params ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      url.searchParams.append(key, String(item));
    }
  }
  const hasBody = request.data !== undefined;
  const response = await fetch(url, {
    method: request.method ?? 'GET',
    headers: hasBody ? { 'content-type': 'application/json' } : undefined,
    body: hasBody ? JSON.stringify(request.data) : undefined,
  });
  const text = await response.text();
  return { status: response.status, data: text ? JSON.parse(text) : undefined };
}

fakeBackend(overHttp);
fakeTemplateSrv(DASHBOARD_VARIABLES);

const datasource = makeDataSource();
const range = getDefaultTimeRange();

function record(key: string, value: unknown) {
  (window.harness.changes[key] ??= []).push(value);
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(2), display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  section: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1.5),
    maxWidth: 1180,
    padding: theme.spacing(2),
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
  row: css({ border: `1px solid ${theme.colors.border.weak}`, borderRadius: theme.shape.radius.default }),
  rowHeader: css({
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'center',
    padding: theme.spacing(0.5, 1),
    background: theme.colors.background.secondary,
  }),
  refId: css({ color: theme.colors.primary.text, fontWeight: theme.typography.fontWeightMedium }),
  rowBody: css({ padding: theme.spacing(1) }),
  part: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5) }),
});

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const styles = useStyles2(getStyles);
  return (
    <section data-testid={id} className={styles.section}>
      <Text element="h2" variant="h3">
        {title}
      </Text>
      {children}
    </section>
  );
}

function Part({ title, children }: { title: string; children: ReactNode }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.part}>
      <Text element="h3" variant="h5" color="secondary">
        {title}
      </Text>
      {children}
    </div>
  );
}

/** A query in a panel's query list, with a header like Grafana's query row. */
function QueryRow({ title, saved }: { title: string; saved: Record<string, unknown> }) {
  const styles = useStyles2(getStyles);
  const [query, setQuery] = useState(saved as unknown as PulseTraceQuery);
  const refId = String(saved.refId);
  return (
    <div className={styles.row} data-testid={`query-${refId}`}>
      <div className={styles.rowHeader}>
        <span className={styles.refId}>{refId}</span>
        <Text color="secondary">{title}</Text>
      </div>
      <div className={styles.rowBody}>
        <QueryEditor
          query={query}
          datasource={datasource}
          range={range}
          onChange={(next) => {
            record(`query-${refId}`, next);
            setQuery(next);
          }}
          onRunQuery={() => window.harness.runs.push(`query-${refId}`)}
        />
      </div>
    </div>
  );
}

function Editors() {
  const styles = useStyles2(getStyles);
  const [settings, setSettings] = useState<DataSourceSettings<PulseTraceOptions, PulseTraceSecureJsonData>>(SETTINGS);
  const [variable, setVariable] = useState<PulseTraceVariableQuery>(VARIABLE_QUERY as PulseTraceVariableQuery);
  const [annotation, setAnnotation] = useState(ANNOTATION_QUERY as unknown as PulseTraceQuery);
  return (
    <main className={styles.page}>
      <Section id="config" title="PulseTrace data source settings">
        <ConfigEditor
          options={settings}
          onOptionsChange={(next) => {
            record('config', next);
            setSettings(next);
          }}
        />
      </Section>
      <Section id="queries" title="Panel queries">
        {QUERY_SAMPLES.map((sample) => (
          <QueryRow key={String(sample.saved.refId)} title={sample.title} saved={sample.saved} />
        ))}
      </Section>
      <Section id="variables" title="Variable and annotation queries">
        <Part title="Variable: release">
          <VariableQueryEditor
            query={variable}
            datasource={datasource}
            onRunQuery={() => window.harness.runs.push('variable')}
            onChange={(next) => {
              record('variable', next);
              setVariable(next);
            }}
          />
        </Part>
        <Part title="Annotation: new issues">
          <AnnotationEditor
            query={annotation}
            datasource={datasource}
            range={range}
            onRunQuery={() => window.harness.runs.push('annotation')}
            onChange={(next) => {
              record('annotation', next);
              setAnnotation(next);
            }}
          />
        </Part>
      </Section>
    </main>
  );
}

const mode = new URLSearchParams(window.location.search).get('theme') === 'light' ? 'light' : 'dark';
const theme = createTheme({ colors: { mode } });
window.harness = { theme: { isDark: theme.isDark, canvas: theme.colors.background.canvas }, changes: {}, runs: [] };

createRoot(document.getElementById('root')!).render(
  <ThemeContext.Provider value={theme}>
    <GlobalStyles />
    <Editors />
  </ThemeContext.Provider>
);
