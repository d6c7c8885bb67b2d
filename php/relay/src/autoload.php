<?php

// Loads the relay's classes (namespace CtConnect\Relay) without Composer.

declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    $prefix = 'CtConnect\\Relay\\';
    if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
        return;
    }
    $file = __DIR__ . '/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
    if (is_file($file)) {
        require $file;
    }
});
