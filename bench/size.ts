/**
 * The browser payload, measured in one run: every element together with Lit, minified
 * and gzip -9, beside Lit alone. What a page loads before the first render is the entry
 * file plus the chunks it imports statically; the French and Arabic string tables and
 * DOMPurify are separate chunks loaded only when used, and are listed on their own.
 * Budget for the first: 20 KB gzip.
 */
import { build, type Metafile } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The gzip budget for all elements together, in bytes. */
export const BUDGET_BYTES = 20 * 1024;

const root = fileURLToPath(new URL('..', import.meta.url));

export interface Chunk {
  readonly file: string;
  readonly min: number;
  readonly gzip: number;
}

export interface SizeReport {
  /** What loads before the first render: the entry and its static imports. */
  readonly initial: { min: number; gzip: number };
  /** Chunks loaded only when needed (other locales, DOMPurify). */
  readonly lazy: readonly Chunk[];
  /** Lit and @lit/context alone, bundled the same way. */
  readonly lit: { min: number; gzip: number };
}

async function bundle(entry: string): Promise<{ initial: Chunk[]; lazy: Chunk[] }> {
  const outdir = mkdtempSync(join(tmpdir(), 'ct-size-'));
  try {
    const result = await build({
      entryPoints: [entry],
      absWorkingDir: root,
      bundle: true,
      splitting: true,
      minify: true,
      format: 'esm',
      target: 'es2022',
      charset: 'utf8',
      legalComments: 'none',
      outdir,
      metafile: true,
    });
    const outputs = (result.metafile as Metafile).outputs;
    const measure = (file: string): Chunk => {
      const bytes = readFileSync(join(root, file));
      return {
        file: file.slice(file.lastIndexOf('/') + 1),
        min: bytes.byteLength,
        gzip: gzipSync(bytes, { level: 9 }).byteLength,
      };
    };
    const entryFile = Object.keys(outputs).find((f) => outputs[f]!.entryPoint && f.endsWith('.js'))!;
    const initial = new Set<string>();
    const walk = (file: string): void => {
      if (initial.has(file)) return;
      initial.add(file);
      for (const imported of outputs[file]!.imports)
        if (imported.kind === 'import-statement') walk(imported.path);
    };
    walk(entryFile);
    const js = Object.keys(outputs).filter((f) => f.endsWith('.js'));
    return {
      initial: [...initial].map(measure),
      lazy: js.filter((f) => !initial.has(f)).map(measure),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const sum = (chunks: readonly Chunk[]) => ({
  min: chunks.reduce((n, c) => n + c.min, 0),
  gzip: chunks.reduce((n, c) => n + c.gzip, 0),
});

/** Measures the elements and Lit alone. */
export async function measure(): Promise<SizeReport> {
  // Inside node_modules so that 'lit' resolves as it does for the elements.
  const litEntry = join(root, 'node_modules', '.cache', 'ct-size', 'lit.ts');
  mkdirSync(dirname(litEntry), { recursive: true });
  writeFileSync(litEntry, `export * from 'lit';\nexport * from '@lit/context';\n`);
  const [all, lit] = await Promise.all([bundle('src/index.ts'), bundle(litEntry)]);
  return { initial: sum(all.initial), lazy: all.lazy, lit: sum(lit.initial) };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export async function main(): Promise<void> {
  const { initial, lazy, lit } = await measure();
  console.log('Browser payload (esbuild, minified, gzip -9)');
  console.log(
    `  all elements + Lit, before first render  ${kb(initial.gzip).padStart(8)}  (${kb(initial.min)} minified)`,
  );
  console.log(`  Lit + @lit/context alone                 ${kb(lit.gzip).padStart(8)}`);
  console.log(`  our own code                             ${kb(initial.gzip - lit.gzip).padStart(8)}`);
  for (const chunk of lazy)
    console.log(`  loaded when needed: ${chunk.file.padEnd(22)}${kb(chunk.gzip).padStart(8)}`);
  const ratio = initial.gzip / BUDGET_BYTES;
  console.log(
    `  budget ${kb(BUDGET_BYTES)}: ${(ratio * 100).toFixed(0)}% used${ratio > 1 ? '  (OVER BUDGET)' : ''}`,
  );
  console.log(
    `  vs Shoelace sl-input + sl-button + theme (27 KB): ${(initial.gzip / (27 * 1024)).toFixed(2)}x`,
  );
  console.log(
    `  vs FirebaseUI + Firebase auth (124 KB):           ${(initial.gzip / (124 * 1024)).toFixed(2)}x`,
  );
  console.log(
    `  vs Auth0 Lock 14 (327 KB):                        ${(initial.gzip / (327 * 1024)).toFixed(2)}x`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
