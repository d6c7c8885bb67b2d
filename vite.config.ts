// The CDN build: one ES module with Lit included that a CMS page loads with a single
// <script type="module">; the HTML terms builder stays a separate chunk beside it, loaded
// only when HTML terms are shown. The demo server (`npm start`) is configured in src/dev.ts.
import { defineConfig } from 'vite';
import minifyHTMLLiterals from '@lit-labs/rollup-plugin-minify-html-literals';

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
  ],
  // The elements register themselves only in a browser (`if (globalThis.window ...)`), so
  // that a server can import the package; this file only ever runs in one, where the test
  // is always true and the minifier drops it.
  define: { 'globalThis.window': 'true' },
  build: {
    outDir: 'dist/cdn',
    emptyOutDir: true,
    target: 'es2022',
    // Written beside the file for a site that wants to upload it, but not referenced from
    // it: the package does not ship maps, and a reference to a missing one is a 404.
    sourcemap: 'hidden',
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
