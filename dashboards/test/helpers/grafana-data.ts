/**
 * @grafana/data for the dashboards tests (jest.config.js maps it here): Grafana's own data-frame
 * code, loaded from its modules directly. The package's index also loads browser-only parts (a
 * local-storage store, themes) that need a DOM; the data source's query, variable and annotation
 * code only builds and reads frames, which these modules do in node exactly as in Grafana.
 */
const dist = '../../../grafana-datasource/node_modules/@grafana/data/dist/cjs';
/* eslint-disable @typescript-eslint/no-require-imports -- the package's own CommonJS modules, by path */
export const { createDataFrame } = require(`${dist}/dataframe/processDataFrame.cjs`);
export const { dataFrameFromJSON } = require(`${dist}/dataframe/DataFrameJSON.cjs`);
export const { FieldType } = require(`${dist}/types/dataFrame.cjs`);
// Grafana's regex escaping (the `regex` interpolation format) and its /pattern/flags parser.
export const { escapeRegex, stringToJsRegex } = require(`${dist}/text/string.cjs`);
