// Flat config: typed rules everywhere, plus the workflow sandbox boundary (no Node built-ins in workflows/).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import { builtinModules } from 'node:module';
import { layers } from './eslint.layers.mjs';

export default tseslint.config(
  { ignores: ['lib/**', '.scratch/**', 'node_modules/**', '.data/**', 'coverage/**', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Forgetting to await activities and workflow APIs is a classic Temporal bug.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'object-shorthand': 'error',
    },
  },
  {
    // Layers import downward only (docs/architecture.md).
    plugins: { layers },
    rules: { 'layers/downward-only': 'error' },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)], patterns: ['pino', 'zod'] },
      ],
      // A plain Error fails the workflow task forever; throw ApplicationFailure instead.
      'no-restricted-syntax': [
        'error',
        {
          selector: "ThrowStatement > NewExpression[callee.name='Error']",
          message: 'Throw ApplicationFailure in workflows.',
        },
      ],
    },
  },
  {
    // Only the configuration module reads the environment.
    files: ['**/*.ts'],
    ignores: ['temporal.config.ts', 'scripts/**', 'test/**', 'bench/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings via temporal.config.ts.' },
      ],
    },
  },
);
