<?php

declare(strict_types=1);

namespace CtConnect\Relay;

/** A refusal by the relay: one of the relay codes of the protocol data, maybe about one field. */
final class Refusal extends \RuntimeException
{
    public readonly int $status;
    public readonly string $relayCode;

    /**
     * @param array<string, string> $headers extra answer headers (Retry-After, Allow)
     */
    public function __construct(
        string $code,
        public readonly ?string $field = null,
        ?string $message = null,
        public readonly array $headers = [],
    ) {
        $spec = Protocol::relayError($code);
        $this->status = $spec['status'];
        $this->relayCode = $code;
        parent::__construct($message ?? $spec['message']);
    }
}
