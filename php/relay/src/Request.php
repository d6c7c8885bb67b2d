<?php

declare(strict_types=1);

namespace CtConnect\Relay;

/** One HTTP request as the relay sees it: plain values, so any PHP host can build one. */
final class Request
{
    /** @var array<string, string> lower-case header name => value */
    public readonly array $headers;

    /**
     * @param string $url absolute URL; its path is compared with the relay's path option
     * @param array<string, string> $headers header name => value (names in any case)
     */
    public function __construct(
        public readonly string $method,
        public readonly string $url,
        array $headers,
        public readonly string $body,
        public readonly string $clientAddress,
    ) {
        $lower = [];
        foreach ($headers as $name => $value) {
            $lower[strtolower((string) $name)] = (string) $value;
        }
        $this->headers = $lower;
    }

    /** The header's value, or null when the request has none. */
    public function header(string $name): ?string
    {
        return $this->headers[strtolower($name)] ?? null;
    }

    /**
     * The request PHP is serving. The body is read up to $maxBodyBytes + 1 bytes only, so a
     * larger one is known to be too large without holding it all.
     */
    public static function fromGlobals(int $maxBodyBytes = 65536): self
    {
        $headers = [];
        foreach ($_SERVER as $key => $value) {
            if (!is_string($value)) {
                continue;
            }
            if (str_starts_with((string) $key, 'HTTP_')) {
                $headers[strtolower(str_replace('_', '-', substr((string) $key, 5)))] = $value;
            } elseif ($key === 'CONTENT_TYPE' || $key === 'CONTENT_LENGTH') {
                $headers[strtolower(str_replace('_', '-', (string) $key))] = $value;
            }
        }
        $https = !empty($_SERVER['HTTPS']) && strtolower((string) $_SERVER['HTTPS']) !== 'off';
        $host = (string) ($_SERVER['HTTP_HOST'] ?? '');
        $uri = (string) ($_SERVER['REQUEST_URI'] ?? '/');
        $url = ($https ? 'https' : 'http') . '://' . $host . $uri;
        $body = '';
        $declared = $headers['content-length'] ?? null;
        if ($declared === null || !ctype_digit($declared) || (int) $declared <= $maxBodyBytes) {
            $input = fopen('php://input', 'rb');
            if ($input !== false) {
                $body = (string) stream_get_contents($input, $maxBodyBytes + 1);
                fclose($input);
            }
        }
        return new self(
            (string) ($_SERVER['REQUEST_METHOD'] ?? 'GET'),
            $url,
            $headers,
            $body,
            (string) ($_SERVER['REMOTE_ADDR'] ?? ''),
        );
    }
}
