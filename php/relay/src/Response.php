<?php

declare(strict_types=1);

namespace CtConnect\Relay;

/** The relay's answer: status, headers as [name, value] pairs (Set-Cookie may repeat), body. */
final class Response
{
    /**
     * @param list<array{0: string, 1: string}> $headers
     */
    public function __construct(public int $status, public array $headers = [], public string $body = '') {}

    /** The first value of a header, or null. */
    public function header(string $name): ?string
    {
        foreach ($this->headers as [$key, $value]) {
            if (strcasecmp($key, $name) === 0) {
                return $value;
            }
        }
        return null;
    }

    /** @return list<string> every value of a header, in order */
    public function headerValues(string $name): array
    {
        $values = [];
        foreach ($this->headers as [$key, $value]) {
            if (strcasecmp($key, $name) === 0) {
                $values[] = $value;
            }
        }
        return $values;
    }

    /** Sends the answer through PHP's SAPI. */
    public function send(): void
    {
        http_response_code($this->status);
        header_remove('X-Powered-By');
        foreach ($this->headers as [$name, $value]) {
            header($name . ': ' . $value, false);
        }
        echo $this->body;
    }
}
