// @ts-check
/**
 * Typed lint (`npm run lint`, in `npm test` with --max-warnings 0): typescript-eslint with type
 * information for .ts and the <script lang="ts"> of .svelte files (eslint-plugin-svelte), and the
 * import boundaries of the house rules:
 *   - src/lib/core imports nothing outside src/lib/core (plain TypeScript, no packages);
 *   - src/lib never imports src/widgets (data flows one way);
 *   - src/widgets reach TF.js only through `await import()`: no static import of @tensorflow/* or of
 *     a src/lib module that imports TF.js statically (that list is computed below, from the source).
 * .astro pages are checked by `astro check` (npm run typecheck); .mdx chapters by the content tests.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import js from '@eslint/js';
import globals from 'globals';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';

const ROOT = import.meta.dirname;

/** Files under src/lib that import TF.js statically, directly or through other src/lib files. */
function tfStaticModules() {
  /** @type {Map<string, string[]>} */
  const deps = new Map();
  const walk = (/** @type {string} */ dir) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts')) {
        const text = readFileSync(full, 'utf8');
        const specs = [...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^;'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)].map((m) => m[1]);
        deps.set(
          full,
          specs.map((s) => (s.startsWith('.') ? resolve(dirname(full), s) : s)),
        );
      }
    }
  };
  walk(join(ROOT, 'src/lib'));
  const tainted = new Set();
  let grew = true;
  while (grew) {
    grew = false;
    for (const [file, specs] of deps) {
      if (!tainted.has(file) && specs.some((s) => s.startsWith('@tensorflow/') || tainted.has(s))) {
        tainted.add(file);
        grew = true;
      }
    }
  }
  return [...tainted].map((f) => relative(ROOT, f)).sort();
}

const TF_MODULES = tfStaticModules();
const tfMessage = 'Widgets load TF.js only with `await import()` when compute starts (README "Bundle budgets").';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      '.astro/**',
      '.cache/**',
      'node_modules/**',
      'public/**',
      'training/**',
      'reports/**',
      '.stryker-tmp/**',
      'coverage/**',
      '**/*.astro',
      '**/*.mdx',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node, ...globals.worker },
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: ROOT,
        extraFileExtensions: ['.svelte'],
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // svelte-check (npm run typecheck, --fail-on-warnings) owns the compiler's warnings and so
      // which `svelte-ignore` comments are needed; this rule compiles differently and disagrees.
      'svelte/no-unused-svelte-ignore': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'], svelteConfig: {} } },
  },
  {
    // Tests and scripts drive browsers and parse JSON: `any` there is the DOM's or a fixture's.
    files: ['test/**', 'scripts/**', '*.config.{js,mjs,ts}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['src/lib/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\./)',
              message: 'src/lib/core imports only from src/lib/core (plain TypeScript, no packages, no DOM, no TF.js).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/lib/**'],
    ignores: ['src/lib/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/widgets/**'],
              message: 'src/lib never imports src/widgets: data flows one way (content → widgets → engines → core).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/widgets/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@tensorflow/*'], allowTypeImports: true, message: tfMessage },
            ...TF_MODULES.map((m) => ({
              group: [`**/${m.replace(/^src\//, '')}`],
              allowTypeImports: true,
              message: `${m} imports TF.js statically. ${tfMessage}`,
            })),
          ],
        },
      ],
    },
  },
  {
    // A page's first Intl call loads its locale data (about 50 ms on the main thread here), and widgets
    // format while they hydrate: widgets write counts with fmtCount (src/widgets/shared/format.ts).
    files: ['src/widgets/**'],
    ignores: ['src/widgets/shared/format.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='toLocaleString']",
          message: 'toLocaleString loads Intl (about 50 ms at first use): use fmtCount or fmt from src/widgets/shared/format.ts.',
        },
        {
          selector: "MemberExpression[object.name='Intl']",
          message: 'Intl costs about 50 ms at first use: use fmtCount or fmt from src/widgets/shared/format.ts.',
        },
      ],
    },
  },
);
