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
    /** Counts in an APCu counter stay below this; the window's end is kept above it. */
    private const COUNT_SPAN = 1000000;

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
     * Counts one event against $key in its window: $windowS seconds from the first event
     * after the last window ended.
     *
     * @return array{0: int, 1: int} the count so far in the window and the seconds until it ends
     */
    public function hit(string $key, int $windowS, int $now): array
    {
        return $this->counter($key, $windowS, $now, 1);
    }

    /** Takes back one count of $key in its current window (none below zero). */
    public function giveBack(string $key, int $windowS, int $now): void
    {
        $this->counter($key, $windowS, $now, -1);
    }

    /** @return array{0: int, 1: int} the count in the current window, and the seconds until it ends */
    public function peek(string $key, int $windowS, int $now): array
    {
        return $this->counter($key, $windowS, $now, 0);
    }

    /** Forgets the count of $key. */
    public function reset(string $key): void
    {
        $this->delete('counter:' . $key);
    }

    /** @return array{0: int, 1: int} */
    private function counter(string $key, int $windowS, int $now, int $add): array
    {
        return $this->apcu
            ? $this->apcuCounter('counter:' . $key, $windowS, $now, $add)
            : $this->fileCounter('counter:' . $key, $windowS, $now, $add);
    }

    /**
     * One APCu entry per counter, an integer (window end * COUNT_SPAN + count) changed by
     * compare-and-swap, so concurrent workers never lose a count.
     *
     * @return array{0: int, 1: int}
     */
    private function apcuCounter(string $key, int $windowS, int $now, int $add): array
    {
        $name = self::name($key);
        for ($try = 0; $try < 50; $try++) {
            $old = apcu_fetch($name, $found);
            if (!$found || !is_int($old) || intdiv($old, self::COUNT_SPAN) <= $now) {
                if ($add <= 0) {
                    return [0, $windowS];
                }
                $fresh = ($now + $windowS) * self::COUNT_SPAN + $add;
                if (!$found || !is_int($old)) {
                    if (apcu_add($name, $fresh, $windowS)) {
                        return [$add, $windowS];
                    }
                } elseif (apcu_cas($name, $old, $fresh)) {
                    // The entry's own time to live is the old window's: store it again.
                    apcu_store($name, $fresh, $windowS);
                    return [$add, $windowS];
                }
                continue;
            }
            $end = intdiv($old, self::COUNT_SPAN);
            $count = $old % self::COUNT_SPAN;
            if ($add === 0) {
                return [$count, $end - $now];
            }
            $count = max(0, min(self::COUNT_SPAN - 1, $count + $add));
            if (apcu_cas($name, $old, $end * self::COUNT_SPAN + $count)) {
                return [$count, $end - $now];
            }
        }
        // Too much contention to count: let the call through rather than lock everyone out.
        return [0, $windowS];
    }

    /**
     * One file per counter ("window end\ncount"), changed under an exclusive lock.
     *
     * @return array{0: int, 1: int}
     */
    private function fileCounter(string $key, int $windowS, int $now, int $add): array
    {
        $this->ensureDir();
        $handle = @fopen($this->file($key), 'c+');
        if ($handle === false) {
            // A store that fails lets the call through rather than lock everyone out.
            return [0, $windowS];
        }
        try {
            flock($handle, LOCK_EX);
            $text = stream_get_contents($handle);
            $end = $now + $windowS;
            $count = 0;
            $current = false;
            if (is_string($text) && preg_match('/^(\d+)\n(\d+)$/', $text, $m) === 1 && (int) $m[1] > $now) {
                $end = (int) $m[1];
                $count = (int) $m[2];
                $current = true;
            }
            if ($add > 0 || ($add < 0 && $current)) {
                $count = max(0, $count + $add);
                ftruncate($handle, 0);
                rewind($handle);
                fwrite($handle, $end . "\n" . $count);
                fflush($handle);
            }
            flock($handle, LOCK_UN);
        } finally {
            fclose($handle);
        }
        if ($add > 0) {
            $this->sweep($now);
        }
        return [$count, $end - $now];
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
