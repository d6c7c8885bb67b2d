// The browser side as a page gets it: no server code in the elements' bundle, and the
// CDN file within its budget (a size check, deliberately not a timing one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { BUDGET_BYTES, measure } from '../../bench/size.ts';

// Server-side modules and packages: the XML codec, the relay, the emulator, the Node
// adapter, and what only they depend on.
const SERVER_ONLY = [
  /^src\/protocol\/(xml|country-codes)\.ts$/,
  /^src\/(relay|emulator|server)\//,
  /^src\/(cli|dev)\.ts$/,
  /^node_modules\/(fast-xml-parser|hono|@hono\/node-server|jose|pngjs|rate-limiter-flexible|countries-list)\//,
  /^node:/,
];

test('the browser bundle carries no server code', async () => {
  const { metafile } = await build({
    entryPoints: ['src/index.ts'],
    bundle: true,
    minify: true,
    format: 'esm',
    splitting: true,
    charset: 'utf8',
    outdir: 'dist/never-written',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(metafile.inputs);
  assert.ok(
    inputs.includes('src/elements/login/login.ts'),
    'the metafile lists the elements (paths as expected)',
  );
  assert.deepEqual(
    inputs.filter((input) => SERVER_ONLY.some((pattern) => pattern.test(input))),
    [],
  );
});

test('the CDN file is within the size budget before the first render', async () => {
  const { initial } = await measure();
  assert.ok(
    initial.gzip <= BUDGET_BYTES,
    `${initial.gzip} bytes gzip before the first render; the budget is ${BUDGET_BYTES}`,
  );
});
