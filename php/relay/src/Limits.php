<?php

declare(strict_types=1);

namespace CtConnect\Relay;

/**
 * Rate limits per client IP and per username, and failed sign-ins per client IP and per
 * username, counted in fixed windows in the Store. Keys are hashed: no raw username is kept.
 */
final class Limits
{
    private readonly string $hashKey;

    public function __construct(private readonly Options $options, private readonly Store $store, string $secret)
    {
        $this->hashKey = hash_hkdf('sha256', $secret, 32, 'limiter keys php v1', 'ct-connect relay');
    }

    private function key(string $kind, string $value): string
    {
        return $kind . ':' . hash_hmac('sha256', $value, $this->hashKey);
    }

    /** @throws Refusal rate_limited, with Retry-After */
    public function perIp(string $ip, int $now): void
    {
        $this->consume($this->key('ip', $ip), $this->options->rateIpPoints, $this->options->rateIpWindowS, $now);
    }

    /** @throws Refusal rate_limited, with Retry-After */
    public function perUser(string $user, int $now): void
    {
        $this->consume(
            $this->key('user', strtolower($user)),
            $this->options->rateUserPoints,
            $this->options->rateUserWindowS,
            $now,
        );
    }

    private function consume(string $key, int $points, int $windowS, int $now): void
    {
        [$count, $left] = $this->store->hit($key, $windowS, $now);
        if ($count > $points) {
            throw new Refusal('rate_limited', null, null, ['retry-after' => (string) max(1, $left)]);
        }
    }

    /**
     * Counts a sign-in as failed before the API is asked, so that sign-ins sent at once are
     * held to the limit as well as one after another; releaseSignIn gives it back when the
     * answer is not a failed sign-in.
     *
     * @throws Refusal sign_in_limited, with Retry-After, past either threshold (counting nothing)
     */
    public function reserveSignIn(string $ip, string $user, int $now): void
    {
        $window = $this->options->signInWindowS;
        [$byIp, $ipLeft] = $this->store->hit($this->key('sign-in-ip', $ip), $window, $now);
        [$byUser, $userLeft] =
            $user === '' ? [0, 0] : $this->store->hit($this->key('sign-in-user', strtolower($user)), $window, $now);
        // The wait is that of the limit (or the longer of the two) that refuses.
        $left = max(
            $byIp > $this->options->signInIpFailures ? $ipLeft : 0,
            $byUser > $this->options->signInUserFailures ? $userLeft : 0,
        );
        if ($left > 0) {
            $this->releaseSignIn($ip, $user, $now);
            throw new Refusal('sign_in_limited', null, null, ['retry-after' => (string) $left]);
        }
    }

    /** Gives back a sign-in reserveSignIn counted: the API's answer was not a failed sign-in. */
    public function releaseSignIn(string $ip, string $user, int $now): void
    {
        $window = $this->options->signInWindowS;
        $this->store->giveBack($this->key('sign-in-ip', $ip), $window, $now);
        if ($user !== '') {
            $this->store->giveBack($this->key('sign-in-user', strtolower($user)), $window, $now);
        }
    }

    public function signInSucceeded(string $ip, string $user, int $now): void
    {
        $this->store->reset($this->key('sign-in-ip', $ip));
        $this->store->reset($this->key('sign-in-user', strtolower($user)));
    }
}
