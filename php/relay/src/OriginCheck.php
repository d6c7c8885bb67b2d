<?php

declare(strict_types=1);

namespace CtConnect\Relay;

/** The exact-origin allowlist, CORS answer headers, and the client's address. */
final class OriginCheck
{
    public function __construct(private readonly Options $options) {}

    /**
     * Adds the CORS headers for the request's origin to $headers.
     *
     * @param array<string, string> $headers
     * @param array{scheme: string, authority: string} $own the request URL's scheme and host[:port]
     * @throws Refusal origin_not_allowed
     */
    public function check(Request $request, array $own, array &$headers): void
    {
        $headers['vary'] = 'Origin';
        $origin = $request->header('origin');
        if ($origin === null) {
            return;
        }
        if (in_array($origin, $this->ownOrigins($request, $own), true)) {
            return;
        }
        if (!in_array($origin, $this->options->allowOrigins, true)) {
            throw new Refusal('origin_not_allowed');
        }
        $headers['access-control-allow-origin'] = $origin;
        $headers['access-control-allow-credentials'] = 'true';
        $headers['access-control-expose-headers'] = 'Retry-After';
    }

    /**
     * @param array{scheme: string, authority: string} $own
     * @return list<string>
     */
    private function ownOrigins(Request $request, array $own): array
    {
        $origins = [$own['scheme'] . '://' . $own['authority']];
        if ($this->options->trustProxy) {
            $host = self::lastEntry($request->header('x-forwarded-host'));
            $proto = self::lastEntry($request->header('x-forwarded-proto'));
            if ($host !== '') {
                $origins[] = ($proto !== '' ? $proto : $own['scheme']) . '://' . $host;
            }
        }
        return $origins;
    }

    /** The entry the nearest proxy wrote in a forwarding header: the last one (proxies append). */
    public static function lastEntry(?string $value): string
    {
        $entries = explode(',', $value ?? '');
        return trim((string) end($entries));
    }

    /**
     * The client's address: from the host's client_ip callable; with trust_proxy, the
     * address the trusted proxy added to X-Forwarded-For (the rightmost entry, the entry a
     * hop count from the right, or the first one from the right that is not a listed
     * proxy), never the client-written leftmost one; else the connection's peer.
     */
    public function clientIp(Request $request): string
    {
        if ($this->options->clientIp !== null) {
            $given = ($this->options->clientIp)($request);
            if (is_string($given) && $given !== '') {
                return self::normalise($given);
            }
        }
        $peer = self::normalise($request->clientAddress);
        if (!$this->options->trustProxy) {
            return $peer;
        }
        $chain = array_values(
            array_filter(
                array_map('trim', explode(',', $request->header('x-forwarded-for') ?? '')),
                static fn(string $entry): bool => $entry !== '',
            ),
        );
        if ($chain === []) {
            return $peer;
        }
        if ($this->options->trustedProxies !== []) {
            if (!$this->isTrustedProxy($peer)) {
                return $peer;
            }
            for ($i = count($chain) - 1; $i >= 0; $i--) {
                $entry = self::normalise($chain[$i]);
                if (!$this->isTrustedProxy($entry)) {
                    return $entry;
                }
            }
            return self::normalise($chain[0]);
        }
        $index = count($chain) - $this->options->proxyHops;
        // Fewer entries than proxies: the request did not come through all of them.
        return $index >= 0 ? self::normalise($chain[$index]) : $peer;
    }

    private function isTrustedProxy(string $address): bool
    {
        foreach ($this->options->trustedProxies as $proxy) {
            if (self::inRange($address, $proxy)) {
                return true;
            }
        }
        return false;
    }

    /** Whether $address is $range (an address, or a CIDR block). */
    public static function inRange(string $address, string $range): bool
    {
        [$base, $bits] = array_pad(explode('/', $range, 2), 2, null);
        $a = @inet_pton($address);
        $b = @inet_pton((string) $base);
        if ($a === false || $b === false || strlen($a) !== strlen($b)) {
            return false;
        }
        $size = strlen($a) * 8;
        $prefix = $bits === null ? $size : (int) $bits;
        if ($prefix < 0 || $prefix > $size) {
            return false;
        }
        $full = intdiv($prefix, 8);
        if (substr($a, 0, $full) !== substr($b, 0, $full)) {
            return false;
        }
        $rest = $prefix % 8;
        if ($rest === 0) {
            return true;
        }
        $mask = (0xff << (8 - $rest)) & 0xff;
        return (ord($a[$full]) & $mask) === (ord($b[$full]) & $mask);
    }

    /** IPv4 peers of dual-stack sockets arrive as ::ffff:a.b.c.d; the API wants a.b.c.d. */
    public static function normalise(string $ip): string
    {
        $ip = trim($ip, ' []');
        return preg_match('/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i', $ip, $m) === 1 ? $m[1] : $ip;
    }
}
