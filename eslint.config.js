// `npm run lint`: type-aware rules over the server, contract, web app, browser tests, benchmarks and
// scripts. Every file is checked against the tsconfig that compiles it (`npm run typecheck`).
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const tsconfigs = ['./tsconfig.json', './web/tsconfig.json'];
/** Each folder of web/src/features is one feature. */
const WEB_FEATURES = readdirSync(new URL('./web/src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

export default defineConfig(
  globalIgnores(['dist/', 'web/dist/', 'coverage/', 'data/', 'data-demo/', 'e2e/screenshots/', 'test-results/']),

  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // `project` rather than `projectService`, which would look for e2e/ in the root tsconfig.
      parserOptions: { project: tsconfigs, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // `_` marks a parameter a signature needs but the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Off: `async` without `await` is how this code meets a promise-returning contract (Fastify
      // plugins, store and listener interfaces, test callbacks), and it turns a throw into a rejection.
      '@typescript-eslint/require-await': 'off',
    },
  },

  // Import cycles: a module graph that is a tree keeps start-up order and mocking predictable.
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      // Two tsconfigs on purpose: the web app and browser tests have the DOM, the server does not.
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: tsconfigs, noWarnOnMultipleProjects: true })],
    },
    // Packages cannot import our modules back, so the search need not enter node_modules.
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },

  // The web app's layers (bulletproof-react's rule): shared code (components/, lib/, test/) ->
  // features/<name>/ -> app/. A feature imports shared code and nothing of another feature; a page
  // that shows pieces of two features is composed in app/ (or the piece moves to components/ or
  // lib/). Shared code imports no feature and no app code.
  {
    files: ['web/src/**/*.{ts,tsx}'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...WEB_FEATURES.map((feature) => ({
              target: `./web/src/features/${feature}`,
              from: './web/src/features',
              except: [`./${feature}`],
              message:
                'One web feature never imports another: move the shared piece to web/src/components or web/src/lib, or compose in web/src/app.',
            })),
            { target: './web/src/features', from: './web/src/app', message: 'Features do not import the app: the app composes them.' },
            {
              target: ['./web/src/components', './web/src/lib'],
              from: ['./web/src/features', './web/src/app'],
              message: 'Shared code (components/, lib/) imports no feature and no app code.',
            },
          ],
        },
      ],
    },
  },

  // The web app: hooks and accessibility.
  {
    files: ['web/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
    languageOptions: { globals: { ...globals.browser } },
  },
  { files: ['web/src/**/*.tsx'], ...jsxA11y.flatConfigs.recommended },
  {
    files: ['web/src/**/*.tsx'],
    // `<RequireRole role="client">` and `<LiveUpdates role=…>` take an account role, not an ARIA one.
    rules: { 'jsx-a11y/aria-role': ['error', { ignoreNonDOM: true }] },
  },

  // Tests, their helpers and the benchmarks read API responses as JSON typed `any` (`call()`,
  // `api()`, `response.json()`) and walk them freely; the assertions are the type check there.
  // Everything else, no-floating-promises above all (an un-awaited expect or request is a bug), stays.
  {
    files: ['**/*.test.{ts,tsx}', 'server/src/test/**', 'web/src/test/**', 'e2e/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },

  // Migrations take `Kysely<any>`, as Kysely advises: a migration must keep working however the
  // schema (server/src/db/schema.ts) changes after it, so it cannot be typed by it.
  {
    files: ['server/src/db/migrations/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },

  // This file is not part of any tsconfig.
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
);
