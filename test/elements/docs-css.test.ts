/**
 * Every CSS snippet in the README and docs/ does what it says: each is applied to a page
 * with the elements on it, blank and under Bootstrap, and each of its declarations is
 * found in the computed style of the nodes it aims at. Custom properties are checked
 * where they show (a probe per token below), so the theming docs cannot drift again.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.ts';
import { resetEmulator, until } from './helpers.ts';

const DOCS = ['/README.md', '/docs/elements.md', '/docs/relay.md', '/docs/emulator.md', '/docs/protocol.md'];

/** Where each token shows: the node (in the page's elements) and the property it sets. */
const PROBES: Record<string, { node: (root: HTMLElement) => Element; property: string }> = {
  '--ct-color-surface': { node: (r) => shadowPart(r, 'ct-login', 'base'), property: 'background-color' },
  '--ct-color-text': { node: (r) => shadowPart(r, 'ct-login', 'base'), property: 'color' },
  '--ct-color-border': { node: (r) => r.querySelector('ct-login .ct-input')!, property: 'border-top-color' },
  '--ct-color-primary': {
    node: (r) => r.querySelector('ct-login .ct-submit')!,
    property: 'background-color',
  },
  '--ct-color-on-primary': { node: (r) => r.querySelector('ct-login .ct-submit')!, property: 'color' },
  '--ct-color-danger': { node: (r) => r.querySelector('ct-login .ct-error')!, property: 'color' },
  '--ct-color-muted': { node: (r) => r.querySelector('ct-register-form .ct-help-text')!, property: 'color' },
  '--ct-radius': { node: (r) => r.querySelector('ct-login .ct-input')!, property: 'border-top-left-radius' },
  '--ct-spacing': { node: (r) => r.querySelector('ct-login .ct-form')!, property: 'row-gap' },
  '--ct-font-family': { node: (r) => shadowPart(r, 'ct-login', 'base'), property: 'font-family' },
  '--ct-max-width': { node: (r) => shadowPart(r, 'ct-login', 'base'), property: 'max-width' },
  '--ct-focus-ring': { node: (r) => r.querySelector('ct-register-form .ct-input')!, property: 'box-shadow' },
};

function shadowPart(root: HTMLElement, tag: string, name: string): Element {
  return root.querySelector(tag)!.shadowRoot!.querySelector(`[part~="${name}"]`)!;
}

/** The fenced ```css blocks of every doc, with where they come from. */
async function snippets(): Promise<{ doc: string; css: string }[]> {
  const found: { doc: string; css: string }[] = [];
  for (const doc of DOCS) {
    const markdown = await (await fetch(doc)).text();
    for (const m of markdown.matchAll(/^```css\n([\s\S]*?)^```$/gm)) found.push({ doc, css: m[1]! });
  }
  return found;
}

/** `value` for `property` as the browser computes it (colours as rgb(), lengths in px). */
function computed(property: string, value: string): string {
  const probe = document.createElement('div');
  probe.style.setProperty(property, value);
  document.body.append(probe);
  const result = getComputedStyle(probe).getPropertyValue(property);
  probe.remove();
  return result;
}

/** The nodes a selector aims at: `host::part(name)` in shadow roots, others in the page. */
function targets(selector: string): Element[] {
  const part = /^(.*)::part\(([\w-]+)\)$/.exec(selector);
  if (!part) return [...document.querySelectorAll(selector)];
  return [...document.querySelectorAll(part[1]!)].flatMap((host) => [
    ...(host.shadowRoot?.querySelectorAll(`[part~="${part[2]}"]`) ?? []),
  ]);
}

async function page(): Promise<HTMLElement> {
  const root = await fixture<HTMLElement>(
    html`<div>
      <ct-login></ct-login>
      <ct-register-form></ct-register-form>
    </div>`,
  );
  await until(
    () => root.querySelector('ct-register-form .ct-help-text') && root.querySelector('ct-login .ct-error'),
  );
  return root;
}

async function loadSheet(href: string): Promise<HTMLLinkElement> {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  const loaded = new Promise((resolve) => (link.onload = resolve));
  document.head.append(link);
  await loaded;
  return link;
}

for (const theme of ['', '/node_modules/bootstrap/dist/css/bootstrap.min.css']) {
  describe(`the docs' CSS snippets, on a ${theme ? 'Bootstrap' : 'blank'} page`, () => {
    let link: HTMLLinkElement | undefined;
    before(async () => {
      // Signed out (an earlier test file may have left a session): the forms are shown.
      await resetEmulator();
      if (theme) link = await loadSheet(theme);
    });
    after(() => link?.remove());

    it('the README has snippets for each of the three hooks', async () => {
      const css = (await snippets()).map((s) => s.css).join('\n');
      expect(css).to.match(/--ct-focus-ring/);
      expect(css).to.match(/::part\(/);
      expect(css).to.match(/\.ct-submit/);
    });

    it('every declaration of every snippet shows in the computed style', async () => {
      for (const { doc, css } of await snippets()) {
        const root = await page();
        // As a page has it: a style sheet of its own, which comes before adopted ones.
        const style = document.createElement('style');
        style.textContent = css;
        document.head.append(style);
        const sheet = style.sheet!;
        try {
          const rules = [...sheet.cssRules] as CSSStyleRule[];
          expect(rules.length, `${doc}: CSS that parses:\n${css}`).to.be.greaterThan(0);
          // A rule for a wrapper class holds tokens: the elements are put inside such a wrapper.
          for (const rule of rules)
            if (/^\.[\w-]+$/.test(rule.selectorText)) root.classList.add(rule.selectorText.slice(1));
          root.querySelector<HTMLInputElement>('ct-register-form .ct-input')!.focus();
          for (const rule of rules) {
            for (const property of [...rule.style]) {
              const value = rule.style.getPropertyValue(property).trim();
              const where = `${doc}: ${rule.selectorText} { ${property}: ${value} }`;
              if (property.startsWith('--')) {
                const probe = PROBES[property];
                expect(probe !== undefined, `${where}: a probe for the token`).to.equal(true);
                const node = probe!.node(root);
                expect(getComputedStyle(node).getPropertyValue(probe!.property), where).to.equal(
                  computed(probe!.property, value),
                );
              } else {
                const nodes = targets(rule.selectorText);
                expect(nodes.length, `${where}: nodes to style`).to.be.greaterThan(0);
                for (const node of nodes)
                  expect(getComputedStyle(node).getPropertyValue(property), where).to.equal(
                    computed(property, value),
                  );
              }
            }
          }
        } finally {
          style.remove();
        }
      }
    });
  });
}
