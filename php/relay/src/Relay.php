<?php

declare(strict_types=1);

namespace CtConnect\Relay;

/**
 * The relay for PHP hosting: the browser's JSON contract (docs/relay.md) in front of the
 * Connect API. It holds the token, keeps the session in a sodium-sealed cookie, and
 * refuses what should not reach the API, with the same codes as the Node relay.
 */
final class Relay
{
    private readonly Store $store;
    private readonly Store $cache;
    private readonly Session $session;
    private readonly Limits $limits;
    private readonly OriginCheck $origins;
    private readonly Upstream $upstream;

    /** @var array<string, string> answer headers of the request being handled, lower-case names */
    private array $headers = [];
    /** @var list<string> Set-Cookie values of the request being handled */
    private array $cookies = [];
    private ?string $action = null;
    /** @var array{scheme: string, authority: string, host: string, cookieScheme?: string} */
    private array $own = ['scheme' => 'http', 'authority' => '', 'host' => ''];

    public function __construct(private readonly Options $options)
    {
        $this->store = new Store($options->store, $options->storageDir);
        // List answers, which a client can vary without end (client_ip_address), stay out of
        // APCu: there they would push out revocations and failed sign-in counts (a full APCu is
        // wiped whole).
        $this->cache = $this->store->kind() === 'apcu' ? new Store('files', $options->storageDir) : $this->store;
        $this->session = new Session($options->sessionSecret, $options);
        $this->limits = new Limits($options, $this->store, $options->sessionSecret);
        $this->origins = new OriginCheck($options);
        $this->upstream = new Upstream($options);
    }

    /** Answers one request: a call, `<path>/session`, `<path>/logout`, or a refusal. */
    public function handle(Request $request): Response
    {
        $started = hrtime(true);
        $this->headers = ['cache-control' => 'no-store', 'x-content-type-options' => 'nosniff'];
        $this->cookies = [];
        $this->action = null;
        $logged = '-';
        try {
            $response = $this->route($request, $logged);
        } catch (Refusal $refusal) {
            $response = $this->refusal($refusal);
        } catch (\Throwable) {
            // Never a stack trace or a message of PHP's own in an answer.
            $response = $this->refusal(new Refusal('internal'));
        }
        // Never params: they hold passwords. Only names the relay itself knows go in.
        $this->log(
            sprintf(
                'relay %s %s %d %.1fms',
                preg_replace('/[^A-Z]/', '', strtoupper(substr($request->method, 0, 10))),
                $this->action ?? $logged,
                $response->status,
                (hrtime(true) - $started) / 1e6,
            ),
        );
        return $response;
    }

    private function route(Request $request, string &$logged): Response
    {
        $parts = parse_url($request->url);
        $host = is_array($parts) ? (string) ($parts['host'] ?? '') : '';
        if (
            !is_array($parts) ||
            !in_array(strtolower((string) ($parts['scheme'] ?? '')), ['http', 'https'], true) ||
            preg_match('/^(?:[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?|\[[0-9A-Fa-f:.]+\])$/D', $host) !== 1
        ) {
            throw new Refusal('bad_request', null, 'The request has no valid Host.');
        }
        $scheme = strtolower((string) $parts['scheme']);
        if ($this->options->trustProxy) {
            $proto = strtolower(OriginCheck::lastEntry($request->header('x-forwarded-proto')));
            if ($proto === 'http' || $proto === 'https') {
                $scheme = $proto;
            }
        }
        $this->own = [
            'scheme' => strtolower((string) $parts['scheme']),
            'authority' => strtolower($host) . (isset($parts['port']) ? ':' . $parts['port'] : ''),
            'host' => strtolower($host),
            'cookieScheme' => $scheme,
        ];
        $path = (string) ($parts['path'] ?? '/');
        $base = $this->options->path;
        $route = match ($path) {
            $base => 'call',
            $base . '/session' => 'session',
            $base . '/logout' => 'logout',
            default => null,
        };
        if ($route === null) {
            throw new Refusal('not_found');
        }
        $logged = $route === 'call' ? '-' : $route;
        $this->origins->check($request, $this->own, $this->headers);
        $method = $route === 'session' ? 'GET' : 'POST';
        if ($request->method === 'OPTIONS') {
            $this->headers['access-control-allow-methods'] = $method . ', OPTIONS';
            $this->headers['access-control-allow-headers'] = 'Content-Type, ' . Protocol::clientHeader();
            $this->headers['access-control-max-age'] = '600';
            $this->headers['allow'] = $method . ', OPTIONS';
            return new Response(204, $this->headerList(), '');
        }
        if ($request->method !== $method && !($method === 'GET' && $request->method === 'HEAD')) {
            throw new Refusal('method_not_allowed', null, null, ['allow' => $method . ', OPTIONS']);
        }
        // The custom header cannot be sent cross-site without a CORS preflight, which only
        // allowed origins pass: with the origin check it is what stops forged requests.
        $sent = $request->header(Protocol::clientHeader());
        if ($sent !== Protocol::clientHeaderValue()) {
            throw new Refusal(
                'header_missing',
                null,
                $sent === null
                    ? null
                    : sprintf('The %s header must be %s.', Protocol::clientHeader(), Protocol::clientHeaderValue()),
            );
        }
        $ip = $this->origins->clientIp($request);
        $this->limits->perIp($ip !== '' ? $ip : 'unknown', $this->now());
        if ($route === 'call') {
            [$spec, $params] = $this->readCall($request);
            return $this->json($this->call($request, $spec, $params, $ip), 200);
        }
        if ($route === 'session') {
            $session = $this->lookup($request, true);
            $body =
                $session === null
                    ? ['user' => null]
                    : ['user' => $session['user'], 'userNumber' => $session['userNumber']];
            return $this->json($body, 200);
        }
        $session = $this->lookup($request, false);
        if ($session !== null) {
            $this->revoke($session);
        }
        $this->clearCookie();
        return $this->json(['ok' => true], 200);
    }

    // ---- reading a call ---------------------------------------------------------------

    /**
     * @return array{0: array{name: string, group: string, authenticated: bool, params: array<string, array{max_length: ?int, error: string, missing_error: ?string}>}, 1: array<string, string>}
     */
    private function readCall(Request $request): array
    {
        $declared = $request->header('content-length');
        if (
            strlen($request->body) > $this->options->maxBodyBytes ||
            ($declared !== null && ctype_digit($declared) && (int) $declared > $this->options->maxBodyBytes)
        ) {
            throw new Refusal('too_large');
        }
        try {
            $body = json_decode(self::markLoneSurrogates($request->body), false, 32, JSON_THROW_ON_ERROR);
        } catch (\JsonException) {
            throw new Refusal('bad_request');
        }
        if (!($body instanceof \stdClass)) {
            throw new Refusal('bad_request');
        }
        $fields = get_object_vars($body);
        $action = $fields['action'] ?? null;
        if (!is_string($action) || $action === '') {
            throw new Refusal('bad_request', 'action');
        }
        $spec = Protocol::action($action);
        if ($spec === null || !in_array($spec['name'], $this->options->allowedActions, true)) {
            throw new Refusal('action_not_allowed', 'action');
        }
        $this->action = $spec['name'];
        $raw = $fields['params'] ?? new \stdClass();
        if (!($raw instanceof \stdClass)) {
            throw new Refusal('bad_request', 'params', 'params must be an object whose values are strings.');
        }
        $params = [];
        foreach (get_object_vars($raw) as $name => $value) {
            $name = (string) $name;
            if (!is_string($value)) {
                throw new Refusal('bad_request', $name, sprintf('The value of %s in params must be a string.', $name));
            }
            $params[$name] = $value;
        }
        foreach (array_keys($params) as $name) {
            if (!array_key_exists($name, $spec['params'])) {
                throw new Refusal('unknown_param', $name);
            }
        }
        // The API's own maximum, or the relay's cap where the guide gives none: checked
        // before sessions, limits or the upstream, in the call's parameter order.
        foreach ($spec['params'] as $name => $rule) {
            $max = $rule['max_length'] ?? $this->options->maxParamLength;
            if (isset($params[$name]) && self::length($params[$name]) > $max) {
                throw new Refusal(
                    'too_long',
                    $name,
                    sprintf('The value of %s is longer than %d characters.', $name, $max),
                );
            }
        }
        return [$spec, $params];
    }

    /** Characters (code points) in a UTF-8 string. */
    private static function length(string $value): int
    {
        $count = preg_match_all('/./su', $value);
        return $count === false ? strlen($value) : $count;
    }

    /**
     * JSON escapes of lone UTF-16 surrogates (\ud800), which PHP's decoder refuses outright,
     * replaced with \u0000: the value then fails as unsendable, as in the Node relay.
     */
    private static function markLoneSurrogates(string $json): string
    {
        if (stripos($json, '\\u') === false) {
            return $json;
        }
        return (string) preg_replace_callback(
            '/\\\\(?:u([dD][89abAB][0-9a-fA-F]{2})(\\\\u[dD][c-fC-F][0-9a-fA-F]{2})?|u([dD][c-fC-F][0-9a-fA-F]{2})|.)/s',
            static function (array $m): string {
                if (($m[1] ?? '') !== '' && ($m[2] ?? '') !== '') {
                    return $m[0];
                }
                if (($m[1] ?? '') !== '' || ($m[3] ?? '') !== '') {
                    return '\\u0000';
                }
                return $m[0];
            },
            $json,
        );
    }

    // ---- a call -------------------------------------------------------------------------

    /**
     * @param array{name: string, group: string, authenticated: bool, params: array<string, mixed>} $spec
     * @param array<string, string> $sent
     * @return array<string, mixed>
     */
    private function call(Request $request, array $spec, array $sent, string $ip): array
    {
        $params = $sent;
        $session = null;
        if ($spec['authenticated'] && ($sent['password'] ?? '') === '') {
            $found = $this->lookup($request, true);
            // The elements keep the username, so a call may name the signed-in user and still
            // rely on the session for the password.
            $sameUser =
                ($sent['user'] ?? '') === '' ||
                ($found !== null && strtolower($sent['user']) === strtolower($found['user']));
            if ($found !== null && $sameUser) {
                $params = ['user' => $found['user'], 'password' => $found['password']];
                foreach ($sent as $name => $value) {
                    if ($name !== 'user' && $name !== 'password') {
                        $params[$name] = $value;
                    }
                }
                $session = $found;
            } elseif ($found === null && ($sent['user'] ?? '') === '' && $spec['name'] !== 'authenticate_user') {
                // A sign-in form sent empty stays the API's to answer (431/432 on the fields).
                throw new Refusal('not_signed_in');
            }
        }
        if (
            $spec['name'] === 'get_list_terms' &&
            ($params['client_ip_address'] ?? '') === '' &&
            in_array($params['country_id'] ?? '', ['', '0'], true) &&
            $ip !== ''
        ) {
            // With a country the API ignores the IP; leaving it out keeps one cache entry per country.
            $params['client_ip_address'] = $ip;
        }
        $now = $this->now();
        if ($spec['group'] === 'account' && ($params['user'] ?? '') !== '') {
            $this->limits->perUser($params['user'], $now);
        }
        // Failed sign-ins: every call that sends a password of its own (not the session's).
        $signIn = $spec['authenticated'] && $session === null;
        if ($signIn) {
            // Counted as failed now, while the API is asked: sign-ins sent at once are held to
            // the limit too. The count is given back below unless the answer is a failure.
            $this->limits->reserveSignIn($ip, $params['user'] ?? '', $now);
        }
        $cacheKey = null;
        if ($spec['group'] === 'list' && $this->options->listCacheMs > 0) {
            $sorted = $params;
            ksort($sorted, SORT_STRING);
            // Relays sharing a store (APCu of one pool, one storage_dir) each keep their own cache.
            $scope = hash(
                'sha256',
                $this->options->upstream . "\n" . $this->options->token . "\n" . $this->options->sessionSecret,
            );
            $cacheKey = 'list:' . $scope . "\n" . $spec['name'] . "\n" . json_encode($sorted);
            $hit = $this->cache->get($cacheKey, $now);
            if ($hit !== null) {
                $cached = json_decode($hit, true);
                if (is_array($cached)) {
                    return $cached;
                }
            }
        }
        try {
            $answer = $this->forward($spec['name'], $params, $session, $signIn, $ip);
        } catch (\Throwable $error) {
            if ($signIn) {
                $this->limits->releaseSignIn($ip, $params['user'] ?? '', $now);
            }
            throw $error;
        }
        if ($cacheKey !== null && $answer['ok'] === true) {
            $ttl = max(1, intdiv($this->options->listCacheMs + 999, 1000));
            $this->cache->set(
                $cacheKey,
                (string) json_encode($answer, JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE),
                $ttl,
                $now,
            );
        }
        return $answer;
    }

    /**
     * The call made upstream and its answer turned into the JSON contract.
     *
     * @param array<string, string> $params
     * @param array{sid: string, user: string, password: string, userNumber: string, issuedAt: int, seenAt: int}|null $session
     * @return array<string, mixed>
     */
    private function forward(string $action, array $params, ?array $session, bool $signIn, string $ip): array
    {
        $xml = Xml::buildRequest($action, $params);
        $url = $this->options->upstream . '/' . rawurlencode($this->options->token);
        // The content type is not checked: an XML answer labelled text/html is still an answer.
        $raw = $this->upstream->exchange($url, Xml::formBody($xml), [
            'Content-Type: application/x-www-form-urlencoded',
            'Accept: text/xml, application/xml',
            'Expect:',
        ]);
        try {
            $doc = Xml::parseResponse($raw['body'], $this->options->maxUpstreamBytes);
        } catch (\UnexpectedValueException) {
            throw new Refusal('upstream_bad_answer');
        }
        $now = $this->now();
        if ($doc['result'] === 'Error') {
            $errors = [];
            $ending = false;
            foreach ($doc['errors'] as $error) {
                $code = $error['code'];
                // 109's text is the coupon's own reason, which the guide says to pass on.
                $message =
                    $code === '109' && $error['description'] !== ''
                        ? $error['description']
                        : Protocol::errorMessage($code);
                $field = Protocol::fieldForCode($action, $code);
                $errors[] =
                    $field === null
                        ? ['code' => $code, 'message' => $message]
                        : ['code' => $code, 'message' => $message, 'field' => $field];
                $ending = $ending || in_array($code, Protocol::sessionEndingCodes(), true);
            }
            if ($session !== null && $ending) {
                $this->revoke($session);
                $this->clearCookie();
            }
            if ($signIn && !$ending) {
                $this->limits->releaseSignIn($ip, $params['user'] ?? '', $now);
            }
            return ['action' => $action, 'ok' => false, 'errors' => $errors, 'timestamp' => $doc['timestamp']];
        }
        $values = $doc['values'];
        if ($action === 'get_list_terms') {
            foreach ($values as $i => $record) {
                $values[$i] = $record + $this->fetchTerms($record['URL_location'] ?? null);
            }
        }
        if ($action === 'buy_credits_url') {
            foreach ($values as $i => $record) {
                // The URL as the relay parsed and checked it (the URL standard's serialisation), not the raw text.
                $raw = $record['buy_url'] ?? null;
                $parsed = $raw === null ? null : TermsLink::resolve($raw, $raw);
                if (!$this->trustedUrl($raw) || !$this->trustedUrl($parsed)) {
                    throw new Refusal('unsafe_url');
                }
                $values[$i]['buy_url'] = $parsed;
            }
        }
        if ($action === 'get_list_country') {
            foreach ($values as $i => $record) {
                $iso = Protocol::isoCode($record['name'] ?? '');
                if ($iso !== null) {
                    $values[$i]['iso_code'] = $iso;
                }
            }
        }
        if ($signIn) {
            $this->limits->signInSucceeded($ip, $params['user'] ?? '', $now);
        }
        if ($signIn && $action === 'authenticate_user') {
            $record = $values[0] ?? [];
            $nowMs = $this->nowMs();
            $this->setSession([
                'sid' => bin2hex(random_bytes(16)),
                'user' => $params['user'] ?? '',
                'password' => $params['password'] ?? '',
                'userNumber' => (string) ($record['Usernumber'] ?? ($record['UserNumber'] ?? '')),
                'issuedAt' => $nowMs,
                'seenAt' => $nowMs,
            ]);
        }
        return ['action' => $action, 'ok' => true, 'values' => $values, 'timestamp' => $doc['timestamp']];
    }

    /**
     * Whether $raw is a URL the relay may fetch or hand to a browser: on a dev origin, or
     * https on a trusted host (host:port when the port is not 443). Anything parse_url and
     * curl could read two ways (backslashes, whitespace, credentials) is refused.
     */
    private function trustedUrl(?string $raw): bool
    {
        if ($raw === null || preg_match('/[\\\\\s@\x00-\x1f\x7f]/', $raw) === 1) {
            return false;
        }
        $parts = parse_url($raw);
        if (!is_array($parts) || isset($parts['user']) || isset($parts['pass'])) {
            return false;
        }
        $origin = Options::originOf($raw);
        if ($origin === null) {
            return false;
        }
        if (in_array($origin, $this->options->devOrigins, true)) {
            return true;
        }
        $host =
            strtolower((string) $parts['host']) .
            (isset($parts['port']) && $parts['port'] !== 443 ? ':' . $parts['port'] : '');
        return strtolower((string) $parts['scheme']) === 'https' && in_array($host, $this->options->trustedHosts, true);
    }

    /**
     * The terms URL to fetch: a trusted one, or an http URL on a trusted host fetched over
     * https (the real API gives http://www.clickatell.com/sdk/terms.txt); null otherwise.
     */
    private function termsUrl(?string $raw): ?string
    {
        if ($this->trustedUrl($raw)) {
            return $raw;
        }
        if ($raw === null || preg_match('#^http://[^/:?\#]+(?:[/?\#]|$)#i', $raw) !== 1) {
            return null;
        }
        $upgraded = 'https://' . substr($raw, strlen('http://'));
        return $this->trustedUrl($upgraded) ? $upgraded : null;
    }

    /**
     * The terms document at $raw: `content` as served and its `content_type`; for HTML, also
     * `content_nodes`, the document made safe as a tree (TermsHtml), which browsers show.
     *
     * @return array{content: string, content_type: string, content_nodes?: list<mixed>}
     */
    private function fetchTerms(?string $raw): array
    {
        $url = $this->termsUrl($raw);
        if ($url === null) {
            throw new Refusal('unsafe_url');
        }
        $got = $this->upstream->exchange($url, null, ['Accept: text/html, text/plain']);
        if (preg_match('//u', $got['body']) !== 1) {
            throw new Refusal('upstream_bad_answer');
        }
        if (stripos($got['contentType'], 'html') === false) {
            return ['content' => $got['body'], 'content_type' => 'text/plain'];
        }
        // HTML is made safe here, never in the browser: the tree of allowed elements and text.
        return [
            'content' => $got['body'],
            'content_type' => 'text/html',
            'content_nodes' => TermsHtml::nodes($got['body'], $url),
        ];
    }

    // ---- sessions -----------------------------------------------------------------------

    private function secure(): bool
    {
        return $this->session->secure($this->own['cookieScheme'] ?? $this->own['scheme'], $this->own['host']);
    }

    /**
     * The session of the request's cookie, or null. A cookie that gives none (tampered,
     * expired, idle, revoked) is cleared; with $touch, a good one is re-sealed as seen now.
     *
     * @return array{sid: string, user: string, password: string, userNumber: string, issuedAt: int, seenAt: int}|null
     */
    private function lookup(Request $request, bool $touch): ?array
    {
        $value = $this->session->read($request->header('cookie'), $this->secure());
        if ($value === null || $value === '') {
            return null;
        }
        $nowMs = $this->nowMs();
        $session = $this->session->open($value, $nowMs);
        if ($session === null || $this->store->get('revoked:' . $session['sid'], $this->now()) !== null) {
            $this->clearCookie();
            return null;
        }
        // Sealed again with a fresh last-seen time at most once a minute (a tenth of the idle timeout if shorter).
        if ($touch && $nowMs - $session['seenAt'] >= min(60000, intdiv($this->options->sessionIdleS * 1000, 10))) {
            $this->setSession(['seenAt' => $nowMs] + $session);
        }
        return $session;
    }

    /** @param array{sid: string, user: string, password: string, userNumber: string, issuedAt: int, seenAt: int} $data */
    private function setSession(array $data): void
    {
        $left = intdiv($data['issuedAt'] + $this->options->sessionMaxAgeS * 1000 - $this->nowMs(), 1000);
        $this->cookies = [$this->session->cookie($this->session->seal($data), $this->secure(), max(1, $left))];
    }

    /** @param array{sid: string, issuedAt: int} $session */
    private function revoke(array $session): void
    {
        $left = intdiv($session['issuedAt'] + $this->options->sessionMaxAgeS * 1000 - $this->nowMs(), 1000) + 60;
        $this->store->set('revoked:' . $session['sid'], '1', max(1, $left), $this->now());
    }

    private function clearCookie(): void
    {
        $this->cookies = [$this->session->cookie('', $this->secure(), 0)];
    }

    // ---- answers ------------------------------------------------------------------------

    /** @return list<array{0: string, 1: string}> */
    private function headerList(): array
    {
        $list = [];
        foreach ($this->headers as $name => $value) {
            $list[] = [$name, $value];
        }
        foreach ($this->cookies as $cookie) {
            $list[] = ['set-cookie', $cookie];
        }
        return $list;
    }

    /** @param array<string, mixed> $body */
    private function json(array $body, int $status): Response
    {
        if (isset($body['values']) && is_array($body['values'])) {
            $body['values'] = array_map(static function (array $record): object {
                if (isset($record['content_nodes']) && is_array($record['content_nodes'])) {
                    $record['content_nodes'] = TermsHtml::json($record['content_nodes']);
                }
                return (object) $record;
            }, array_values($body['values']));
        }
        $text = (string) json_encode(
            $body,
            JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE,
        );
        // The token has no business in an answer; should an upstream ever echo it, it stops here.
        if (str_contains($text, $this->options->token)) {
            $text = str_replace($this->options->token, '[redacted]', $text);
        }
        $this->headers['content-type'] = 'application/json; charset=utf-8';
        return new Response($status, $this->headerList(), $text);
    }

    private function refusal(Refusal $refusal): Response
    {
        foreach ($refusal->headers as $name => $value) {
            $this->headers[$name] = $value;
        }
        $item = ['code' => $refusal->relayCode, 'message' => $refusal->getMessage()];
        if ($refusal->field !== null) {
            $item['field'] = $refusal->field;
        }
        return $this->json(
            ['action' => $this->action, 'ok' => false, 'errors' => [$item], 'timestamp' => $this->now()],
            $refusal->status,
        );
    }

    private function log(string $line): void
    {
        if ($this->options->log !== null) {
            ($this->options->log)($line);
        } elseif ($this->options->logFile !== null) {
            @file_put_contents($this->options->logFile, $line . "\n", FILE_APPEND | LOCK_EX);
        } else {
            error_log($line);
        }
    }

    private function now(): int
    {
        return time();
    }

    private function nowMs(): int
    {
        return (int) floor(microtime(true) * 1000);
    }
}
