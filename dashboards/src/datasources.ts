/**
 * The data sources every dashboard reads through, by the uids Grafana provisioning gives them
 * (deploy/grafana/provisioning/datasources/): PulseTrace for RUM data, Prometheus for the
 * processor's own /metrics. Fixed uids, not a data source variable, so a provisioned dashboard
 * works with no choice to make; a second PulseTrace instance needs its own copy of the JSON.
 */
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';

export const PULSETRACE: DataSourceRef = { type: 'pulsetrace-rum-datasource', uid: 'pulsetrace' };
export const PROMETHEUS: DataSourceRef = { type: 'prometheus', uid: 'prometheus' };

/** The app plugin's base URL (grafana-app/src/constants.ts: PLUGIN_BASE_URL). */
export const APP_URL = '/a/pulsetrace-app';

/** What the data source reads as "All": no filter (grafana-datasource/src/query/interpolate.ts). */
export const ALL_VALUE = '*';
