<?php

declare(strict_types=1);

namespace CtConnect\Relay;

/**
 * HTML terms made safe on the server (docs/relay.md, "HTML terms"): the document parsed
 * with DOMDocument and walked into the tree of allowed elements and text, with the rules
 * of src/protocol/terms.ts (generated/protocol.php). Browsers never parse the document.
 *
 * DOMDocument (libxml2's HTML parser) is not the HTML standard's parser: its elements have
 * no namespace (so svg and math are dropped by name), it implies no <tbody> (the walk adds
 * one where the standard does for rows in a table) and it recovers from malformed markup
 * its own way. Whatever it builds, the walk keeps only allowed elements, attributes and
 * http(s) links.
 */
final class TermsHtml
{
    /** libxml2's HTML_PARSE_IGNORE_ENC: no <meta charset> changes how the (ASCII) input is read. */
    private const IGNORE_ENCODING = 1 << 21;

    /**
     * The terms document $html (UTF-8), fetched from $url, as the children of its <body>
     * in the terms tree: strings, and elements as [name, attributes, ...children] (json()
     * makes it JSON).
     *
     * @return list<mixed>
     */
    public static function nodes(string $html, string $url): array
    {
        $rules = Protocol::data()['terms'];
        if (str_starts_with($html, "\xEF\xBB\xBF")) {
            $html = substr($html, 3); // a byte order mark is no text, as in a browser
        }
        // libxml2 reads bytes as Latin-1 unless a <meta> says otherwise: every non-ASCII
        // character goes in as a character reference, read the same whatever is declared.
        $ascii = preg_replace_callback('/[^\x00-\x7f]/u', [self::class, 'reference'], $html);
        if (!is_string($ascii)) {
            return [];
        }
        // NUL stops nothing in a browser: it becomes U+FFFD here (a browser drops it from text).
        $ascii = str_replace("\0", '&#65533;', $ascii);
        // Text before any tag: a browser puts it in the <body> it implies, libxml2 in a <p>
        // of its own unless a <body> comes first. (Whitespace there a browser ignores.)
        if (preg_match('/^[\t\n\f\r ]*[^<\t\n\f\r ]/', $ascii) === 1) {
            $ascii = '<body>' . ltrim($ascii, "\t\n\f\r ");
        }
        if ($ascii === '') {
            return [];
        }
        $doc = new \DOMDocument();
        $previous = libxml_use_internal_errors(true);
        try {
            $loaded = $doc->loadHTML(
                $ascii,
                LIBXML_NONET | LIBXML_NOERROR | LIBXML_NOWARNING | LIBXML_COMPACT | self::IGNORE_ENCODING,
            );
        } finally {
            libxml_clear_errors();
            libxml_use_internal_errors($previous);
        }
        if (!$loaded) {
            return [];
        }
        $root = null;
        $body = null;
        foreach ($doc->childNodes as $top) {
            if ($top instanceof \DOMElement && strtolower($top->nodeName) === 'html') {
                foreach ($top->childNodes as $child) {
                    if ($child instanceof \DOMElement && strtolower($child->nodeName) === 'body') {
                        [$root, $body] = [$top, $child];
                        break 2;
                    }
                }
            }
        }
        if ($root === null || $body === null) {
            return [];
        }
        $out = new TermsOut();
        $elements = $rules['elements'];
        $dropped = array_flip($rules['dropped']);
        $maxDepth = (int) $rules['max_depth'];
        // Depth first without recursion: a document of nothing but nested tags stays cheap.
        // A frame: the next node to walk, where its output goes, the kept ancestors' count,
        // and for the children of a kept <table>, the <tbody> implied for its rows.
        // What follows </body> or </html> (line breaks, mostly) a browser puts in the body:
        // walked after the body's own children.
        $stack = [];
        foreach ([$root->nextSibling, $body->nextSibling, $body->firstChild] as $first) {
            $stack[] = ['next' => $first, 'out' => $out, 'depth' => 0, 'table' => false, 'tbody' => null];
        }
        while ($stack !== []) {
            $top = count($stack) - 1;
            $node = $stack[$top]['next'];
            if ($node === null) {
                array_pop($stack);
                continue;
            }
            $stack[$top]['next'] = $node->nextSibling;
            $frame = $stack[$top];
            $target = $frame['out'];
            if ($node->nodeType === XML_TEXT_NODE) {
                ($frame['tbody'] ?? $target)->text((string) $node->nodeValue);
                continue;
            }
            if (!($node instanceof \DOMElement)) {
                continue; // comments, processing instructions, CDATA (a bogus comment to a browser)
            }
            $name = strtolower($node->nodeName);
            if (isset($dropped[$name])) {
                continue;
            }
            $depth = $frame['depth'];
            if ($frame['table']) {
                if ($name === 'tr') {
                    // The HTML standard puts rows written straight into a table in a <tbody>.
                    if ($frame['tbody'] === null && $depth < $maxDepth) {
                        $stack[$top]['tbody'] = $frame['tbody'] = new TermsOut('tbody', []);
                        $target->element($frame['tbody']);
                    }
                } else {
                    $stack[$top]['tbody'] = $frame['tbody'] = null;
                }
                if ($frame['tbody'] !== null) {
                    $target = $frame['tbody'];
                    $depth++;
                }
            }
            if (isset($elements[$name]) && $depth < $maxDepth) {
                $attributes = [];
                foreach ($node->attributes ?? [] as $attr) {
                    $attrName = strtolower($attr->nodeName);
                    if (array_key_exists($attrName, $attributes)) {
                        continue;
                    }
                    $value = self::attribute($name, $attrName, (string) $attr->nodeValue, $url);
                    if ($value !== null) {
                        $attributes[$attrName] = $value;
                    }
                }
                $element = new TermsOut($name, $attributes);
                $target->element($element);
                $stack[] = [
                    'next' => $node->firstChild,
                    'out' => $element,
                    'depth' => $depth + 1,
                    'table' => $name === 'table',
                    'tbody' => null,
                ];
            } else {
                // Unwrapped: its content goes where it was.
                $stack[] = [
                    'next' => $node->firstChild,
                    'out' => $target,
                    'depth' => $depth,
                    'table' => false,
                    'tbody' => null,
                ];
            }
        }
        // libxml2 leaves out the line break that ends most documents, after </html>; a
        // browser keeps it in the body.
        if (preg_match('/<\/html[\t\n\f\r ]*>([\t\n\f\r ]+)$/iD', $ascii, $end) === 1) {
            $out->text($end[1]);
        }
        return $out->children();
    }

    /**
     * The tree $nodes as JSON wants it: each element's attributes an object (`{}`, never
     * `[]`), also when the tree comes back from the list cache as arrays.
     *
     * @param array<mixed> $nodes
     * @return list<mixed>
     */
    public static function json(array $nodes): array
    {
        $out = [];
        foreach ($nodes as $node) {
            if (is_array($node) && count($node) >= 2) {
                $node = array_values($node);
                $node = [$node[0], (object) $node[1], ...self::json(array_slice($node, 2))];
            }
            $out[] = $node;
        }
        return $out;
    }

    /**
     * The value attribute $name of element $element keeps, or null when it is dropped
     * (termsAttribute in src/protocol/terms.ts).
     */
    public static function attribute(string $element, string $name, string $value, string $base): ?string
    {
        $rules = Protocol::data()['terms'];
        $allowed = $rules['elements'][$element] ?? null;
        if (!is_array($allowed)) {
            return null;
        }
        if ($name !== 'lang' && $name !== 'dir' && !in_array($name, $allowed, true)) {
            return null;
        }
        if ($name === 'href') {
            return TermsLink::resolve($value, $base);
        }
        $pattern = $rules['attribute_values'][$name] ?? null;
        return is_string($pattern) && preg_match($pattern, $value) === 1 ? $value : null;
    }

    /** @param array<int, string> $match one non-ASCII character */
    private static function reference(array $match): string
    {
        $bytes = $match[0];
        $length = strlen($bytes);
        $code = ord($bytes[0]) & (0xff >> ($length + 1));
        for ($i = 1; $i < $length; $i++) {
            $code = ($code << 6) | (ord($bytes[$i]) & 0x3f);
        }
        return '&#' . $code . ';';
    }
}
