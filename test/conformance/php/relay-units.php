<?php

// The PHP relay with plain Request objects, no HTTP: what the conformance suite cannot
// reach from outside (options, Host checks, cookie names, the idle timeout, proxies).
// Prints one "ok - ..." or "not ok - ..." line per check; exits 1 when one fails.
// Run by test/conformance/php-units.test.ts.

declare(strict_types=1);

require __DIR__ . '/../../../php/relay/src/autoload.php';

use CtConnect\Relay\Options;
use CtConnect\Relay\OriginCheck;
use CtConnect\Relay\Relay;
use CtConnect\Relay\Request;
use CtConnect\Relay\Response;
use CtConnect\Relay\Session;
use CtConnect\Relay\Store;

const TOKEN = 'd36eb2ac5c1ff07bca6782caed861fc5';
const SECRET = 'a-session-secret-that-is-long-enough-0123456789';

$failed = 0;

function check(string $name, callable $body): void
{
    global $failed;
    try {
        $body();
        echo "ok - $name\n";
    } catch (\Throwable $problem) {
        $failed++;
        echo "not ok - $name # " . str_replace("\n", ' ', $problem->getMessage()) . "\n";
    }
}

function expect(bool $condition, string $message): void
{
    if (!$condition) {
        throw new \RuntimeException($message);
    }
}

/** @param array<string, mixed> $extra */
function options(array $extra = []): Options
{
    $dir = sys_get_temp_dir() . '/ct-relay-units-' . getmypid();
    return Options::fromArray(
        $extra + [
            'token' => TOKEN,
            'session_secret' => SECRET,
            'upstream' => 'http://127.0.0.1:9',
            'store' => 'files',
            'storage_dir' => $dir,
            'log' => static function (string $line): void {},
        ],
    );
}

/** @param array<string, string> $headers */
function request(
    string $method,
    string $url,
    array $headers = [],
    string $body = '',
    string $peer = '127.0.0.1',
): Request {
    return new Request($method, $url, ['X-CT-Connect' => '1'] + $headers, $body, $peer);
}

/** @return array<string, mixed> */
function body(Response $response): array
{
    $decoded = json_decode($response->body, true);
    expect(is_array($decoded), 'the body is not JSON: ' . $response->body);
    return $decoded;
}

function sealed(Options $options, int $issuedAgoS, int $seenAgoS, string $sid = 'sid1'): string
{
    $now = (int) floor(microtime(true) * 1000);
    return (new Session(SECRET, $options))->seal([
        'sid' => $sid,
        'user' => 'jdoe',
        'password' => 'secret99',
        'userNumber' => '1000001',
        'issuedAt' => $now - $issuedAgoS * 1000,
        'seenAt' => $now - $seenAgoS * 1000,
    ]);
}

check(
    'options: a missing token, a short secret, an unknown key or a bad origin is refused, saying which',
    static function (): void {
        $cases = [
            [['session_secret' => SECRET], 'token is required'],
            [['token' => TOKEN, 'session_secret' => 'short'], 'at least 32 characters'],
            [['token' => TOKEN, 'session_secret' => SECRET, 'colour' => 'red'], 'unknown option "colour"'],
            [['token' => TOKEN, 'session_secret' => SECRET, 'allow_origins' => ['localhost:5330']], 'localhost:5330'],
            [['token' => TOKEN, 'session_secret' => SECRET, 'upstream' => 'ftp://example.com'], 'upstream'],
            [['token' => TOKEN, 'session_secret' => SECRET, 'timeout_ms' => 'soon'], 'timeout_ms'],
            [['token' => TOKEN, 'session_secret' => SECRET, 'allowed_actions' => ['drop_tables']], 'drop_tables'],
        ];
        foreach ($cases as [$config, $words]) {
            try {
                Options::fromArray($config);
                throw new \RuntimeException('accepted ' . json_encode($config));
            } catch (\InvalidArgumentException $problem) {
                expect(
                    str_contains($problem->getMessage(), $words),
                    "the message \"{$problem->getMessage()}\" does not say $words",
                );
                expect(!str_contains($problem->getMessage(), TOKEN), 'the message holds the token');
            }
        }
    },
);

check('options: strings from environment variables become numbers, flags and lists', static function (): void {
    $options = Options::fromArray([
        'token' => TOKEN,
        'session_secret' => SECRET,
        'timeout_ms' => '300',
        'cross_site' => 'true',
        'allow_origins' => 'https://a.example, https://b.example:8443',
        'trust_proxy' => '2',
    ]);
    expect($options->timeoutMs === 300 && $options->crossSite, 'numbers or flags not read');
    expect($options->allowOrigins === ['https://a.example', 'https://b.example:8443'], 'list not read');
    expect($options->trustProxy && $options->proxyHops === 2, 'hop count not read');
});

check('a malformed Host answers 400 bad_request with no-store and nosniff', static function (): void {
    $relay = new Relay(options());
    foreach (
        ['http://exa mple.com/connect/session', 'http:///connect/session', 'not a url', 'http://a_b<c>/connect']
        as $url
    ) {
        $response = $relay->handle(request('GET', $url));
        expect($response->status === 400, "$url answered {$response->status}");
        expect(body($response)['errors'][0]['code'] === 'bad_request', "$url: " . $response->body);
        expect($response->header('cache-control') === 'no-store', 'no Cache-Control: no-store');
        expect($response->header('x-content-type-options') === 'nosniff', 'no nosniff');
    }
});

check('the session cookie is __Secure- prefixed over https and plain on http://localhost', static function (): void {
    $options = options();
    $relay = new Relay($options);
    $https = $relay->handle(
        request('GET', 'https://www.example.com/connect/session', [
            'cookie' => Session::SECURE_COOKIE . '=' . sealed($options, 200, 120),
        ]),
    );
    expect(body($https)['user'] === 'jdoe', 'the __Secure- cookie was not read over https: ' . $https->body);
    $set = $https->header('set-cookie') ?? '';
    expect(str_starts_with($set, '__Secure-ct_connect_session=') && str_contains($set, '; Secure'), "over https: $set");
    $plain = $relay->handle(
        request('GET', 'https://www.example.com/connect/session', [
            'cookie' => Session::COOKIE . '=' . sealed($options, 200, 120),
        ]),
    );
    expect(body($plain)['user'] === null, 'a cookie without the prefix was taken over https');
    $local = $relay->handle(
        request('GET', 'http://localhost:8080/connect/session', [
            'cookie' => Session::COOKIE . '=' . sealed($options, 200, 120),
        ]),
    );
    $set = $local->header('set-cookie') ?? '';
    expect(
        body($local)['user'] === 'jdoe' &&
            str_starts_with($set, 'ct_connect_session=') &&
            !str_contains($set, 'Secure'),
        "on localhost: $set",
    );
});

check(
    'a session idle past session_idle_s or older than session_max_age_s is no session, and is cleared',
    static function (): void {
        $options = options(['session_idle_s' => 60, 'session_max_age_s' => 600]);
        $relay = new Relay($options);
        foreach ([[10, 59, 'jdoe'], [10, 61, null], [599, 1, 'jdoe'], [601, 1, null]] as [$issued, $seen, $user]) {
            $response = $relay->handle(
                request('GET', 'http://localhost/connect/session', [
                    'cookie' => 'ct_connect_session=' . sealed($options, $issued, $seen),
                ]),
            );
            expect(
                $response->status === 200 && body($response)['user'] === $user,
                "issued {$issued}s, seen {$seen}s ago: " . $response->body,
            );
            $set = $response->header('set-cookie') ?? '';
            expect(
                $user === null ? str_contains($set, 'Max-Age=0') : !str_contains($set, 'Max-Age=0'),
                "issued {$issued}s, seen {$seen}s ago: $set",
            );
        }
    },
);

check('a used session is sealed again with a fresh last-seen time', static function (): void {
    $options = options(['session_idle_s' => 60]);
    $relay = new Relay($options);
    $first = $relay->handle(
        request('GET', 'http://localhost/connect/session', [
            'cookie' => 'ct_connect_session=' . sealed($options, 100, 50),
        ]),
    );
    $cookie = explode(';', $first->header('set-cookie') ?? '')[0];
    $opened = (new Session(SECRET, $options))->open(
        substr($cookie, strlen('ct_connect_session=')),
        (int) floor(microtime(true) * 1000),
    );
    expect(
        $opened !== null && $opened['seenAt'] > (int) floor(microtime(true) * 1000) - 5000,
        'the cookie was not re-sealed as seen now',
    );
});

check('logout revokes the session: a copy of its cookie is no session afterwards', static function (): void {
    $options = options();
    $relay = new Relay($options);
    $cookie = ['cookie' => 'ct_connect_session=' . sealed($options, 10, 10, bin2hex(random_bytes(8)))];
    expect(
        body($relay->handle(request('GET', 'http://localhost/connect/session', $cookie)))['user'] === 'jdoe',
        'not signed in before',
    );
    $out = $relay->handle(request('POST', 'http://localhost/connect/logout', $cookie));
    expect($out->status === 200 && body($out) === ['ok' => true], 'logout: ' . $out->body);
    $after = $relay->handle(request('GET', 'http://localhost/connect/session', $cookie));
    expect(body($after)['user'] === null, 'the copy still works: ' . $after->body);
});

check(
    'a value over its cap is refused as too_long before anything else, even without a session',
    static function (): void {
        $relay = new Relay(options());
        $response = $relay->handle(
            request(
                'POST',
                'http://localhost/connect',
                [],
                json_encode([
                    'action' => 'sms_activation_status',
                    'params' => ['user' => str_repeat('é', 129)],
                ]),
            ),
        );
        $error = body($response)['errors'][0];
        expect(
            $response->status === 400 && $error['code'] === 'too_long' && $error['field'] === 'user',
            $response->body,
        );
        expect(str_contains($error['message'], '128'), 'the message does not name the limit');
        $ok = $relay->handle(
            request(
                'POST',
                'http://localhost/connect',
                [],
                json_encode([
                    'action' => 'sms_activation_status',
                    'params' => ['user' => str_repeat('é', 128)],
                ]),
            ),
        );
        expect($ok->status !== 400, '128 characters (256 bytes) were refused: ' . $ok->body);
    },
);

check('the per-IP budget answers 429 rate_limited with Retry-After, in the file store', static function (): void {
    $relay = new Relay(
        options([
            'rate_ip_points' => 2,
            'storage_dir' => sys_get_temp_dir() . '/ct-relay-units-' . getmypid() . '-rate',
        ]),
    );
    $statuses = [];
    foreach ([1, 2, 3] as $n) {
        $response = $relay->handle(request('GET', 'http://localhost/connect/session', [], '', '192.0.2.7'));
        $statuses[] = $response->status;
    }
    expect($statuses === [200, 200, 429], 'statuses ' . implode(',', $statuses));
    expect(ctype_digit($response->header('retry-after') ?? ''), 'no Retry-After');
    $other = $relay->handle(request('GET', 'http://localhost/connect/session', [], '', '192.0.2.8'));
    expect($other->status === 200, 'another IP was limited too');
});

check(
    'with trust_proxy the client IP is the entry the proxy added, never the client-written one',
    static function (): void {
        $xff = ['x-forwarded-for' => '6.6.6.6, 192.0.2.1, 198.51.100.2'];
        $cases = [
            [[], '10.0.0.1'],
            [['trust_proxy' => true], '198.51.100.2'],
            [['trust_proxy' => 2], '192.0.2.1'],
            [['trust_proxy' => ['10.0.0.0/8', '198.51.100.2']], '192.0.2.1'],
            [['trust_proxy' => ['172.16.0.0/12']], '10.0.0.1'],
            [['client_ip' => static fn(Request $r): string => '203.0.113.9'], '203.0.113.9'],
        ];
        foreach ($cases as [$extra, $expected]) {
            $ip = (new OriginCheck(options($extra)))->clientIp(
                request('GET', 'http://localhost/connect/session', $xff, '', '::ffff:10.0.0.1'),
            );
            expect($ip === $expected, json_encode($extra) . " gave $ip, not $expected");
        }
    },
);

check('origins: the exact allowed origin gets CORS headers, a lookalike is refused', static function (): void {
    $relay = new Relay(options(['allow_origins' => ['https://www.example.com']]));
    $ok = $relay->handle(request('GET', 'http://localhost/connect/session', ['origin' => 'https://www.example.com']));
    expect($ok->status === 200 && $ok->header('access-control-allow-origin') === 'https://www.example.com', $ok->body);
    foreach (
        ['https://www.example.com.evil.example', 'http://www.example.com', 'null', 'https://WWW.example.com:443x']
        as $origin
    ) {
        $refused = $relay->handle(request('GET', 'http://localhost/connect/session', ['origin' => $origin]));
        expect(
            $refused->status === 403 && body($refused)['errors'][0]['code'] === 'origin_not_allowed',
            "$origin: " . $refused->body,
        );
    }
});

check('an error inside the relay answers 500 internal without details, and logs no secret', static function (): void {
    $lines = [];
    $relay = new Relay(
        options([
            'client_ip' => static function (Request $r): string {
                throw new \LogicException('secret details ' . TOKEN);
            },
            'log' => static function (string $line) use (&$lines): void {
                $lines[] = $line;
            },
        ]),
    );
    $response = $relay->handle(request('GET', 'http://localhost/connect/session'));
    expect($response->status === 500 && body($response)['errors'][0]['code'] === 'internal', $response->body);
    expect(!str_contains($response->body, 'secret details'), 'the answer holds the exception message');
    expect(count($lines) === 1 && !str_contains($lines[0], TOKEN), 'log: ' . implode("\n", $lines));
});

check(
    'links: trusted only on https on a trusted host (its port, if not 443), a dev origin, or http terms upgraded',
    static function (): void {
        $relay = new Relay(options(['dev_origins' => ['http://127.0.0.1:5330']]));
        $trusted = \Closure::bind(fn(?string $url): bool => $this->trustedUrl($url), $relay, Relay::class);
        $terms = \Closure::bind(fn(?string $url): ?string => $this->termsUrl($url), $relay, Relay::class);
        $cases = [
            ['https://www.clickatell.com/buy/1', true],
            ['https://WWW.clickatell.com:443/buy/1', true],
            ['https://www.clickatell.com:8443/buy/1', false],
            ['http://www.clickatell.com/buy/1', false],
            ['https://www.clickatell.com.evil.example/buy/1', false],
            ['https://user:pw@www.clickatell.com/buy/1', false],
            ['https://evil.example\\@www.clickatell.com/', false],
            ['https://evil.example#@www.clickatell.com/', false],
            ['https://www.clickatell.com /x', false],
            ['javascript:alert(1)//www.clickatell.com', false],
            ['http://127.0.0.1:5330/_emulator/buy/1', true],
            ['http://127.0.0.1:5331/_emulator/buy/1', false],
        ];
        foreach ($cases as [$url, $expected]) {
            expect($trusted($url) === $expected, "$url trusted: " . var_export(!$expected, true));
        }
        expect(
            $terms('http://www.clickatell.com/sdk/terms.txt') === 'https://www.clickatell.com/sdk/terms.txt',
            'http terms not upgraded',
        );
        expect($terms('http://www.clickatell.com:80/sdk/terms.txt') === null, 'http terms with a port were upgraded');
        expect($terms('http://evil.example/terms.txt') === null, 'untrusted http terms were upgraded');
    },
);

check(
    'counters: a window runs from its first event; peek does not count; reset forgets (APCu and files)',
    static function (): void {
        $kinds = Store::apcuAvailable() ? ['apcu', 'files'] : ['files'];
        foreach ($kinds as $kind) {
            $store = new Store($kind, sys_get_temp_dir() . '/ct-relay-units-' . getmypid() . '-counters');
            $key = 'units-' . bin2hex(random_bytes(6));
            $t = 1_000_000_030;
            expect($store->hit($key, 60, $t) === [1, 60], "$kind: first hit");
            expect($store->hit($key, 60, $t + 50) === [2, 10], "$kind: second hit, 10 s left of the first's window");
            expect($store->peek($key, 60, $t + 50) === [2, 10], "$kind: peek");
            expect($store->peek($key, 60, $t + 61)[0] === 0, "$kind: the window ended");
            $store->reset($key);
            expect($store->peek($key, 60, $t + 50)[0] === 0, "$kind: reset");
            expect($store->hit($key, 60, $t + 55) === [1, 60], "$kind: a new window from the next event");
        }
    },
);

check(
    'with a hop count, fewer X-Forwarded-For entries than proxies give the peer, not the client-written entry',
    static function (): void {
        // A client reaching the relay past its proxies writes the whole header itself.
        foreach ([[2, '6.6.6.6'], [3, '6.6.6.6, 192.0.2.1']] as [$hops, $xff]) {
            $ip = (new OriginCheck(options(['trust_proxy' => $hops])))->clientIp(
                request('GET', 'http://localhost/connect/session', ['x-forwarded-for' => $xff], '', '10.0.0.1'),
            );
            expect($ip === '10.0.0.1', "$hops hops, X-Forwarded-For $xff gave $ip, not the peer 10.0.0.1");
        }
    },
);

check(
    'with trust_proxy the own origin comes from the last X-Forwarded-Host and -Proto entries, the ones the proxy added',
    static function (): void {
        $relay = new Relay(options(['trust_proxy' => true]));
        $forwarded = ['x-forwarded-host' => 'evil.example, www.example.com', 'x-forwarded-proto' => 'http, https'];
        $own = $relay->handle(
            request('GET', 'http://10.0.0.5/connect/session', ['origin' => 'https://www.example.com'] + $forwarded),
        );
        expect($own->status === 200, 'the proxy-given origin was refused: ' . $own->body);
        foreach (['https://evil.example', 'http://www.example.com'] as $origin) {
            $refused = $relay->handle(
                request('GET', 'http://10.0.0.5/connect/session', ['origin' => $origin] + $forwarded),
            );
            expect($refused->status === 403, "$origin, written by the client, was taken as the relay's own");
        }
    },
);

check(
    'options: a trust_proxy entry that is no IP address or CIDR range stops the relay from starting',
    static function (): void {
        foreach (['proxy.example', '10.0.0.0/33', '10.0.0.0/8x', '::1/129', '10.0.0.1/'] as $entry) {
            try {
                options(['trust_proxy' => ['192.0.2.1', $entry]]);
            } catch (\InvalidArgumentException) {
                continue;
            }
            throw new \RuntimeException("trust_proxy entry $entry was accepted");
        }
        expect(options(['trust_proxy' => ['10.0.0.0/8', '::1', '2001:db8::/32']])->trustProxy, 'good entries refused');
    },
);

check('a used session is sealed again at most once a minute, as in the Node relay', static function (): void {
    $options = options();
    $relay = new Relay($options);
    $response = $relay->handle(
        request('GET', 'http://localhost/connect/session', [
            'cookie' => 'ct_connect_session=' . sealed($options, 100, 1),
        ]),
    );
    expect(body($response)['user'] === 'jdoe', $response->body);
    expect(
        $response->header('set-cookie') === null,
        'sealed again one second after: ' . $response->header('set-cookie'),
    );
});

check('sign_in_limited gives the Retry-After of the limit that refused, per username too', static function (): void {
    $options = options(['storage_dir' => sys_get_temp_dir() . '/ct-relay-units-' . getmypid() . '-signin']);
    $limits = new \CtConnect\Relay\Limits($options, new Store('files', $options->storageDir), SECRET);
    $t = 1_000_000_000;
    for ($i = 0; $i < 5; $i++) {
        $limits->reserveSignIn('192.0.2.' . $i, 'jdoe', $t);
    }
    try {
        $limits->reserveSignIn('198.51.100.7', 'jdoe', $t + 800);
    } catch (\CtConnect\Relay\Refusal $refusal) {
        expect(
            $refusal->headers['retry-after'] === '100',
            'Retry-After ' . $refusal->headers['retry-after'] . ', not 100',
        );
        return;
    }
    throw new \RuntimeException('the username past its failures was not refused');
});

check(
    'sign-ins still waiting for the API count toward the limit, and one given back frees its place',
    static function (): void {
        $options = options(['storage_dir' => sys_get_temp_dir() . '/ct-relay-units-' . getmypid() . '-inflight']);
        $limits = new \CtConnect\Relay\Limits($options, new Store('files', $options->storageDir), SECRET);
        $t = 1_000_000_000;
        // Five sign-ins from one address sent at once: none has an answer yet.
        for ($i = 0; $i < 5; $i++) {
            $limits->reserveSignIn('203.0.113.9', 'user' . $i, $t);
        }
        $refused = false;
        try {
            $limits->reserveSignIn('203.0.113.9', 'user5', $t);
        } catch (\CtConnect\Relay\Refusal) {
            $refused = true;
        }
        expect($refused, 'a sixth sign-in sent with five still waiting was not refused');
        // One of the five was not a failed sign-in (a 104, say): its place is free again.
        $limits->releaseSignIn('203.0.113.9', 'user0', $t);
        $limits->reserveSignIn('203.0.113.9', 'user6', $t);
    },
);

check(
    'a Host the URL standard accepts, such as a Docker service name with an underscore, is served',
    static function (): void {
        $relay = new Relay(options());
        foreach (['http://php_relay:8080/connect/session', 'http://relay-1.internal/connect/session'] as $url) {
            $response = $relay->handle(request('GET', $url));
            expect($response->status === 200 && body($response) === ['user' => null], "$url: " . $response->body);
        }
    },
);

// The file stores these checks made.
foreach (glob(sys_get_temp_dir() . '/ct-relay-units-*') ?: [] as $dir) {
    foreach (glob($dir . '/*') ?: [] as $file) {
        @unlink($file);
    }
    @rmdir($dir);
}

exit($failed === 0 ? 0 : 1);
