// Lint: typescript-eslint's recommended rules plus the layer rules that keep the request path
// readable. Syntax-only (no type information), so a run over the whole repository stays fast.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noIo = {
  regex: '^(node:)?(fs|net|http|https|http2|tls|dgram|dns|child_process|worker_threads)(/.*)?$',
  message: 'Machines are pure: no file, network or process I/O.',
};
const noIoPackages = {
  regex: '^(pg|pg-.+|fastify|fastify-.+|@fastify/.+|@anthropic-ai/sdk(/.*)?|@electric-sql/.+|drizzle-orm(/.*)?|ioredis|redis|undici)$',
  message: 'Machines are pure: no database, HTTP server or LLM client.',
};
const noAppCode = {
  regex: '(^|/)src/',
  message: 'Machines import nothing from the application (database, LLM layer, flows, engine).',
};
const noFlows = (layer) => ({
  regex: '(^|/)(flows|machines)(/|$)',
  message: `The ${layer} layer serves every flow and imports none; put flow policy in src/flows.`,
});
const noRepositories = {
  regex: '(^|/)(store|chatStore|chat-store|[a-z-]+-store)(\\.js)?$|(^|/)db(/|$)',
  message: 'Route handlers call a use case; they do not reach a repository or the database module directly.',
};

const ROUTE_FILES = ['src/**/routes.ts', 'src/**/*-routes.ts'];

const restrict = (...patterns) => ['error', { patterns }];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.data/**', 'coverage/**', 'drizzle/meta/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // TypeScript already reports undefined names, with the project's types and globals.
      'no-undef': 'off',
    },
  },
  { files: ['machines/**/*.ts'], rules: { 'no-restricted-imports': restrict(noIo, noIoPackages, noAppCode) } },
  { files: ['src/llm/**/*.ts'], rules: { 'no-restricted-imports': restrict(noFlows('LLM')) } },
  { files: ['src/engine/**/*.ts'], rules: { 'no-restricted-imports': restrict(noFlows('engine')) } },
  { files: ROUTE_FILES, rules: { 'no-restricted-imports': restrict(noRepositories) } },
);
