import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Browser globals the framework-free core must never touch. */
const domGlobals = [
  'window',
  'document',
  'navigator',
  'localStorage',
  'sessionStorage',
  'indexedDB',
  'HTMLElement',
  'HTMLImageElement',
  'HTMLVideoElement',
  'HTMLCanvasElement',
  'OffscreenCanvas',
  'Image',
  'ImageData',
  'createImageBitmap',
  'requestAnimationFrame',
  'location',
  'alert',
].map((name) => ({
  name,
  message: 'src/core runs in Node too: no DOM globals (use src/platform).',
}));

/**
 * Ways to turn a string into markup. User strings (class names, file names, labels from opened
 * files) must never reach them: React escapes text, and plain DOM code uses textContent.
 */
const htmlSinks = [
  {
    selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
    message: 'No dangerouslySetInnerHTML: render text with React, which escapes it.',
  },
  {
    selector: 'MemberExpression[property.name=/^(innerHTML|outerHTML)$/]',
    message: 'No innerHTML/outerHTML: build elements and set textContent.',
  },
  {
    selector:
      'CallExpression[callee.property.name=/^(insertAdjacentHTML|createContextualFragment|setHTMLUnsafe)$/]',
    message: 'No HTML parsing from strings: build elements and set textContent.',
  },
  {
    selector: "CallExpression[callee.object.name='document'][callee.property.name=/^write(ln)?$/]",
    message: 'No document.write: build elements and set textContent.',
  },
];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'public/models', 'bench/results', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: { 'no-restricted-syntax': ['error', ...htmlSinks] },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}', 'src/main.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-dom', 'react/*', 'react-dom/*'],
              message: 'src/core is framework-free: no React.',
            },
            {
              group: ['**/platform/**', '**/ui/**'],
              message: 'src/core must not import adapters or UI.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...domGlobals],
      'no-console': 'error',
    },
  },
);
