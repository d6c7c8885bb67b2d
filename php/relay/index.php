<?php

// The drop-in entry: put this folder on the site, set the token and session secret in
// config.php next to this file (copy config.sample.php) or in environment variables
// (CT_CONNECT_TOKEN, CT_CONNECT_SESSION_SECRET, ...), and rewrite <path>, <path>/session
// and <path>/logout to this file (.htaccess does it on Apache; README.md has nginx's).

declare(strict_types=1);

// Hosts that display PHP's warnings would put them in the JSON answers: to the log only.
ini_set('display_errors', '0');

require __DIR__ . '/src/autoload.php';

use CtConnect\Relay\Options;
use CtConnect\Relay\Relay;
use CtConnect\Relay\Request;
use CtConnect\Relay\Response;

(static function (): void {
    $config = Options::arrayFromEnvironment();
    $file = getenv('CT_CONNECT_CONFIG') ?: __DIR__ . '/config.php';
    if (is_file($file)) {
        $fromFile = require $file;
        if (is_array($fromFile)) {
            $config = $fromFile + $config;
        }
    }
    try {
        $options = Options::fromArray($config);
    } catch (\InvalidArgumentException $problem) {
        // The site owner reads this in the server's error log; the browser gets no details.
        error_log($problem->getMessage());
        (new Response(
            500,
            [
                ['content-type', 'application/json; charset=utf-8'],
                ['cache-control', 'no-store'],
                ['x-content-type-options', 'nosniff'],
            ],
            '{"action":null,"ok":false,"errors":[{"code":"internal","message":"The relay is not configured."}],"timestamp":' .
                time() .
                '}',
        ))->send();
        return;
    }
    (new Relay($options))->handle(Request::fromGlobals($options->maxBodyBytes))->send();
})();
