<?php

declare(strict_types=1);

namespace CtConnect\Relay;

/**
 * Small shared state across PHP requests: rate-limit counters, revoked session ids and the
 * list cache. In APCu when it is enabled, otherwise in files under storage_dir, each
 * changed under an exclusive lock. Keys are hashed before they are stored.
 */
final class Store
{
    private readonly bool $apcu;

    public function __construct(string $kind, private readonly string $dir)
    {
        $this->apcu = $kind === 'apcu' || ($kind === 'auto' && self::apcuAvailable());
    }

    public static function apcuAvailable(): bool
    {
        return function_exists('apcu_enabled') && apcu_enabled();
    }

    public function kind(): string
    {
        return $this->apcu ? 'apcu' : 'files';
    }

    private static function name(string $key): string
    {
        return 'ct-connect:' . hash('sha256', $key);
    }

    public function get(string $key, int $now): ?string
    {
        if ($this->apcu) {
            $value = apcu_fetch(self::name($key), $success);
            return $success && is_string($value) ? $value : null;
        }
        $file = $this->file($key);
        $text = @file_get_contents($file);
        if ($text === false) {
            return null;
        }
        $cut = strpos($text, "\n");
        if ($cut === false || (int) substr($text, 0, $cut) <= $now) {
            return null;
        }
        return substr($text, $cut + 1);
    }

    public function set(string $key, string $value, int $ttlS, int $now): void
    {
        if ($this->apcu) {
            apcu_store(self::name($key), $value, $ttlS);
            return;
        }
        $this->ensureDir();
        $file = $this->file($key);
        $temp = $file . '.' . bin2hex(random_bytes(6));
        if (@file_put_contents($temp, $now + $ttlS . "\n" . $value, LOCK_EX) !== false) {
            @rename($temp, $file);
        }
        $this->sweep($now);
    }

    public function delete(string $key): void
    {
        if ($this->apcu) {
            apcu_delete(self::name($key));
            return;
        }
        @unlink($this->file($key));
    }

    /**
     * Counts one event against $key in the current fixed window of $windowS seconds.
     *
     * @return array{0: int, 1: int} the count so far in the window and the seconds until it ends
     */
    public function hit(string $key, int $windowS, int $now): array
    {
        return $this->counter($key, $windowS, $now, 1);
    }

    /** @return array{0: int, 1: int} the count in the current window, and the seconds until it ends */
    public function peek(string $key, int $windowS, int $now): array
    {
        return $this->counter($key, $windowS, $now, 0);
    }

    /** Forgets the count of $key in the current window. */
    public function reset(string $key, int $windowS, int $now): void
    {
        $this->delete($key . '#' . intdiv($now, $windowS));
    }

    /** @return array{0: int, 1: int} */
    private function counter(string $key, int $windowS, int $now, int $add): array
    {
        $window = intdiv($now, $windowS);
        $left = ($window + 1) * $windowS - $now;
        $slot = $key . '#' . $window;
        if ($this->apcu) {
            $name = self::name($slot);
            if ($add === 0) {
                $value = apcu_fetch($name, $success);
                return [$success ? (int) $value : 0, $left];
            }
            apcu_add($name, 0, $windowS + 1);
            $count = apcu_inc($name, $add);
            return [$count === false ? 1 : (int) $count, $left];
        }
        $this->ensureDir();
        $file = $this->file($slot);
        $handle = @fopen($file, 'c+');
        if ($handle === false) {
            // A store that fails lets the call through rather than lock everyone out.
            return [0, $left];
        }
        try {
            flock($handle, LOCK_EX);
            $text = stream_get_contents($handle);
            $count = 0;
            if (is_string($text) && preg_match('/^(\d+)\n(\d+)$/', $text, $m) === 1 && (int) $m[1] > $now) {
                $count = (int) $m[2];
            }
            if ($add > 0) {
                $count += $add;
                ftruncate($handle, 0);
                rewind($handle);
                fwrite($handle, $now + $left . "\n" . $count);
                fflush($handle);
            }
            flock($handle, LOCK_UN);
        } finally {
            fclose($handle);
        }
        if ($add > 0) {
            $this->sweep($now);
        }
        return [$count, $left];
    }

    private function file(string $key): string
    {
        return $this->dir . '/' . hash('sha256', $key);
    }

    private function ensureDir(): void
    {
        if (!is_dir($this->dir)) {
            @mkdir($this->dir, 0700, true);
        }
    }

    /** Now and then, removes files whose time is up. */
    private function sweep(int $now): void
    {
        if (random_int(1, 200) !== 1) {
            return;
        }
        foreach (glob($this->dir . '/*') ?: [] as $file) {
            $handle = @fopen($file, 'r');
            if ($handle === false) {
                continue;
            }
            $first = fgets($handle);
            fclose($handle);
            if ($first !== false && ctype_digit(trim($first)) && (int) trim($first) < $now - 60) {
                @unlink($file);
            }
        }
    }
}
