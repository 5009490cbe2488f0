// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const path = require('path');
const base = require('./.config/jest.config');

const local = (name) => path.join(__dirname, 'node_modules', name);
const swcTransform = Object.values(base.transform)[0];

module.exports = {
  // Jest configuration provided by Grafana scaffolding
  ...base,
  // npm workspaces hoist some of Grafana's ESM-only dependencies (d3-color 3.1.1 ships only
  // dist/*.mjs) to the repo root; the scaffolded transform only matches .js/.ts files.
  transform: { ...base.transform, '^.+\\.mjs$': swcTransform },
  moduleFileExtensions: ['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'json', 'node'],
  setupFilesAfterEnv: ['<rootDir>/jest-setup-any-env.js'],
  // The editors render Grafana's UI (comboboxes, pickers): about 1-2.5 s a test here, and over 5 s (jest's
  // default) when npm test runs the Go backend test beside this jest on two cores. One timeout then
  // leaves React's act() scope open and fails every later test in the file.
  testTimeout: 30_000,
  // The repo root has React 19 (for other workspaces) and @testing-library/react hoisted there;
  // the plugin runs on Grafana's React 18, so every import of React resolves to this package's copy.
  moduleNameMapper: {
    ...base.moduleNameMapper,
    '^react$': local('react'),
    '^react/(.*)$': `${local('react')}/$1`,
    '^react-dom$': local('react-dom'),
    '^react-dom/(.*)$': `${local('react-dom')}/$1`,
  },
};
