/**
 * The browser payload, measured on the file we ship: the CDN build (`vite build` with
 * vite.config.ts, all elements with Lit included) into a temporary directory, gzip -9,
 * beside Lit alone built the same way. What a page loads before the first render is the
 * entry file plus the chunks it imports statically; each language's string table (and the
 * small list of them), the English messages for failures, the country naming and
 * the HTML terms builder are separate chunks loaded only when used, and are listed on their own, the
 * languages in a table of their own.
 * Budget for the first: 22 KB gzip.
 */
import { build, type Rolldown } from 'vite';
import { BUNDLED } from '../src/strings/locales.ts';
import { gzipSync } from 'node:zlib';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The gzip budget for all elements together, in bytes. */
export const BUDGET_BYTES = 22 * 1024;

const root = fileURLToPath(new URL('..', import.meta.url));

export interface Chunk {
  readonly file: string;
  readonly min: number;
  readonly gzip: number;
}

export interface SizeReport {
  /** What loads before the first render: the entry and its static imports. */
  readonly initial: { min: number; gzip: number };
  /** The chunks that make up `initial`. */
  readonly initialChunks: readonly Chunk[];
  /** Chunks loaded only when needed (other locales, the HTML terms builder). */
  readonly lazy: readonly Chunk[];
  /** Lit and @lit/context alone, built the same way. */
  readonly lit: { min: number; gzip: number };
}

/** Runs the CDN build (optionally from another entry) and sizes what it wrote. */
async function cdnBuild(entry?: string): Promise<{ initial: Chunk[]; lazy: Chunk[] }> {
  const outDir = mkdtempSync(join(tmpdir(), 'ct-size-'));
  try {
    const result = await build({
      configFile: join(root, 'vite.config.ts'),
      root,
      logLevel: 'silent',
      build: {
        outDir,
        emptyOutDir: true,
        sourcemap: false,
        ...(entry ? { lib: { entry, formats: ['es'], fileName: () => 'entry.js' } } : {}),
      },
    });
    const outputs = (Array.isArray(result) ? result : [result as Rolldown.RolldownOutput]).flatMap(
      (r) => r.output,
    );
    const chunks = new Map<string, Rolldown.OutputChunk>();
    for (const o of outputs) if (o.type === 'chunk') chunks.set(o.fileName, o);
    const size = (file: string): Chunk => {
      const bytes = readFileSync(join(outDir, file));
      return { file, min: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength };
    };
    const initial = new Set<string>();
    const walk = (file: string): void => {
      if (initial.has(file)) return;
      initial.add(file);
      for (const imported of chunks.get(file)?.imports ?? []) walk(imported);
    };
    for (const chunk of chunks.values()) if (chunk.isEntry) walk(chunk.fileName);
    return {
      initial: [...initial].map(size),
      lazy: [...chunks.keys()].filter((f) => !initial.has(f)).map(size),
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

const sum = (chunks: readonly Chunk[]) => ({
  min: chunks.reduce((n, c) => n + c.min, 0),
  gzip: chunks.reduce((n, c) => n + c.gzip, 0),
});

/** Measures the CDN file and Lit alone. */
export async function measure(): Promise<SizeReport> {
  // Inside node_modules so that 'lit' resolves as it does for the elements.
  const litEntry = join(root, 'node_modules', '.cache', 'ct-size', 'lit.ts');
  mkdirSync(dirname(litEntry), { recursive: true });
  writeFileSync(litEntry, `export * from 'lit';\nexport * from '@lit/context';\n`);
  // One after the other: two vite builds in one process share state.
  const all = await cdnBuild();
  const lit = await cdnBuild(litEntry);
  return { initial: sum(all.initial), initialChunks: all.initial, lazy: all.lazy, lit: sum(lit.initial) };
}

/** The chunk of each bundled language's table, by language tag, in the order of BUNDLED. */
export function languageChunks(lazy: readonly Chunk[]): { lang: string; chunk: Chunk }[] {
  return BUNDLED.map((base) => {
    const lang = base === 'zh' ? 'zh-Hans' : base;
    const chunk = lazy.find((c) => c.file.replace(/-[\w-]{8}\.js$/, '') === lang);
    if (!chunk) throw new Error(`no chunk for ${lang} in ${lazy.map((c) => c.file).join(', ')}`);
    return { lang, chunk };
  });
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export async function main(): Promise<void> {
  const { initial, initialChunks, lazy, lit } = await measure();
  console.log('Browser payload (the CDN build: vite, minified, gzip -9)');
  console.log(
    `  all elements + Lit, before first render  ${kb(initial.gzip).padStart(8)}  (${initial.gzip} bytes; ${kb(initial.min)} minified)`,
  );
  if (initialChunks.length > 1)
    for (const chunk of initialChunks)
      console.log(`    ${chunk.file.padEnd(38)}${kb(chunk.gzip).padStart(8)}`);
  console.log(`  Lit + @lit/context alone                 ${kb(lit.gzip).padStart(8)}`);
  console.log(`  our own code                             ${kb(initial.gzip - lit.gzip).padStart(8)}`);
  const languages = languageChunks(lazy);
  for (const chunk of lazy)
    if (!languages.some((l) => l.chunk === chunk))
      console.log(`  loaded when needed: ${chunk.file.padEnd(22)}${kb(chunk.gzip).padStart(8)}`);
  console.log('  languages, each loaded when a page first asks for it (English is in the main file):');
  for (const { lang, chunk } of languages)
    console.log(`    ${lang.padEnd(36)}${kb(chunk.gzip).padStart(8)}  (${chunk.gzip} bytes)`);
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
