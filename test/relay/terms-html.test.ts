/**
 * The relay's HTML terms sanitiser: the terms document, parsed as a browser parses it, as
 * the tree of allowed elements and text that docs/relay.md specifies ("HTML terms").
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { termsNodes } from '../../src/relay/terms-html.ts';
import {
  TERMS_ELEMENTS,
  TERMS_MAX_DEPTH,
  type TermsElement,
  type TermsNode,
} from '../../src/protocol/terms.ts';
import { termsDocument } from '../../src/emulator/terms.ts';
import { HOSTILE_TERMS } from '../fixtures/hostile-terms.ts';

const URL_LOCATION = 'https://www.clickatell.com/sdk/terms.html';
const nodes = (body: string) => termsNodes(body, URL_LOCATION);

/** The text a reader sees, in document order. */
function textOf(tree: readonly TermsNode[]): string {
  return tree.map((n) => (typeof n === 'string' ? n : textOf(n.slice(2) as TermsNode[]))).join('');
}

/** Every element of the tree, depth first, with its depth. */
function* elements(tree: readonly TermsNode[], depth = 1): Generator<[TermsElement, number]> {
  for (const n of tree) {
    if (typeof n === 'string') continue;
    yield [n, depth];
    yield* elements(n.slice(2) as TermsNode[], depth + 1);
  }
}

describe('HTML terms made safe by the relay', () => {
  test("the emulator's terms, a whole document, keep their headings and paragraphs and lose their head", () => {
    const doc = termsDocument('za.html', ['ZA'])!;
    const tree = nodes(doc.body);
    const shown = tree.filter((n) => typeof n !== 'string');
    const names = shown.map((n) => (n as TermsNode[])[0]);
    const sections = (names.length - 1) / 2;
    assert.ok(sections >= 3, names.join());
    assert.deepEqual(names, ['h1', ...Array(sections).fill(['h2', 'p']).flat()]);
    assert.deepEqual(shown[0], [
      'h1',
      {},
      'Clickatell terms and conditions (South Africa version, emulated)',
    ]);
    assert.doesNotMatch(JSON.stringify(tree), /viewport|charset|<title>/);
    // Text between elements (the document's line breaks) is kept as it was.
    assert.equal(tree[0], '\n');
  });

  test('a document exactly as specified in docs/relay.md', () => {
    assert.deepEqual(
      nodes(
        '<!DOCTYPE html><html lang="en"><head><title>Terms</title><style>p{}</style></head><body>' +
          '<h1 class="x" id="top">Terms</h1><div><p>Read <a href="/legal/privacy" title="t">our policy</a>' +
          ' and <span style="color:red">this &amp; <b>that</b></span>.<br></p></div>' +
          '<ol start="3" type="a" onclick="x()"><li dir="rtl" lang="ar">بند</li></ol>' +
          '<table><tr><th scope="col" colspan="2">A</th></tr></table></body></html>',
      ),
      [
        ['h1', {}, 'Terms'],
        [
          'div',
          {},
          [
            'p',
            {},
            'Read ',
            ['a', { href: 'https://www.clickatell.com/legal/privacy' }, 'our policy'],
            ' and this & ',
            ['b', {}, 'that'],
            '.',
            ['br', {}],
          ],
        ],
        ['ol', { start: '3', type: 'a' }, ['li', { dir: 'rtl', lang: 'ar' }, 'بند']],
        ['table', {}, ['tbody', {}, ['tr', {}, ['th', { scope: 'col', colspan: '2' }, 'A']]]],
      ],
    );
  });

  test("docs/relay.md's example record: content_nodes is what the relay makes of content", () => {
    const section = readFileSync('docs/relay.md', 'utf8').split('### HTML terms')[1]!;
    const record = JSON.parse(/```json\n([\s\S]*?)```/.exec(section)![1]!) as {
      URL_location: string;
      content: string;
      content_nodes: unknown;
    };
    assert.deepEqual(termsNodes(record.content, record.URL_location), record.content_nodes);
  });

  test('links: http and https only, resolved against the document, without credentials', () => {
    const hrefs = (html: string) => [...elements(nodes(html))].map(([n]) => n[1]['href'] ?? null);
    assert.deepEqual(
      hrefs(
        '<a href="HTTPS://WWW.Clickatell.com:443/a/../b">1</a><a href="http://example.com">2</a>' +
          '<a href="page.html">3</a><a href="//other.example/x">4</a><a href=" https://x.example/ ">5</a>' +
          '<a href="javascript:alert(1)">6</a><a href="data:text/html,x">7</a><a href="mailto:a@b.c">8</a>' +
          '<a href="https://user:pw@evil.example/">9</a><a href="http://[bad">10</a><a>11</a>' +
          '<a href="vbscript:x">12</a><a href="java&#x0A;script:alert(1)">13</a>',
      ),
      [
        'https://www.clickatell.com/b',
        'http://example.com/',
        'https://www.clickatell.com/sdk/page.html',
        'https://other.example/x',
        'https://x.example/',
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
      ],
    );
  });

  test('attribute values outside their rules are dropped', () => {
    assert.deepEqual(
      nodes(
        '<ol start="-1" type="disc"><li dir="sideways" lang="en_US!">x</li></ol>' +
          '<table><tr><td colspan="1000" rowspan="x" scope="row">y</td></tr></table>',
      ),
      [
        ['ol', {}, ['li', {}, 'x']],
        ['table', {}, ['tbody', {}, ['tr', {}, ['td', {}, 'y']]]],
      ],
    );
  });

  for (const hostile of HOSTILE_TERMS) {
    test(`hostile: ${hostile.name}: the benign text stays, nothing active does`, () => {
      const tree = nodes(
        `<!DOCTYPE html><html><head><title>Terms</title></head><body>${hostile.html}</body></html>`,
      );
      const text = textOf(tree);
      let from = 0;
      for (const kept of hostile.kept) {
        const at = text.indexOf(kept, from);
        assert.ok(at >= 0, `"${kept}" in ${JSON.stringify(text)}`);
        from = at + kept.length;
      }
      for (const [[name, attributes]] of elements(tree)) {
        assert.ok(Object.hasOwn(TERMS_ELEMENTS, name), `element ${name}`);
        for (const [attr, value] of Object.entries(attributes)) {
          assert.match(attr, /^(href|lang|dir|start|type|colspan|rowspan|scope)$/);
          if (attr === 'href') assert.match(value, /^https?:\/\/[^@]*$/);
        }
      }
      assert.doesNotMatch(JSON.stringify(tree), /evil\.example|alert|pwned|javascript/i);
    });
  }

  test('the noscript mXSS keeps the text after it, and its own markup never becomes an element', () => {
    const html = HOSTILE_TERMS.find((h) => h.name === 'noscript mXSS')!.html;
    assert.deepEqual(nodes(html), ['">', ['p', {}, 'after-noscript']]);
  });

  test('elements that are not allowed are unwrapped and their text joined; dropped ones go whole', () => {
    assert.deepEqual(nodes('<div>a<span>b</span><font color=red>c</font><custom-el>d</custom-el></div>'), [
      ['div', {}, 'abcd'],
    ]);
    assert.deepEqual(
      nodes('a<script>x</script><template>y</template><noscript>z</noscript><select><option>o</select>b'),
      ['ab'],
    );
  });

  test(`nesting deeper than ${TERMS_MAX_DEPTH} is flattened, and a document of 300,000 open tags is handled`, () => {
    const deep = nodes(`${'<div>'.repeat(100)}deep`);
    const depths = [...elements(deep)].map(([, d]) => d);
    assert.equal(Math.max(...depths), TERMS_MAX_DEPTH);
    assert.equal(textOf(deep), 'deep');
    const huge = nodes(`${'<span><b>'.repeat(150_000)}end`);
    assert.equal(textOf(huge), 'end');
    assert.ok(JSON.stringify(huge).length < 1000);
  });

  test('a document without a body (a frameset) or with nothing in it gives an empty tree', () => {
    assert.deepEqual(nodes('<frameset><frame src="https://evil.example/"></frameset>'), []);
    assert.deepEqual(nodes(''), []);
  });
});
