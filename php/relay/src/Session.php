<?php

declare(strict_types=1);

namespace CtConnect\Relay;

/**
 * The session cookie: after a successful authenticate_user the credentials are sealed with
 * sodium (XChaCha20-Poly1305) into an HttpOnly cookie, with a random session id that
 * logout revokes, an absolute lifetime and an idle timeout.
 */
final class Session
{
    public const COOKIE = 'ct_connect_session';
    public const SECURE_COOKIE = '__Secure-ct_connect_session';
    private const AD = 'ct-connect session v1';

    private readonly string $key;

    public function __construct(string $secret, private readonly Options $options)
    {
        $this->key = hash_hkdf(
            'sha256',
            $secret,
            SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_KEYBYTES,
            'session cookie php v1',
            'ct-connect relay',
        );
    }

    /**
     * @param array{sid: string, user: string, password: string, userNumber: string, issuedAt: int, seenAt: int} $data
     */
    public function seal(array $data): string
    {
        $nonce = random_bytes(SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_NPUBBYTES);
        $sealed = sodium_crypto_aead_xchacha20poly1305_ietf_encrypt(
            json_encode($data, JSON_THROW_ON_ERROR | JSON_UNESCAPED_UNICODE),
            self::AD,
            $nonce,
            $this->key,
        );
        return rtrim(strtr(base64_encode($nonce . $sealed), '+/', '-_'), '=');
    }

    /**
     * Opens a cookie value: the session, or null when it is tampered, sealed with another
     * secret, malformed, past its lifetime or idle for too long (times in epoch ms).
     *
     * @return array{sid: string, user: string, password: string, userNumber: string, issuedAt: int, seenAt: int}|null
     */
    public function open(string $value, int $nowMs): ?array
    {
        if ($value === '' || strlen($value) > 4096 || preg_match('/^[A-Za-z0-9_-]+$/', $value) !== 1) {
            return null;
        }
        $raw = base64_decode(strtr($value, '-_', '+/'), true);
        $nonceBytes = SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_NPUBBYTES;
        if ($raw === false || strlen($raw) <= $nonceBytes + SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_ABYTES) {
            return null;
        }
        try {
            $plain = sodium_crypto_aead_xchacha20poly1305_ietf_decrypt(
                substr($raw, $nonceBytes),
                self::AD,
                substr($raw, 0, $nonceBytes),
                $this->key,
            );
        } catch (\SodiumException) {
            return null;
        }
        if (!is_string($plain)) {
            return null;
        }
        $data = json_decode($plain, true);
        if (!is_array($data)) {
            return null;
        }
        foreach (['sid', 'user', 'password', 'userNumber'] as $name) {
            if (!is_string($data[$name] ?? null)) {
                return null;
            }
        }
        foreach (['issuedAt', 'seenAt'] as $name) {
            if (!is_int($data[$name] ?? null)) {
                return null;
            }
        }
        // A cookie from the future is as suspect as an old one: refuse both.
        if ($data['issuedAt'] > $nowMs + 60000 || $nowMs - $data['issuedAt'] >= $this->options->sessionMaxAgeS * 1000) {
            return null;
        }
        if ($nowMs - $data['seenAt'] >= $this->options->sessionIdleS * 1000) {
            return null;
        }
        return [
            'sid' => $data['sid'],
            'user' => $data['user'],
            'password' => $data['password'],
            'userNumber' => $data['userNumber'],
            'issuedAt' => $data['issuedAt'],
            'seenAt' => $data['seenAt'],
        ];
    }

    /** Whether the cookie is Secure: always cross-site, and everywhere but http on localhost. */
    public function secure(string $scheme, string $host): bool
    {
        if ($this->options->crossSite) {
            return true;
        }
        return !($scheme === 'http' && in_array(strtolower($host), ['localhost', '127.0.0.1', '[::1]'], true));
    }

    public function cookieName(bool $secure): string
    {
        return $secure ? self::SECURE_COOKIE : self::COOKIE;
    }

    /** The session cookie's value in a Cookie header, if any. */
    public function read(?string $header, bool $secure): ?string
    {
        if ($header === null || $header === '') {
            return null;
        }
        $name = $this->cookieName($secure);
        foreach (explode(';', $header) as $part) {
            $eq = strpos($part, '=');
            if ($eq === false) {
                continue;
            }
            if (trim(substr($part, 0, $eq)) === $name) {
                return trim(substr($part, $eq + 1));
            }
        }
        return null;
    }

    /** The Set-Cookie value storing $value; Max-Age 0 clears the cookie. */
    public function cookie(string $value, bool $secure, int $maxAge): string
    {
        $parts = [
            $this->cookieName($secure) . '=' . $value,
            'Max-Age=' . $maxAge,
            'Path=' . $this->options->path,
            'HttpOnly',
        ];
        if ($this->options->crossSite) {
            array_push($parts, 'Secure', 'SameSite=None', 'Partitioned');
        } else {
            if ($secure) {
                $parts[] = 'Secure';
            }
            $parts[] = 'SameSite=Strict';
        }
        return implode('; ', $parts);
    }
}
