// @ts-check
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

const NODE_BUILTINS = ['fs', 'path', 'os', 'crypto', 'child_process', 'net', 'http', 'https', 'stream', 'util', 'events', 'worker_threads', 'process', 'url'];
const FORBIDDEN_IN_PURE_CODE = [
  { group: ['@nestjs/*', 'typeorm', 'pg', 'bullmq', 'ioredis', 'express', 'pino', 'nestjs-pino'], message: 'Workflow and domain code must stay deterministic: no frameworks or I/O.' },
  { group: NODE_BUILTINS.flatMap((m) => [m, `node:${m}`]), message: 'No Node built-ins in workflow or domain code.' },
];

// The rules of every TypeScript file, the services' and the console's.
const TYPESCRIPT_RULES = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
  '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
  '@typescript-eslint/no-non-null-assertion': 'off',
  'no-restricted-syntax': ['error', { selector: "CallExpression[callee.name='parseFloat']", message: 'Money and rates never go through floats.' }],
};

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tmp/**', '.data/**', 'coverage/**', 'bench/results/**', 'test/lint-fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    ignores: ['apps/console/**'],
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: __dirname } },
    rules: TYPESCRIPT_RULES,
  },
  {
    // The web console: browser code with its own compiler settings (DOM, JSX).
    files: ['apps/console/**/*.ts', 'apps/console/**/*.tsx'],
    ignores: ['apps/console/src/api/schema.d.ts'],
    languageOptions: { parserOptions: { project: './apps/console/tsconfig.json', tsconfigRootDir: __dirname } },
    rules: TYPESCRIPT_RULES,
  },
  {
    files: ['apps/console/vite.config.mjs'],
    languageOptions: { globals: { URL: 'readonly' } },
  },
  {
    // libs/domain depends on nothing; workflows import only @temporalio/workflow and libs/domain.
    files: ['libs/domain/**/*.ts', 'workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: FORBIDDEN_IN_PURE_CODE }],
      'no-restricted-globals': ['error', { name: 'process', message: 'No process access in deterministic code.' }],
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...FORBIDDEN_IN_PURE_CODE, { group: ['@temporalio/*'], message: 'libs/domain depends on nothing.' }] }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            ...FORBIDDEN_IN_PURE_CODE,
            { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/common'], message: 'Workflows import only @temporalio/workflow.' },
            { group: ['../../activities/*', '../../activities/**'], message: 'Import activity types with `import type` only.', allowTypeImports: true },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly', fetch: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
