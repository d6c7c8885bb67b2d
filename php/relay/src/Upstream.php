<?php

declare(strict_types=1);

namespace CtConnect\Relay;

/**
 * Calls upstream over curl: the Connect API and terms documents. One timeout for the whole
 * exchange, redirects never followed, answers read only up to max_upstream_bytes.
 */
final class Upstream
{
    public function __construct(private readonly Options $options) {}

    /**
     * One exchange: a 2xx answer's body and content type, or a refusal.
     *
     * @param list<string> $headers
     * @return array{body: string, contentType: string}
     * @throws Refusal upstream_timeout, upstream_unreachable or upstream_bad_answer
     */
    public function exchange(string $url, ?string $postBody, array $headers): array
    {
        $handle = curl_init();
        if ($handle === false) {
            throw new Refusal('upstream_unreachable');
        }
        $body = '';
        $tooLarge = false;
        $max = $this->options->maxUpstreamBytes;
        curl_setopt_array($handle, [
            CURLOPT_URL => $url,
            CURLOPT_FOLLOWLOCATION => false,
            CURLOPT_PROTOCOLS => CURLPROTO_HTTP | CURLPROTO_HTTPS,
            CURLOPT_TIMEOUT_MS => $this->options->timeoutMs,
            CURLOPT_CONNECTTIMEOUT_MS => $this->options->timeoutMs,
            CURLOPT_NOSIGNAL => true,
            CURLOPT_HTTPHEADER => $headers,
            CURLOPT_HEADER => false,
            CURLOPT_WRITEFUNCTION => static function ($curl, string $chunk) use (&$body, &$tooLarge, $max): int {
                if (strlen($body) + strlen($chunk) > $max) {
                    $tooLarge = true;
                    return 0;
                }
                $body .= $chunk;
                return strlen($chunk);
            },
        ]);
        if ($postBody !== null) {
            curl_setopt($handle, CURLOPT_POST, true);
            curl_setopt($handle, CURLOPT_POSTFIELDS, $postBody);
        }
        $ok = curl_exec($handle);
        $errno = curl_errno($handle);
        $status = (int) curl_getinfo($handle, CURLINFO_RESPONSE_CODE);
        $type = curl_getinfo($handle, CURLINFO_CONTENT_TYPE);
        curl_close($handle);
        if ($tooLarge) {
            throw new Refusal('upstream_bad_answer');
        }
        if ($ok === false || $errno !== 0) {
            throw new Refusal($errno === CURLE_OPERATION_TIMEDOUT ? 'upstream_timeout' : 'upstream_unreachable');
        }
        // A redirect, a 4xx or a 5xx is no answer.
        if ($status < 200 || $status > 299) {
            throw new Refusal('upstream_bad_answer');
        }
        return ['body' => $body, 'contentType' => is_string($type) ? $type : ''];
    }
}
