<?php

// Copy to config.php and fill in. Every key may instead come from an environment variable:
// CT_CONNECT_ and the key in capitals (CT_CONNECT_TOKEN, CT_CONNECT_SESSION_SECRET, ...);
// lists are comma separated there. docs/relay.md ("PHP relay") lists every option.

declare(strict_types=1);

return [
    // The Connect API authentication token. Required; it never leaves the server.
    'token' => 'your-connect-api-token',
    // At least 32 characters; make one with: php -r 'echo bin2hex(random_bytes(32)), "\n";'
    'session_secret' => '',
    // The URL path the elements call: <ct-connect endpoint="/connect">.
    'path' => '/connect',
    // Pages on other origins allowed to call (exact scheme://host[:port]); none by default.
    'allow_origins' => [],
    // Behind a reverse proxy or CDN: true (rightmost X-Forwarded-For entry), a hop count,
    // or the proxies' addresses/CIDRs.
    'trust_proxy' => false,
    // Rate limits, revocations and the list cache: APCu when enabled, else files here.
    // 'storage_dir' => __DIR__ . '/../ct-connect-data',
];
