#!/usr/bin/env node
// The ct-connect command. A published package runs its compiled code; a clone of the
// repository runs the TypeScript sources through tsx, so no build step is needed first.
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli.js', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
