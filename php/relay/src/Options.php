<?php

declare(strict_types=1);

namespace CtConnect\Relay;

/**
 * The relay's options, checked once, with their defaults applied. Keys are snake_case;
 * values may be strings (from environment variables) where a number, flag or list is meant.
 */
final class Options
{
    public const DEFAULT_UPSTREAM = 'https://connect.clickatell.com';
    public const MIN_SECRET_LENGTH = 32;
    /** The hosts the real Connect API hands out links on (the guide's buy and terms pages), as the Node relay's DOCUMENTED_HOSTS. */
    public const DOCUMENTED_HOSTS = ['www.clickatell.com'];

    /**
     * @param list<string> $allowOrigins
     * @param list<string> $devOrigins
     * @param list<string> $trustedHosts
     * @param list<string> $trustedProxies
     * @param list<string> $allowedActions
     * @param (callable(string): void)|null $log
     * @param (callable(Request): ?string)|null $clientIp
     */
    private function __construct(
        public readonly string $token,
        public readonly string $sessionSecret,
        public readonly string $upstream,
        public readonly string $path,
        public readonly array $allowOrigins,
        public readonly array $devOrigins,
        public readonly array $trustedHosts,
        public readonly bool $trustProxy,
        public readonly int $proxyHops,
        public readonly array $trustedProxies,
        public readonly bool $crossSite,
        public readonly int $timeoutMs,
        public readonly array $allowedActions,
        public readonly int $listCacheMs,
        public readonly int $rateIpPoints,
        public readonly int $rateIpWindowS,
        public readonly int $rateUserPoints,
        public readonly int $rateUserWindowS,
        public readonly int $signInIpFailures,
        public readonly int $signInUserFailures,
        public readonly int $signInWindowS,
        public readonly int $maxBodyBytes,
        public readonly int $maxUpstreamBytes,
        public readonly int $maxParamLength,
        public readonly int $sessionMaxAgeS,
        public readonly int $sessionIdleS,
        public readonly string $store,
        public readonly string $storageDir,
        public readonly ?string $logFile,
        public readonly mixed $log,
        public readonly mixed $clientIp,
    ) {}

    /** The keys fromArray knows, for messages and for reading environment variables. */
    public const KEYS = [
        'token',
        'session_secret',
        'upstream',
        'path',
        'allow_origins',
        'dev_origins',
        'trusted_hosts',
        'trust_proxy',
        'cross_site',
        'timeout_ms',
        'allowed_actions',
        'list_cache_ms',
        'rate_ip_points',
        'rate_ip_window_s',
        'rate_user_points',
        'rate_user_window_s',
        'sign_in_ip_failures',
        'sign_in_user_failures',
        'sign_in_window_s',
        'max_body_bytes',
        'max_upstream_bytes',
        'max_param_length',
        'session_max_age_s',
        'session_idle_s',
        'store',
        'storage_dir',
        'log_file',
        'log',
        'client_ip',
    ];

    /**
     * @param array<string, mixed> $config
     * @throws \InvalidArgumentException when an option is missing or wrong, saying which and why
     */
    public static function fromArray(array $config): self
    {
        foreach (array_keys($config) as $key) {
            if (!in_array($key, self::KEYS, true)) {
                throw new \InvalidArgumentException(sprintf('ct-connect relay: unknown option "%s".', (string) $key));
            }
        }
        $token = $config['token'] ?? '';
        if (!is_string($token) || $token === '') {
            throw new \InvalidArgumentException(
                'ct-connect relay: a token is required (the Connect API authentication token).',
            );
        }
        $secret = $config['session_secret'] ?? '';
        if (!is_string($secret) || strlen($secret) < self::MIN_SECRET_LENGTH) {
            throw new \InvalidArgumentException(
                sprintf(
                    'ct-connect relay: session_secret must be at least %d characters long (for example 64 random hex digits).',
                    self::MIN_SECRET_LENGTH,
                ),
            );
        }
        $upstream = rtrim(self::string($config, 'upstream', self::DEFAULT_UPSTREAM), '/');
        $upstreamParts = parse_url($upstream);
        if (
            !is_array($upstreamParts) ||
            !in_array(strtolower($upstreamParts['scheme'] ?? ''), ['http', 'https'], true) ||
            ($upstreamParts['host'] ?? '') === ''
        ) {
            throw new \InvalidArgumentException(
                sprintf('ct-connect relay: upstream "%s" is not an http or https URL.', $upstream),
            );
        }
        $path = rtrim(self::string($config, 'path', '/connect'), '/');
        if (!str_starts_with($path, '/')) {
            throw new \InvalidArgumentException(sprintf('ct-connect relay: path "%s" must start with "/".', $path));
        }
        $allowOrigins = array_map(
            static fn(string $o): string => self::origin($o, 'allow_origins entry'),
            self::list($config, 'allow_origins'),
        );
        $devOrigins = array_map(
            static fn(string $o): string => self::origin($o, 'dev_origins entry'),
            self::list($config, 'dev_origins'),
        );
        $trustedHosts = array_map(
            'strtolower',
            self::list($config, 'trusted_hosts', [
                strtolower((string) $upstreamParts['host']) .
                (isset($upstreamParts['port']) && $upstreamParts['port'] !== 443 ? ':' . $upstreamParts['port'] : ''),
                ...self::DOCUMENTED_HOSTS,
            ]),
        );
        $trustProxy = false;
        $hops = 1;
        $proxies = [];
        $rawTrust = $config['trust_proxy'] ?? false;
        if (is_bool($rawTrust)) {
            $trustProxy = $rawTrust;
        } elseif (is_int($rawTrust) || (is_string($rawTrust) && ctype_digit($rawTrust))) {
            $hops = (int) $rawTrust;
            $trustProxy = $hops > 0;
        } elseif (is_string($rawTrust) && in_array(strtolower($rawTrust), ['true', 'false', 'yes', 'no', ''], true)) {
            $trustProxy = in_array(strtolower($rawTrust), ['true', 'yes'], true);
        } elseif (is_array($rawTrust) || is_string($rawTrust)) {
            $proxies = self::list(['trust_proxy' => $rawTrust], 'trust_proxy');
            foreach ($proxies as $proxy) {
                [$base, $bits] = array_pad(explode('/', $proxy, 2), 2, null);
                $address = @inet_pton((string) $base);
                if (
                    $address === false ||
                    ($bits !== null && (preg_match('/^\d{1,3}$/D', $bits) !== 1 || (int) $bits > strlen($address) * 8))
                ) {
                    throw new \InvalidArgumentException(
                        sprintf('ct-connect relay: trust_proxy entry "%s" is not an IP address or CIDR range.', $proxy),
                    );
                }
            }
            $trustProxy = $proxies !== [];
        } else {
            throw new \InvalidArgumentException(
                'ct-connect relay: trust_proxy must be true, false, a hop count or a list of proxy addresses.',
            );
        }
        $allowed = [];
        foreach (self::list($config, 'allowed_actions', Protocol::actionNames()) as $name) {
            $spec = Protocol::action($name);
            if ($spec === null) {
                throw new \InvalidArgumentException(
                    sprintf('ct-connect relay: allowed_actions names an unknown action "%s".', $name),
                );
            }
            $allowed[] = $spec['name'];
        }
        $store = self::string($config, 'store', 'auto');
        if (!in_array($store, ['auto', 'apcu', 'files'], true)) {
            throw new \InvalidArgumentException('ct-connect relay: store must be "auto", "apcu" or "files".');
        }
        if ($store === 'apcu' && !Store::apcuAvailable()) {
            throw new \InvalidArgumentException('ct-connect relay: store is "apcu" but APCu is not enabled.');
        }
        $storageDir = self::string(
            $config,
            'storage_dir',
            rtrim(sys_get_temp_dir(), '/') . '/ct-connect-relay-' . substr(hash('sha256', $token . $secret), 0, 12),
        );
        $log = $config['log'] ?? null;
        if ($log !== null && !is_callable($log)) {
            throw new \InvalidArgumentException('ct-connect relay: log must be a callable taking one line.');
        }
        $clientIp = $config['client_ip'] ?? null;
        if ($clientIp !== null && !is_callable($clientIp)) {
            throw new \InvalidArgumentException('ct-connect relay: client_ip must be a callable taking the Request.');
        }
        $logFile = $config['log_file'] ?? null;
        if ($logFile !== null && (!is_string($logFile) || $logFile === '')) {
            throw new \InvalidArgumentException('ct-connect relay: log_file must be a file path.');
        }
        return new self(
            $token,
            $secret,
            $upstream,
            $path,
            $allowOrigins,
            $devOrigins,
            $trustedHosts,
            $trustProxy,
            $hops,
            $proxies,
            self::bool($config, 'cross_site', false),
            self::int($config, 'timeout_ms', 10000, 1),
            $allowed,
            self::int($config, 'list_cache_ms', 300000, 0),
            self::int($config, 'rate_ip_points', 600, 1),
            self::int($config, 'rate_ip_window_s', 60, 1),
            self::int($config, 'rate_user_points', 30, 1),
            self::int($config, 'rate_user_window_s', 60, 1),
            self::int($config, 'sign_in_ip_failures', 5, 1),
            self::int($config, 'sign_in_user_failures', 5, 1),
            self::int($config, 'sign_in_window_s', 900, 1),
            self::int($config, 'max_body_bytes', 65536, 1),
            self::int($config, 'max_upstream_bytes', 2000000, 1),
            self::int($config, 'max_param_length', 256, 1),
            self::int($config, 'session_max_age_s', 28800, 1),
            self::int($config, 'session_idle_s', 3600, 1),
            $store,
            $storageDir,
            $logFile,
            $log,
            $clientIp,
        );
    }

    /**
     * The options from environment variables: CT_CONNECT_ and the key in capitals
     * (CT_CONNECT_TOKEN, CT_CONNECT_ALLOW_ORIGINS="https://a.example,https://b.example", ...).
     *
     * @return array<string, string>
     */
    public static function arrayFromEnvironment(): array
    {
        $config = [];
        foreach (self::KEYS as $key) {
            if ($key === 'log' || $key === 'client_ip') {
                continue;
            }
            $value = getenv('CT_CONNECT_' . strtoupper($key));
            if (is_string($value) && $value !== '') {
                $config[$key] = $value;
            }
        }
        return $config;
    }

    /** @param array<string, mixed> $config */
    private static function string(array $config, string $key, string $default): string
    {
        $value = $config[$key] ?? $default;
        if (!is_string($value) || $value === '') {
            throw new \InvalidArgumentException(sprintf('ct-connect relay: %s must be a non-empty string.', $key));
        }
        return $value;
    }

    /** @param array<string, mixed> $config */
    private static function int(array $config, string $key, int $default, int $min): int
    {
        $value = $config[$key] ?? $default;
        if (is_string($value) && preg_match('/^\d+$/', $value) === 1) {
            $value = (int) $value;
        }
        if (!is_int($value) || $value < $min) {
            throw new \InvalidArgumentException(
                sprintf('ct-connect relay: %s must be a whole number of at least %d.', $key, $min),
            );
        }
        return $value;
    }

    /** @param array<string, mixed> $config */
    private static function bool(array $config, string $key, bool $default): bool
    {
        $value = $config[$key] ?? $default;
        if (is_string($value)) {
            $value = match (strtolower($value)) {
                'true', '1', 'yes' => true,
                'false', '0', 'no', '' => false,
                default => $value,
            };
        }
        if (!is_bool($value)) {
            throw new \InvalidArgumentException(sprintf('ct-connect relay: %s must be true or false.', $key));
        }
        return $value;
    }

    /**
     * @param array<string, mixed> $config
     * @param list<string> $default
     * @return list<string>
     */
    private static function list(array $config, string $key, array $default = []): array
    {
        $value = $config[$key] ?? $default;
        if (is_string($value)) {
            $value = array_values(
                array_filter(array_map('trim', explode(',', $value)), static fn(string $v): bool => $v !== ''),
            );
        }
        if (!is_array($value)) {
            throw new \InvalidArgumentException(sprintf('ct-connect relay: %s must be a list of strings.', $key));
        }
        $out = [];
        foreach ($value as $item) {
            if (!is_string($item) || $item === '') {
                throw new \InvalidArgumentException(sprintf('ct-connect relay: %s must be a list of strings.', $key));
            }
            $out[] = $item;
        }
        return $out;
    }

    /** The origin (scheme://host[:port]) of an http or https URL; refuses anything else. */
    public static function origin(string $value, string $what): string
    {
        $origin = self::originOf($value);
        if ($origin === null) {
            throw new \InvalidArgumentException(
                sprintf('ct-connect relay: %s "%s" is not an origin such as https://www.example.com.', $what, $value),
            );
        }
        return $origin;
    }

    /** The origin of an http or https URL, lower-cased and without a default port; null otherwise. */
    public static function originOf(string $url): ?string
    {
        $parts = parse_url($url);
        if (!is_array($parts)) {
            return null;
        }
        $scheme = strtolower($parts['scheme'] ?? '');
        $host = strtolower($parts['host'] ?? '');
        if (!in_array($scheme, ['http', 'https'], true) || $host === '') {
            return null;
        }
        $port = $parts['port'] ?? null;
        if (($scheme === 'http' && $port === 80) || ($scheme === 'https' && $port === 443)) {
            $port = null;
        }
        return $scheme . '://' . $host . ($port === null ? '' : ':' . $port);
    }
}
