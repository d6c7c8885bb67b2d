<?php

declare(strict_types=1);

namespace CtConnect\Relay;

/**
 * Links of HTML terms (termsLink in src/protocol/terms.ts): an href parsed against the
 * document's URL as the URL standard's parser does for http and https URLs, kept only when
 * it gives an http or https URL without user name or password, as that URL serialised.
 *
 * PHP 8.2 has no parser of the URL standard: this is its http(s) part (tabs and newlines
 * removed, backslashes as slashes, dot segments, IPv4 numbers in any base, IPv6, the
 * percent-encode sets). A host with non-ASCII characters would need IDNA, which PHP has
 * only with intl: such a link is dropped rather than guessed.
 */
final class TermsLink
{
    private const DEFAULT_PORTS = ['http' => '80', 'https' => '443'];

    public static function resolve(string $href, string $base): ?string
    {
        $parsedBase = self::parse($base, null);
        if ($parsedBase === null) {
            return null;
        }
        $url = self::parse($href, $parsedBase);
        if ($url === null) {
            return null;
        }
        return $url['scheme'] .
            '://' .
            $url['host'] .
            ($url['port'] === null ? '' : ':' . $url['port']) .
            '/' .
            implode('/', $url['path']) .
            ($url['query'] === null ? '' : '?' . $url['query']) .
            ($url['fragment'] === null ? '' : '#' . $url['fragment']);
    }

    /**
     * @param array{scheme: string, host: string, port: ?string, path: list<string>, query: ?string, fragment: ?string}|null $base
     * @return array{scheme: string, host: string, port: ?string, path: list<string>, query: ?string, fragment: ?string}|null
     */
    private static function parse(string $input, ?array $base): ?array
    {
        $input = trim($input, "\x00..\x20");
        $input = str_replace(["\t", "\n", "\r"], '', $input);
        if (preg_match('/^([A-Za-z][A-Za-z0-9+.\-]*):(.*)$/s', $input, $m) === 1) {
            $scheme = strtolower($m[1]);
            if (!isset(self::DEFAULT_PORTS[$scheme])) {
                return null; // javascript:, data:, mailto:, ftp:, ...: never a link kept
            }
            $rest = $m[2];
            $slashes = strspn($rest, '/\\');
            if ($base === null || $base['scheme'] !== $scheme || $slashes >= 2) {
                return self::authority($scheme, substr($rest, $slashes));
            }
            return self::relative($rest, $base);
        }
        if ($base === null) {
            return null;
        }
        return self::relative($input, $base);
    }

    /**
     * @param array{scheme: string, host: string, port: ?string, path: list<string>, query: ?string, fragment: ?string} $base
     * @return array{scheme: string, host: string, port: ?string, path: list<string>, query: ?string, fragment: ?string}|null
     */
    private static function relative(string $input, array $base): ?array
    {
        $slashes = strspn($input, '/\\');
        if ($slashes >= 2) {
            return self::authority($base['scheme'], substr($input, $slashes));
        }
        $url = $base;
        $url['fragment'] = null;
        if ($input === '') {
            return $url;
        }
        if ($input[0] === '#') {
            $url['fragment'] = self::encode(substr($input, 1), '\x00-\x20"<>`');
            return $url;
        }
        if ($input[0] === '?') {
            return self::rest($url, $url['path'], $input);
        }
        if ($slashes === 1) {
            return self::rest($url, [], substr($input, 1));
        }
        $path = $base['path'];
        array_pop($path);
        return self::rest($url, $path, $input);
    }

    /** @return array{scheme: string, host: string, port: ?string, path: list<string>, query: ?string, fragment: ?string}|null */
    private static function authority(string $scheme, string $input): ?array
    {
        $end = strcspn($input, '/\\?#');
        $authority = substr($input, 0, $end);
        $at = strrpos($authority, '@');
        if ($at !== false) {
            $credentials = substr($authority, 0, $at);
            if ($credentials !== '' && $credentials !== ':') {
                return null; // a user name or password
            }
            $authority = substr($authority, $at + 1);
        }
        if (str_starts_with($authority, '[')) {
            $close = strpos($authority, ']');
            if ($close === false) {
                return null;
            }
            $host = self::ipv6(substr($authority, 1, $close - 1));
            $portText = substr($authority, $close + 1);
            if ($portText !== '' && $portText[0] !== ':') {
                return null;
            }
            $portText = substr($portText, 1);
        } else {
            $colon = strpos($authority, ':');
            $host = self::domain($colon === false ? $authority : substr($authority, 0, $colon));
            $portText = $colon === false ? '' : substr($authority, $colon + 1);
        }
        if ($host === null) {
            return null;
        }
        $port = null;
        if ($portText !== '') {
            if (preg_match('/^[0-9]+$/D', $portText) !== 1) {
                return null;
            }
            $digits = ltrim($portText, '0');
            if (strlen($digits) > 5 || (int) $digits > 65535) {
                return null;
            }
            $port = (string) (int) $digits;
            if ($port === self::DEFAULT_PORTS[$scheme]) {
                $port = null;
            }
        }
        $url = [
            'scheme' => $scheme,
            'host' => $host,
            'port' => $port,
            'path' => [],
            'query' => null,
            'fragment' => null,
        ];
        $rest = substr($input, $end);
        // A path after the host starts with its slash, which is not a segment of it.
        return self::rest($url, [], $rest !== '' && ($rest[0] === '/' || $rest[0] === '\\') ? substr($rest, 1) : $rest);
    }

    /**
     * $url with the path segments $path followed by those of $input, and $input's query
     * and fragment.
     *
     * @param array{scheme: string, host: string, port: ?string, path: list<string>, query: ?string, fragment: ?string} $url
     * @param list<string> $path
     * @return array{scheme: string, host: string, port: ?string, path: list<string>, query: ?string, fragment: ?string}
     */
    private static function rest(array $url, array $path, string $input): array
    {
        $url['query'] = null;
        $url['fragment'] = null;
        $hash = strpos($input, '#');
        if ($hash !== false) {
            $url['fragment'] = self::encode(substr($input, $hash + 1), '\x00-\x20"<>`');
            $input = substr($input, 0, $hash);
        }
        $question = strpos($input, '?');
        if ($question !== false) {
            $url['query'] = self::encode(substr($input, $question + 1), '\x00-\x20"#<>\'');
            $input = substr($input, 0, $question);
            if ($input === '' && $path !== []) {
                $url['path'] = $path;
                return $url;
            }
        }
        $segments = preg_split('#[/\\\\]#', $input);
        $last = count($segments) - 1;
        foreach ($segments as $i => $segment) {
            $lower = strtolower($segment);
            $double = in_array($lower, ['..', '.%2e', '%2e.', '%2e%2e'], true);
            $single = in_array($lower, ['.', '%2e'], true);
            if ($double) {
                array_pop($path);
                if ($i === $last) {
                    $path[] = '';
                }
            } elseif ($single) {
                if ($i === $last) {
                    $path[] = '';
                }
            } else {
                $path[] = self::encode($segment, '\x00-\x20"#<>?`{}');
            }
        }
        $url['path'] = $path;
        return $url;
    }

    /** $text with the bytes of the class $set, and every byte beyond ASCII, percent-encoded. */
    private static function encode(string $text, string $set): string
    {
        return (string) preg_replace_callback(
            '/[' . $set . '\x7f-\xff]/',
            static fn(array $m): string => sprintf('%%%02X', ord($m[0])),
            $text,
        );
    }

    /** An ASCII host as the URL standard serialises it: lower case, or an IPv4 address. */
    private static function domain(string $raw): ?string
    {
        $host = strtolower(rawurldecode($raw));
        if ($host === '' || preg_match('/[^\x21-\x7e]|[#%\/:<>?@\[\\\\\]^|]/', $host) === 1) {
            return null; // empty, forbidden characters, or beyond ASCII (IDNA)
        }
        $labels = explode('.', $host);
        if (count($labels) > 1 && end($labels) === '') {
            array_pop($labels);
        }
        $lastLabel = (string) end($labels);
        if (preg_match('/^(?:[0-9]+|0x[0-9a-f]*)$/D', $lastLabel) !== 1) {
            return $host;
        }
        if (count($labels) > 4) {
            return null;
        }
        $numbers = [];
        foreach ($labels as $label) {
            $number = self::ipv4Number($label);
            if ($number === null) {
                return null;
            }
            $numbers[] = $number;
        }
        $lastNumber = array_pop($numbers);
        foreach ($numbers as $number) {
            if ($number > 255) {
                return null;
            }
        }
        if ($lastNumber >= 256 ** (4 - count($numbers))) {
            return null;
        }
        $address = $lastNumber;
        foreach ($numbers as $i => $number) {
            $address += $number * 256 ** (3 - $i);
        }
        return long2ip((int) $address) ?: null;
    }

    private static function ipv4Number(string $label): ?int
    {
        if ($label === '') {
            return null;
        }
        if (preg_match('/^0x([0-9a-f]*)$/D', $label, $m) === 1) {
            [$digits, $base] = [$m[1], 16];
        } elseif (strlen($label) > 1 && $label[0] === '0') {
            if (preg_match('/^[0-7]+$/D', $label) !== 1) {
                return null;
            }
            [$digits, $base] = [$label, 8];
        } elseif (preg_match('/^[0-9]+$/D', $label) === 1) {
            [$digits, $base] = [$label, 10];
        } else {
            return null;
        }
        $digits = ltrim($digits, '0');
        if (strlen($digits) > 12) {
            return null;
        }
        return $digits === '' ? 0 : (int) base_convert($digits, $base, 10);
    }

    /** An IPv6 address as the URL standard serialises it, in brackets. */
    private static function ipv6(string $text): ?string
    {
        $bytes = @inet_pton($text);
        if ($bytes === false || strlen($bytes) !== 16) {
            return null;
        }
        $pieces = array_values(unpack('n8', $bytes));
        // The first longest run of two or more zero pieces is written as "::".
        [$start, $length] = [-1, 1];
        for ($i = 0; $i < 8; $i++) {
            $run = 0;
            while ($i + $run < 8 && $pieces[$i + $run] === 0) {
                $run++;
            }
            if ($run > $length) {
                [$start, $length] = [$i, $run];
            }
        }
        $out = '';
        for ($i = 0; $i < 8; $i++) {
            if ($i === $start) {
                $out .= $i === 0 ? '::' : ':';
                $i += $length - 1;
                continue;
            }
            $out .= dechex($pieces[$i]) . ($i < 7 ? ':' : '');
        }
        return '[' . $out . ']';
    }
}
