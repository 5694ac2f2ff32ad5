// ESLint (flat config) for the hub's web front end: ES modules run by browsers, bundled by the
// Quarkus Web Bundler. Run by FrontEndLintTest during the build, or by hand: npm ci && npm run lint.
import js from '@eslint/js';
import globals from 'globals';

export default [
  js.configs.recommended,
  {
    files: ['src/main/resources/web/app/**/*.js'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.browser },
    },
  },
];
