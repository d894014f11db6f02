import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['build/', 'node_modules/', 'data/', '.cache/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Route code must reach the database through the tenant transaction (db/CONVENTIONS.md).
      // `paths`, not `patterns`: a pattern starting with `#` is a gitignore comment and matches nothing.
      // Types may be imported anywhere: they open no connection.
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: ['#db/system.server.ts', '#db/client.server.ts', '#db/connection.server.ts'].map((name) => ({
          name,
          allowTypeImports: true,
          message: 'Routes use the caller’s tenant transaction (requireUser(...).db); the owner connection is for db/, the auth bootstrap and jobs.',
        })),
      }],
    },
  },
  {
    files: ['app/**/*.tsx', 'app/components/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Playwright fixtures take `{}` when they use no other fixture; tests and type shims may use `any`.
    files: ['tests/**', 'scripts/**/*.d.ts'],
    rules: { 'no-empty-pattern': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Where the owner connection is allowed. Stripe's webhook arrives without a user, like a system job;
    // a public form's throttle counts posts before anyone is known; the activity recorder writes its
    // batches where the application role has no insert grant (migration 0015).
    files: ['db/**', 'app/features/auth/**', 'app/features/jobs/**', 'tenants/host.server.ts', 'scripts/**', 'tests/**', 'app/features/mail/*.test.ts', 'app/features/payouts/stripe-webhook.server.ts', 'app/features/onboarding/public-throttle.server.ts', 'app/features/health/activity-recorder.server.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
)
