#!/usr/bin/env node
// The ct-connect command. In a clone of the repository it runs the TypeScript sources
// through tsx, so no build step is needed and a stale build is never run; the published
// package, which ships no sources, runs its compiled code.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(new URL('../dist/cli.js', import.meta.url).href);
}
