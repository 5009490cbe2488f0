/** Root jest config: one project per workspace; later packages (sdk, plugins) add their own entry. */
module.exports = {
  reporters: ['default', '<rootDir>/scripts/summary-reporter.js'],
  projects: [
    {
      displayName: 'processor',
      testEnvironment: 'node',
      rootDir: '<rootDir>/collector-processor',
      testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
      transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
      testTimeout: 60000,
    },
  ],
};
