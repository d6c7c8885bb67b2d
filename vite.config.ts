// The CDN build: one ES module with Lit included that a CMS page loads with a single
// <script type="module">; DOMPurify stays a separate chunk beside it, loaded only when
// HTML terms are shown. The demo server (`npm start`) is configured in src/dev.ts.
import { defineConfig, type Plugin } from 'vite';
import { transformSync } from 'esbuild';
import minifyHTMLLiterals from '@lit-labs/rollup-plugin-minify-html-literals';

// TypeScript `private` members of our own classes that are not reactive properties
// (those keep their names: Lit reads them from `static properties`), not public API,
// not DOM or Lit names, and never a key of data that crosses the wire. The minifier
// shortens local names but not property names, so the CDN build renames these, in
// src/ only (Lit and @lit/context are left as they are), to short names of our own
// (`$a`, `$b`, ...: no property of Lit, the DOM or ours starts with `$`). Add a
// member here only when every `.name` of it in src/ is that private member.
const INTERNAL_MEMBERS = [
  'another',
  'asked',
  'attach',
  'captchaField',
  'check',
  'clearErrors',
  'connect',
  'consumer',
  'copy',
  'current',
  'describe',
  'fail',
  'fields',
  'handleBlur',
  'handleCountry',
  'handleInput',
  'handleKeydown',
  'handleResend',
  'handleSend',
  'handleSignOut',
  'handleSubmit',
  'handleValidate',
  'internals',
  'language',
  'listed',
  'listeners',
  'lists',
  'loadLists',
  'loading',
  'maybe',
  'onStrings',
  'ownStore',
  'publish',
  'read',
  'refusal',
  'refuse',
  'refused',
  'rendering',
  'report',
  'request',
  'requestContext',
  'revalidate',
  'run',
  'send',
  'setAlert',
  'setStatus',
  'signInText',
  'succeeded',
  'suggested',
  'sync',
  'textDir',
  'tick',
  'timer',
  'touched',
  'uid',
  'unsubscribe',
  'until',
];

function mangleInternalMembers(): Plugin {
  const mangled = new RegExp(`^(${INTERNAL_MEMBERS.join('|')})$`);
  // One fixed name per member, the same in every module and chunk.
  const mangleCache = Object.fromEntries(INTERNAL_MEMBERS.map((name, i) => [name, `$${i.toString(36)}`]));
  return {
    name: 'ct-mangle-internal-members',
    apply: 'build',
    enforce: 'post',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || id.includes('/node_modules/')) return null;
      const result = transformSync(code, {
        loader: 'js',
        format: 'esm',
        target: 'esnext',
        charset: 'utf8',
        sourcemap: true,
        sourcefile: id,
        mangleProps: mangled,
        mangleCache,
      });
      return { code: result.code, map: result.map };
    },
  };
}

export default defineConfig({
  plugins: [
    // Whitespace inside Lit's html`` and css`` templates, which the JS minifier keeps
    // verbatim. Before the TypeScript transform, as the plugin asks.
    // Unquoted attribute values where HTML allows them (Lit binds `attr=${x}` alike).
    {
      ...minifyHTMLLiterals({
        failOnError: true,
        options: { minifyOptions: { removeAttributeQuotes: true } },
      }),
      enforce: 'pre',
    },
    mangleInternalMembers(),
  ],
  build: {
    outDir: 'dist/cdn',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    lib: {
      entry: 'src/index.ts',
      formats: ['es'],
      fileName: () => 'ct-connect.min.js',
    },
    rolldownOptions: {
      output: {
        // Vite leaves an ES library unminified (whitespace, pure annotations) so that a
        // bundler downstream can tree-shake it; this file is loaded as is by a page.
        minify: true,
        comments: { annotation: false },
      },
    },
  },
});
