<?php

// The PHP relay's HTML terms walk and link rule (php/relay/src/TermsHtml.php), driven by
// test/conformance/php-terms.test.ts: reads {"documents": [[html, url], ...], "links":
// [[href, base], ...]} as JSON on stdin and writes {"documents": [tree, ...], "links":
// [href or null, ...]}.

declare(strict_types=1);

require __DIR__ . '/../../../php/relay/src/autoload.php';

use CtConnect\Relay\TermsHtml;
use CtConnect\Relay\TermsLink;

$input = json_decode((string) stream_get_contents(STDIN), true, 512, JSON_THROW_ON_ERROR);
$out = ['documents' => [], 'links' => []];
foreach ($input['documents'] ?? [] as [$html, $url]) {
    $out['documents'][] = TermsHtml::json(TermsHtml::nodes($html, $url));
}
foreach ($input['links'] ?? [] as [$href, $base]) {
    $out['links'][] = TermsLink::resolve($href, $base);
}
echo json_encode($out, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
