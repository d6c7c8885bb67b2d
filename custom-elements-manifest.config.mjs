// custom-elements.json is generated from the elements' JSDoc; test/manifest.test.ts fails
// when the committed file no longer matches the source.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every .ts file under `dir`, sorted, so the same source always gives the same manifest. */
const sources = (dir) =>
  readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => join(dir, f));

/**
 * Each custom property's default, read from the styles themselves: the fallback of every
 * `var(--ct-name,fallback)` in the elements' source (the most used one when they differ),
 * so a default is written once, in the CSS that applies it.
 */
function cssDefaults() {
  const seen = new Map();
  for (const file of sources('src/elements')) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/var\((--ct-[a-z0-9-]+),/g)) {
      let depth = 1;
      let end = match.index + match[0].length;
      for (; end < text.length && depth > 0; end++) {
        if (text[end] === '(') depth++;
        else if (text[end] === ')') depth--;
      }
      const fallback = text.slice(match.index + match[0].length, end - 1).trim();
      if (!fallback || fallback.includes('${')) continue;
      const counts = seen.get(match[1]) ?? new Map();
      counts.set(fallback, (counts.get(fallback) ?? 0) + 1);
      seen.set(match[1], counts);
    }
  }
  return new Map([...seen].map(([name, counts]) => [name, [...counts].sort((a, b) => b[1] - a[1])[0][0]]));
}

/** Each event's type, from the event map in events.ts: `CustomEvent<CtAuthenticatedDetail>`. */
function eventTypes() {
  const text = readFileSync('src/elements/internal/events.ts', 'utf8');
  const map = /interface CtEventMap \{([^}]*)\}/.exec(text)?.[1] ?? '';
  return new Map([...map.matchAll(/'(ct-[a-z-]+)':\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]));
}

/** The shipped file for a source path: `src/elements/login/login.ts` -> `dist/elements/login/login.js`. */
const shipped = (path) => path.replace(/^\/?src\/(.*)\.ts$/, 'dist/$1.js');

/**
 * Completes the manifest with what JSDoc would only repeat: event detail types, custom
 * property defaults, and the paths of the files the package ships rather than its source.
 */
const complete = {
  name: 'ct-connect-complete',
  packageLinkPhase({ customElementsManifest }) {
    const defaults = cssDefaults();
    const events = eventTypes();
    for (const mod of customElementsManifest.modules) {
      for (const declaration of mod.declarations ?? []) {
        for (const event of declaration.events ?? []) {
          const type = events.get(event.name);
          if (!event.type && type) {
            const detail = /<(\w+)>/.exec(type)?.[1];
            event.type = {
              text: type,
              ...(detail
                ? { references: [{ name: detail, module: 'dist/elements/internal/events.js' }] }
                : {}),
            };
          }
        }
        for (const property of declaration.cssProperties ?? []) {
          if (property.default === undefined && defaults.has(property.name))
            property.default = defaults.get(property.name);
        }
      }
    }
    // Every path the manifest names (modules, exports, inheritance) is a shipped file.
    const rewrite = (value) => {
      if (Array.isArray(value)) return value.forEach(rewrite);
      if (!value || typeof value !== 'object') return;
      for (const [key, inner] of Object.entries(value)) {
        if ((key === 'path' || key === 'module') && typeof inner === 'string') value[key] = shipped(inner);
        else rewrite(inner);
      }
    };
    rewrite(customElementsManifest.modules);
  },
};

export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['src/elements/**/*.styles.ts', 'src/elements/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  // package.json names custom-elements.json itself; the analyzer must not rewrite it.
  packagejson: false,
  plugins: [complete],
};
