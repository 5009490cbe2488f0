/** Root jest config: one project per workspace. */
const swc = ['@swc/jest', { jsc: { target: 'es2022', transform: { react: { runtime: 'automatic' } } } }];
module.exports = {
  reporters: ['default', '<rootDir>/scripts/summary-reporter.js'],
  projects: [
    {
      displayName: 'processor',
      testEnvironment: 'node',
      rootDir: '<rootDir>/collector-processor',
      testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
      transform: { '^.+\\.ts$': swc },
      testTimeout: 60000,
    },
    {
      // Pure SDK logic runs in node; browser behaviour runs in real Chromium and Firefox (sdk/test/).
      displayName: 'sdk',
      testEnvironment: 'node',
      rootDir: '<rootDir>/sdk',
      testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
      transform: { '^.+\\.tsx?$': swc },
      testTimeout: 120000,
    },
    {
      // The CLI runs as a child process against a real processor (cli/test/e2e.test.ts).
      displayName: 'cli',
      testEnvironment: 'node',
      rootDir: '<rootDir>/cli',
      testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
      transform: { '^.+\\.ts$': swc },
      testTimeout: 120000,
    },
  ],
};
