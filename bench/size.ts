/**
 * The browser payload: every element together in one minified ES module with Lit
 * included, gzip -9, beside Lit alone, measured in one run. Budget: 20 KB gzip.
 */
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** The gzip budget for all elements together, in bytes. */
export const BUDGET_BYTES = 20 * 1024;

async function gzipSize(contents: string, resolveDir: string): Promise<{ min: number; gzip: number }> {
  const result = await build({
    stdin: { contents, resolveDir, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    // DOMPurify is loaded only when HTML terms are shown: a separate chunk, not counted.
    external: ['dompurify'],
    legalComments: 'none',
  });
  const code = result.outputFiles[0]!.contents;
  return { min: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

export interface SizeReport {
  readonly all: { min: number; gzip: number };
  readonly lit: { min: number; gzip: number };
}

/** Measures the bundle and Lit alone. */
export async function measure(): Promise<SizeReport> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const [all, lit] = await Promise.all([
    gzipSize(`import './src/index.ts';`, root),
    gzipSize(`export * from 'lit'; export * from '@lit/context';`, root),
  ]);
  return { all, lit };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export async function main(): Promise<void> {
  const { all, lit } = await measure();
  console.log('Browser payload (esbuild, minified, gzip -9)');
  console.log(`  all elements + Lit + @lit/context  ${kb(all.gzip).padStart(9)}  (${kb(all.min)} minified)`);
  console.log(`  Lit + @lit/context alone           ${kb(lit.gzip).padStart(9)}`);
  console.log(`  our own code                       ${kb(all.gzip - lit.gzip).padStart(9)}`);
  console.log(
    `  budget ${kb(BUDGET_BYTES)}: ${((all.gzip / BUDGET_BYTES) * 100).toFixed(0)}% used${all.gzip > BUDGET_BYTES ? '  OVER BUDGET' : ''}`,
  );
  console.log(`  vs Shoelace sl-input + sl-button + theme (27 KB): ${(all.gzip / (27 * 1024)).toFixed(2)}x`);
  console.log(`  vs FirebaseUI + Firebase auth (124 KB): ${(all.gzip / (124 * 1024)).toFixed(2)}x`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
