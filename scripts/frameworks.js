// Generates, from custom-elements.json, what UI frameworks and editors need to know about
// the elements, so none of it is written by hand:
// - dist/react/: React 19 components (through @lit/react) with typed props and `onCt…`
//   event callbacks (`ct-connect/react`);
// - dist/frameworks/: JSX `IntrinsicElements` for React, Preact and Solid, Vue's
//   `GlobalComponents` and Svelte's `SvelteHTMLElements` (`ct-connect/jsx/react`, ...);
// - dist/cdn/ct-connect.min.d.ts: the CDN file's types (those of the package's main entry);
// - dist/editor/: VS Code custom data (HTML and CSS) and JetBrains web-types.
// `node scripts/frameworks.js [outdir]` (default: dist), after `npm run manifest`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';

const outdir = resolve(process.argv[2] ?? 'dist');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));

const write = (file, text) => {
  mkdirSync(dirname(join(outdir, file)), { recursive: true });
  writeFileSync(join(outdir, file), text);
};
const HEADER = '// Generated from custom-elements.json by scripts/frameworks.js; do not edit.\n';
const doc = (text, indent = '') =>
  text ? `${indent}/** ${String(text).replace(/\*\//g, '*\\/').replace(/\n+/g, ' ')} */\n` : '';
const pascal = (name) => name.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase());
const isPublic = (m) => !m.static && !m.name.startsWith('#') && !['private', 'protected'].includes(m.privacy);

// The elements, each with its class, the modules that define and declare it, its
// attributes and properties as a template writes them, its events and its CSS. -----------
const elements = [];
for (const mod of manifest.modules) {
  for (const d of mod.declarations ?? []) {
    if (!d.customElement || !d.tagName) continue;
    const define = manifest.modules.find((m) =>
      (m.exports ?? []).some((e) => e.kind === 'custom-element-definition' && e.name === d.tagName),
    );
    const members = new Map();
    for (const a of d.attributes ?? [])
      members.set(a.name, { name: a.name, field: a.fieldName ?? a.name, description: a.description });
    for (const f of (d.members ?? []).filter((m) => m.kind === 'field' && isPublic(m)))
      if (!members.has(f.name))
        members.set(f.name, { name: f.name, field: f.name, description: f.description });
    elements.push({
      tag: d.tagName,
      className: d.name,
      summary: d.summary ?? '',
      description: d.description ?? '',
      module: mod.path.replace(/^dist\//, ''),
      define: (define?.path ?? mod.path).replace(/^dist\//, ''),
      attributes: (d.attributes ?? []).map((a) => ({ ...a })),
      members: [...members.values()],
      events: (d.events ?? []).map((e) => ({
        name: e.name,
        type: e.type?.text ?? 'CustomEvent',
        description: e.description,
      })),
      slots: d.slots ?? [],
      cssParts: d.cssParts ?? [],
      cssProperties: d.cssProperties ?? [],
    });
  }
}
elements.sort((a, b) => a.tag.localeCompare(b.tag));
if (elements.length === 0) throw new Error('custom-elements.json lists no element: run `npm run manifest`.');

const detailTypes = [
  ...new Set(
    elements.flatMap((e) =>
      e.events.flatMap((ev) => [...ev.type.matchAll(/\bCt\w+Detail\b/g)].map((m) => m[0])),
    ),
  ),
].sort();
/** A relative import from `from` (a dist path) to `to` (a dist path). */
const rel = (from, to) => {
  const path = posix.relative(posix.dirname(from), to);
  return path.startsWith('.') ? path : `./${path}`;
};

// dist/frameworks/elements.d.ts: the shared description the framework files build on. ---
{
  const file = 'frameworks/elements.d.ts';
  let out = HEADER;
  for (const e of elements) out += `import type { ${e.className} } from '${rel(file, e.module)}';\n`;
  out += `import type { ${detailTypes.join(', ')} } from '${rel(file, 'elements/internal/events.js')}';\n\n`;
  for (const e of elements) {
    out += doc(`Attributes and properties of \`<${e.tag}>\`, as a template writes them.`);
    out += `export interface ${e.className}Attributes {\n`;
    for (const m of e.members)
      out += doc(m.description, '  ') + `  '${m.name}'?: ${e.className}['${m.field}'];\n`;
    out += '}\n\n';
    out += doc(`The events \`<${e.tag}>\` fires, by name.`);
    out += `export interface ${e.className}Events {\n`;
    for (const ev of e.events) out += doc(ev.description, '  ') + `  '${ev.name}': ${ev.type};\n`;
    out += '}\n\n';
  }
  const map = (name, what, value) =>
    doc(what) +
    `export interface ${name} {\n${elements.map((e) => `  '${e.tag}': ${value(e)};\n`).join('')}}\n\n`;
  out += map('CtElements', "Each tag's element class.", (e) => e.className);
  out += map(
    'CtElementAttributes',
    "Each tag's attributes and properties.",
    (e) => `${e.className}Attributes`,
  );
  out += map('CtElementEvents', "Each tag's events.", (e) => `${e.className}Events`);
  out += doc('The name of every tag.') + 'export type CtTagName = keyof CtElements;\n';
  write(file, out);
}

/** A framework's type file: `body` inside `declare module`, with the helper types it uses. */
const frameworkFile = (name, what, imports, body) => {
  write(
    `frameworks/${name}.d.ts`,
    `${HEADER}// ${what}\n${imports}import type { CtElements, CtElementAttributes, CtElementEvents } from './elements.js';\n\n${body}\nexport type * from './elements.js';\n`,
  );
  // An empty module, so `import 'ct-connect/...'` also resolves where code runs.
  write(`frameworks/${name}.js`, `${HEADER}export {};\n`);
};
const perTag = (value) => elements.map((e) => `      '${e.tag}': ${value(`'${e.tag}'`)};\n`).join('');

frameworkFile(
  'jsx-react',
  "React 19 JSX: `import type {} from 'ct-connect/jsx/react'` once, then write <ct-login onct-authenticated={...}>.",
  "import type { DetailedHTMLProps, HTMLAttributes } from 'react';\n",
  `/** React 19 listens to \`on<event-name>\` on a custom element: \`onct-authenticated\`. */
type Handlers<E> = { [K in keyof E as \`on\${K & string}\`]?: (event: E[K]) => void };
type Props<T extends keyof CtElements> = DetailedHTMLProps<HTMLAttributes<CtElements[T]>, CtElements[T]> &
  CtElementAttributes[T] &
  Handlers<CtElementEvents[T]>;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
${perTag((t) => `Props<${t}>`)}    }
  }
}
`,
);

frameworkFile(
  'jsx-preact',
  "Preact JSX: `import type {} from 'ct-connect/jsx/preact'` once, then write <ct-login onct-authenticated={...}>.",
  "import type { HTMLAttributes } from 'preact';\n",
  `/** Preact listens to \`on<event-name>\` on a custom element: \`onct-authenticated\`. */
type Handlers<E> = { [K in keyof E as \`on\${K & string}\`]?: (event: E[K]) => void };
type Props<T extends keyof CtElements> = HTMLAttributes<CtElements[T]> &
  CtElementAttributes[T] &
  Handlers<CtElementEvents[T]>;

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
${perTag((t) => `Props<${t}>`)}    }
  }
}
`,
);

frameworkFile(
  'jsx-solid',
  "Solid JSX: `import type {} from 'ct-connect/jsx/solid'` once, then write <ct-login on:ct-authenticated={...}>.",
  "import type { JSX } from 'solid-js';\n",
  `/** Solid listens to a custom event with \`on:<event-name>\`: \`on:ct-authenticated\`. */
type Handlers<E> = { [K in keyof E as \`on:\${K & string}\`]?: (event: E[K]) => void };
type Props<T extends keyof CtElements> = JSX.HTMLAttributes<CtElements[T]> &
  CtElementAttributes[T] &
  Handlers<CtElementEvents[T]>;

declare module 'solid-js' {
  namespace JSX {
    interface IntrinsicElements {
${perTag((t) => `Props<${t}>`)}    }
  }
}
`,
);

frameworkFile(
  'vue',
  'Vue: `import type {} from \'ct-connect/vue\'` once, then write <ct-login @ct-authenticated="..."> in templates.',
  "import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';\n",
  `/**
 * A custom element as Vue's template type-checker sees a component: its attributes and
 * properties as props, its events as emits. \`$props\` and \`$emit\` exist for the
 * type-checker only, not on the element.
 */
type CustomElement<T extends keyof CtElements> = new () => CtElements[T] & {
  /** @deprecated For template type-checking only; not on the element. */
  $props: HTMLAttributes & CtElementAttributes[T] & PublicProps;
  /** @deprecated For template type-checking only; not on the element. */
  $emit: EmitFn<{ [K in keyof CtElementEvents[T]]: (event: CtElementEvents[T][K]) => void }>;
};

declare module 'vue' {
  interface GlobalComponents {
${perTag((t) => `CustomElement<${t}>`).replace(/^ {2}/gm, '')}  }
}
`,
);

frameworkFile(
  'svelte',
  "Svelte 5: `import type {} from 'ct-connect/svelte'` once, then write <ct-login onct-authenticated={...}>.",
  "import type { HTMLAttributes } from 'svelte/elements';\n",
  `/** Svelte 5 listens to \`on<event-name>\`: \`onct-authenticated\`. */
type Handlers<E> = { [K in keyof E as \`on\${K & string}\`]?: (event: E[K]) => void };
type Props<T extends keyof CtElements> = HTMLAttributes<CtElements[T]> &
  CtElementAttributes[T] &
  Handlers<CtElementEvents[T]>;

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
${perTag((t) => `Props<${t}>`).replace(/^ {2}/gm, '')}  }
}
`,
);

// dist/react/: React components through @lit/react. ------------------------------------
{
  const file = 'react/index.js';
  const events = (e) => e.events.map((ev) => [`on${pascal(ev.name)}`, ev]);
  // 'use client': a Server Component (Next.js) may render them; the callbacks need a client one.
  let js = `'use client';\n${HEADER}// React 19 components for the elements, through @lit/react: typed props, and \`onCt…\`\n// callbacks for the events. Importing this module registers the tags (in a browser).\nimport * as React from 'react';\nimport { createComponent } from '@lit/react';\n`;
  let dts = `${HEADER}import type { EventName, ReactWebComponent } from '@lit/react';\n`;
  for (const e of elements) {
    js += `import { ${e.className} as ${e.className}Element } from '${rel(file, e.define)}';\n`;
    dts += `import type { ${e.className} as ${e.className}Element } from '${rel(file, e.module)}';\n`;
  }
  dts += `import type { ${detailTypes.join(', ')} } from '${rel(file, 'elements/internal/events.js')}';\n`;
  dts += `export type * from '${rel(file, 'elements/internal/events.js')}';\n`;
  for (const e of elements) {
    js += `\nexport const ${e.className} = createComponent({\n  react: React,\n  tagName: '${e.tag}',\n  elementClass: ${e.className}Element,\n  displayName: '${e.className}',\n  events: {${events(
      e,
    )
      .map(([prop, ev]) => `\n    ${prop}: '${ev.name}',`)
      .join('')}${e.events.length ? '\n  ' : ''}},\n});\n`;
    dts += `\n${doc(`\`<${e.tag}>\`: ${e.summary}`)}export declare const ${e.className}: ReactWebComponent<\n  ${e.className}Element,\n  {${events(
      e,
    )
      .map(([prop, ev]) => `\n${doc(ev.description, '    ')}    ${prop}: EventName<${ev.type}>;`)
      .join('')}${e.events.length ? '\n  ' : ''}}\n>;\n`;
  }
  write(file, js);
  write('react/index.d.ts', dts);
}

// dist/cdn/ct-connect.min.d.ts: the CDN file exports what the main entry does. ----------
write('cdn/ct-connect.min.d.ts', `${HEADER}export * from '../index.js';\n`);

// dist/editor/: VS Code custom data and JetBrains web-types. ---------------------------
const valuesOf = (type) =>
  /^('[^']*'\s*\|\s*)+'[^']*'$/.test(type ?? '')
    ? [...type.matchAll(/'([^']*)'/g)].map((m) => m[1])
    : undefined;
const markdown = (e) => [e.summary, e.description].filter(Boolean).join('\n\n');
const eventsText = (e) =>
  e.events.length ? `\n\nEvents: ${e.events.map((ev) => `\`${ev.name}\` (${ev.type})`).join(', ')}.` : '';
const references = [
  { name: 'Documentation', url: `${pkg.homepage ?? 'https://www.npmjs.com/package/ct-connect'}` },
];

write(
  'editor/vscode.html-custom-data.json',
  JSON.stringify(
    {
      $schema:
        'https://raw.githubusercontent.com/microsoft/vscode-html-languageservice/main/docs/customData.schema.json',
      version: 1.1,
      tags: elements.map((e) => ({
        name: e.tag,
        description: { kind: 'markdown', value: markdown(e) + eventsText(e) },
        attributes: e.attributes.map((a) => {
          const values = valuesOf(a.type?.text);
          return {
            name: a.name,
            description: [
              a.description,
              a.type?.text && `Type: \`${a.type.text}\``,
              a.default && `Default: \`${a.default}\``,
            ]
              .filter(Boolean)
              .join('\n\n'),
            ...(a.type?.text === 'boolean' ? { valueSet: 'v' } : {}),
            ...(values ? { values: values.map((name) => ({ name })) } : {}),
          };
        }),
        references,
      })),
    },
    null,
    2,
  ) + '\n',
);

const cssProperties = new Map();
for (const e of elements)
  for (const p of e.cssProperties)
    if (!cssProperties.has(p.name)) cssProperties.set(p.name, { ...p, tags: [] });
for (const e of elements) for (const p of e.cssProperties) cssProperties.get(p.name).tags.push(e.tag);
const cssParts = new Map();
for (const e of elements)
  for (const p of e.cssParts)
    cssParts.set(p.name, [...(cssParts.get(p.name) ?? []), `\`${e.tag}\`: ${p.description ?? ''}`]);
write(
  'editor/vscode.css-custom-data.json',
  JSON.stringify(
    {
      $schema:
        'https://raw.githubusercontent.com/microsoft/vscode-css-languageservice/main/docs/customData.schema.json',
      version: 1.1,
      properties: [...cssProperties.values()]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((p) => ({
          name: p.name,
          description: {
            kind: 'markdown',
            value: `${p.description ?? ''}\n\nDefault: \`${p.default ?? ''}\`. Used by ${p.tags.map((t) => `\`${t}\``).join(', ')}.`,
          },
        })),
      pseudoElements: [...cssParts]
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([name, lines]) => ({
          name: `::part(${name})`,
          description: { kind: 'markdown', value: lines.join('\n\n') },
        })),
    },
    null,
    2,
  ) + '\n',
);

write(
  'editor/web-types.json',
  JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/web-types',
      name: pkg.name,
      version: pkg.version,
      'description-markup': 'markdown',
      'js-types-syntax': 'typescript',
      contributions: {
        html: {
          elements: elements.map((e) => ({
            name: e.tag,
            description: markdown(e),
            'doc-url': references[0].url,
            attributes: e.attributes.map((a) => ({
              name: a.name,
              description: a.description,
              ...(a.default ? { default: a.default } : {}),
              value: {
                type: a.type?.text ?? 'string',
                ...(a.type?.text === 'boolean' ? { kind: 'no-value' } : {}),
              },
            })),
            slots: e.slots.map((s) => ({ name: s.name, description: s.description })),
            events: e.events.map((ev) => ({ name: ev.name, description: ev.description, type: ev.type })),
            js: {
              properties: e.members
                .filter((m) => !m.name.includes('-'))
                .map((m) => ({ name: m.name, description: m.description })),
              events: e.events.map((ev) => ({ name: ev.name, description: ev.description, type: ev.type })),
            },
            css: {
              properties: e.cssProperties.map((p) => ({
                name: p.name,
                description: p.description,
                ...(p.default ? { default: p.default } : {}),
              })),
              parts: e.cssParts.map((p) => ({ name: p.name, description: p.description })),
            },
          })),
        },
      },
    },
    null,
    2,
  ) + '\n',
);

console.log(`Wrote the React components, framework types and editor data for ${elements.length} elements.`);
