/**
 * The PHP relay's HTML terms (php/relay/src/TermsHtml.php, TermsLink.php), driven through
 * test/conformance/php/terms.php: well-formed documents give the Node relay's tree exactly
 * (termsNodes, the HTML standard's parse), links resolve as the URL standard does, and the
 * hostile corpus of test/fixtures/hostile-terms.ts (and vectors aimed at libxml2) leaves
 * only allowed elements, attributes and http(s) links, with the benign text shown.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { termsNodes } from '../../src/relay/terms-html.ts';
import {
  TERMS_ATTRIBUTE_VALUES,
  TERMS_ELEMENTS,
  TERMS_MAX_DEPTH,
  termsLink,
  type TermsElement,
  type TermsNode,
} from '../../src/protocol/terms.ts';
import { termsDocument } from '../../src/emulator/terms.ts';
import { HOSTILE_TERMS } from '../fixtures/hostile-terms.ts';
import { phpAvailable } from './php-relay.ts';

const URL_LOCATION = 'https://www.clickatell.com/sdk/terms.html';
const script = fileURLToPath(new URL('./php/terms.php', import.meta.url));
const available = phpAvailable();
const skip = available ? false : 'php is not installed';

/** The PHP relay's trees of `documents` and links of `hrefs`, in one run of PHP. */
function php(documents: readonly string[], hrefs: readonly string[] = []) {
  const run = spawnSync('php', [script], {
    input: JSON.stringify({
      documents: documents.map((d) => [d, URL_LOCATION]),
      links: hrefs.map((h) => [h, URL_LOCATION]),
    }),
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, '');
  return JSON.parse(run.stdout) as { documents: TermsNode[][]; links: (string | null)[] };
}

const page = (body: string) =>
  `<!DOCTYPE html><html><head><title>Terms</title></head><body>${body}</body></html>`;

function textOf(tree: readonly TermsNode[]): string {
  return tree.map((n) => (typeof n === 'string' ? n : textOf(n.slice(2) as TermsNode[]))).join('');
}

function* elements(tree: readonly TermsNode[], depth = 1): Generator<[TermsElement, number]> {
  for (const n of tree) {
    if (typeof n === 'string') continue;
    yield [n, depth];
    yield* elements(n.slice(2) as TermsNode[], depth + 1);
  }
}

/** Only allowed elements, each attribute allowed on it with a value its rule keeps. */
function assertSafe(tree: readonly TermsNode[]): void {
  for (const [element, depth] of elements(tree)) {
    assert.equal(element.length >= 2, true);
    const [name, attributes] = element;
    assert.ok(Object.hasOwn(TERMS_ELEMENTS, name), `element ${name}`);
    assert.ok(depth <= TERMS_MAX_DEPTH, `depth ${depth}`);
    assert.equal(Object.getPrototypeOf(attributes), Object.prototype, `${name}: attributes not an object`);
    for (const [attr, value] of Object.entries(attributes)) {
      if (attr === 'href') {
        assert.equal(name, 'a');
        assert.match(value, /^https?:\/\/[^@\s]*$/);
      } else {
        assert.ok(
          attr === 'lang' || attr === 'dir' || TERMS_ELEMENTS[name]!.includes(attr),
          `${name} ${attr}`,
        );
        assert.match(value, TERMS_ATTRIBUTE_VALUES[attr]!);
      }
    }
  }
  for (const node of tree) if (typeof node === 'string') assert.notEqual(node, '');
}

describe('PHP relay: HTML terms', { skip }, () => {
  test('well-formed documents give the tree of the HTML standard, exactly as the Node relay', () => {
    const documents = [
      termsDocument('za.html', ['ZA'])!.body,
      termsDocument('main.html', [])!.body,
      '<!DOCTYPE html><html lang="en"><head><title>Terms</title><style>p{}</style></head><body>' +
        '<h1 class="x" id="top">Terms</h1><div><p>Read <a href="/legal/privacy" title="t">our policy</a>' +
        ' and <span style="color:red">this &amp; <b>that</b></span>.<br></p></div>' +
        '<ol start="3" type="a" onclick="x()"><li dir="rtl" lang="ar">بند</li></ol>' +
        '<table><tr><th scope="col" colspan="2">A</th></tr></table></body></html>',
      page(
        '<ol start="-1" type="disc"><li dir="sideways" lang="en_US!">x</li></ol>' +
          '<table><tr><td colspan="1000" rowspan="x" scope="row">y</td></tr></table>',
      ),
      '<div>a<span>b</span><font color=red>c</font><custom-el>d</custom-el></div>',
      'a<script>x</script><template>y</template><noscript>z</noscript><select><option>o</select>b',
      '<table>\n<caption>c</caption>\n<thead><tr><th>h</th></tr></thead>\n<tr><td>a</td></tr>\n<tr><td>b</td></tr>\n</table>',
      // A <meta> naming another encoding changes nothing: the document is UTF-8.
      '<html><head><meta charset="shift_jis"></head><body><p>é\\~ 日本語 😀 &eacute;</p></body></html>\n',
      '\uFEFF<p>after a byte order mark</p>',
      '<frameset><frame src="https://evil.example/"></frameset>',
      '',
      `${'<div>'.repeat(100)}deep`,
    ];
    // docs/relay.md's example record.
    const section = readFileSync('docs/relay.md', 'utf8').split('### HTML terms')[1]!;
    const example = JSON.parse(/```json\n([\s\S]*?)```/.exec(section)![1]!) as {
      content: string;
      content_nodes: unknown;
    };
    documents.push(example.content);
    const got = php(documents).documents;
    assert.deepEqual(got.at(-1), example.content_nodes);
    documents.forEach((html, i) => {
      // The Node relay decodes the document as TextDecoder does: a byte order mark is no text.
      const decoded = html.replace(/^\uFEFF/, '');
      assert.deepEqual(got[i], termsNodes(decoded, URL_LOCATION), JSON.stringify(html).slice(0, 120));
    });
  });

  test('links: parsed against the document as the URL standard does, http(s) without credentials only', () => {
    const hrefs = [
      'HTTPS://WWW.Clickatell.com:443/a/../b',
      'http://example.com',
      'page.html',
      '//other.example/x',
      ' https://x.example/ ',
      'javascript:alert(1)',
      ' JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,x',
      'mailto:a@b.c',
      'ftp://x.example/',
      'https://user:pw@evil.example/',
      'https://user@evil.example/',
      'https://a@b@evil.example/',
      'https://@x.example/',
      'https://:@x.example/a',
      'http://[bad',
      'vbscript:x',
      '?q=1 2',
      '#frag ment',
      '',
      '../../up/x?y#z',
      './a/./b/../c',
      '%2e%2e/x',
      'https:foo',
      'http:foo/bar',
      'https:/abs',
      '\\\\host\\p',
      'http://0x7f.1/',
      'http://127.0.0.1:80/',
      'http://09.1/',
      'http://1.2.3.4.5/',
      'http://4294967295/',
      'http://4294967296/',
      'https://1.2.3/',
      'https://x.1/',
      'https://[::1]:443/',
      'https://[2001:db8::0:1]/',
      'https://[::ffff:1.2.3.4]/',
      'https://EX%41MPLE.com/%7e{x}^|`"<>é?q=é\'"#f=é`{',
      'https://exa mple.com/',
      'https://ex<ample.com/',
      'https://ex_ample.com/',
      'https://xn--bcher-kva.example/',
      'https://x.example:65536/',
      'https://x.example:0080/',
      'https://x.example:/p',
      'HTTP://X.EXAMPLE./a/%2e%2E/b/%2e',
      'https://x.example/a/..',
      'https://x.example/a\tb\nc',
      'https://x.example?x',
    ];
    const got = php([], hrefs).links;
    hrefs.forEach((href, i) => assert.equal(got[i], termsLink(href, URL_LOCATION) ?? null, href));
    // A host beyond ASCII needs IDNA, which PHP has only with intl: the link is dropped.
    assert.deepEqual(php([], ['https://bücher.example/']).links, [null]);
  });

  const aimedAtLibxml = [
    { name: 'NUL', html: '<p>a\0b</p><p>after-nul</p>', kept: ['a', 'after-nul'] },
    {
      name: 'CDATA and processing instructions',
      html: '<p><![CDATA[<script>alert(1)</script>]]><?php alert(1) ?>x</p><p>after-cdata</p>',
      kept: ['after-cdata'],
    },
    {
      name: 'raw text elements',
      html: '<xmp><script>alert(1)</script></xmp><plaintext><img src=x onerror=alert(1)><p>after-plaintext</p>',
      kept: [],
    },
    {
      name: 'unclosed and misnested',
      html: '<a href="javascript:alert(1)"><b><p>x</a></b><div onclick=alert(1)>y<p>after-misnested',
      kept: ['x', 'y', 'after-misnested'],
    },
    {
      name: 'entities in a link',
      html: '<a href="jav&#x0A;ascript&colon;alert(1)">e</a><a href="&#106;avascript:alert(1)">f</a><p>after-entities</p>',
      kept: ['e', 'f', 'after-entities'],
    },
    {
      name: 'svg and math with HTML inside',
      html: '<svg><foreignObject><p onclick=alert(1)>in-svg</p></foreignObject></svg><math><mi><b>in-math</b></mi></math><p>after-foreign</p>',
      kept: ['after-foreign'],
    },
    {
      name: 'meta encoding',
      html: '<meta charset="utf-7"><p>+ADw-script+AD4-alert(1)</p><p>after-utf7</p>',
      kept: ['after-utf7'],
    },
  ];

  test('hostile documents (the shared corpus and vectors aimed at libxml2): the benign text stays, nothing active does', () => {
    const cases = [...HOSTILE_TERMS, ...aimedAtLibxml];
    const got = php(cases.map((c) => page(c.html))).documents;
    cases.forEach((hostile, i) => {
      const tree = got[i]!;
      assertSafe(tree);
      const text = textOf(tree);
      let from = 0;
      for (const kept of hostile.kept) {
        const at = text.indexOf(kept, from);
        assert.ok(at >= 0, `${hostile.name}: "${kept}" in ${JSON.stringify(text)}`);
        from = at + kept.length;
      }
      const json = JSON.stringify(tree);
      assert.doesNotMatch(json, /evil\.example|pwned|<script|onerror|onclick/i, hostile.name);
      if (hostile.name === 'entities in a link') {
        // libxml2 2.9 knows no &colon; (an HTML5 name): the href stays a relative link, harmless.
        for (const [[, attributes]] of elements(tree))
          if (attributes['href']) assert.match(attributes['href'], /^https:\/\/www\.clickatell\.com\/sdk\//);
      } else assert.doesNotMatch(json, /javascript/i, hostile.name);
      if (!/raw text|CDATA|meta encoding|entities/.test(hostile.name))
        assert.doesNotMatch(json, /alert/, hostile.name);
    });
  });

  test(`nesting: ${TERMS_MAX_DEPTH} kept elements deep at most; a document of 300,000 open tags stays cheap`, () => {
    const [deep, huge] = php([`${'<div>'.repeat(100)}deep`, `${'<span><b>'.repeat(150_000)}end`]).documents;
    assert.equal(Math.max(...[...elements(deep!)].map(([, d]) => d)), TERMS_MAX_DEPTH);
    assert.equal(textOf(deep!), 'deep');
    // libxml2 stops building at 256 levels: what is deeper is not shown (a browser shows "end").
    assertSafe(huge!);
    assert.ok(JSON.stringify(huge).length < 1000);
  });
});
