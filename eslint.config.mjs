import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'data/**',
      '**/generated/**',
      '**/.config/**',
      'grafana-datasource/**',
      'grafana-app/**',
      // Minified builds of the grouping corpus app (generated, committed as test input).
      'collector-processor/test/fixtures/grouping-corpus/builds/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The grouping corpus app runs in browsers (its sources are test input: see grouping-corpus/README.md).
    files: ['collector-processor/test/fixtures/grouping-corpus/app/**/*.js'],
    languageOptions: { globals: { document: 'readonly', setTimeout: 'readonly' } },
  },
);
