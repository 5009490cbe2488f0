/** Root jest config: one project per workspace. */
const swc = ['@swc/jest', { jsc: { target: 'es2022', transform: { react: { runtime: 'automatic' } } } }];

// Per-project `testTimeout` is not applied by jest 30's runner: slow files call jest.setTimeout().
const workspace = (displayName, dir) => ({
  displayName,
  testEnvironment: 'node',
  rootDir: `<rootDir>/${dir}`,
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  transform: { '^.+\\.tsx?$': swc },
});

module.exports = {
  // Tests and hooks (a processor's start in beforeAll) get 30 s, not jest's 5 s: on a loaded 2-core
  // machine a start can take longer, and a hook that times out leaves its embedded store open,
  // which fails every later file in that worker (chDB allows one data directory per process).
  testTimeout: 30_000,
  reporters: ['default', '<rootDir>/scripts/summary-reporter.js'],
  projects: [
    workspace('processor', 'collector-processor'),
    // Pure SDK logic runs in node; browser behaviour runs in real Chromium and Firefox (sdk/test/).
    workspace('sdk', 'sdk'),
    // The CLI runs as a child process against a real processor (cli/test/e2e.test.ts).
    workspace('cli', 'cli'),
    // The packed @pulsetrace/bundler-plugins inside real Vite, Rollup, webpack and esbuild builds.
    workspace('bundler-plugins', 'bundler-plugins'),
    // Rules as code: the built-ins, their compilers and the generated files (alert-rules/).
    workspace('alert-rules', 'alert-rules'),
    // The Grafana app's queries and REST calls against a real processor, and its components in
    // real Chromium (grafana-app/test/); its jsdom tests run under the plugin's own jest.
    {
      ...workspace('grafana-app', 'grafana-app'),
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // The data source code the app shares reads Grafana's template service only when given none.
      moduleNameMapper: { '^@grafana/runtime$': '<rootDir>/test/helpers/grafana-runtime.ts' },
    },
    // npm pack tarballs installed into a temp app outside the repo (test/packaging/).
    { ...workspace('packaging', 'test/packaging'), testMatch: ['<rootDir>/**/*.test.ts'] },
    // Dashboards as code: generated JSON up to date, every panel's query on demo data through the
    // data source's code, the pipeline dashboard's PromQL through a real Prometheus (dashboards/test/).
    // The data source's own code runs there: Grafana's services and @grafana/data's frame modules
    // as node stand-ins (dashboards/test/helpers/grafana-runtime.ts, grafana-data.ts say why).
    {
      ...workspace('dashboards', 'dashboards'),
      moduleNameMapper: {
        '^@grafana/runtime$': '<rootDir>/test/helpers/grafana-runtime.ts',
        '^@grafana/data$': '<rootDir>/test/helpers/grafana-data.ts',
      },
    },
  ],
};
