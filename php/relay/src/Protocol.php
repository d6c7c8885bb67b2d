<?php

declare(strict_types=1);

namespace CtConnect\Relay;

/** The Connect API as data: generated/protocol.php, made from src/protocol by scripts/php-protocol.js. */
final class Protocol
{
    /** @var array<string, mixed>|null */
    private static ?array $data = null;

    /** @return array<string, mixed> */
    public static function data(): array
    {
        if (self::$data === null) {
            /** @var array<string, mixed> $loaded */
            $loaded = require __DIR__ . '/generated/protocol.php';
            self::$data = $loaded;
        }
        return self::$data;
    }

    /**
     * The call named $name (any case, the guide's other spellings accepted), or null.
     *
     * @return array{name: string, group: string, authenticated: bool, params: array<string, array{max_length: ?int, error: string, missing_error: ?string}>}|null
     */
    public static function action(string $name): ?array
    {
        $data = self::data();
        $key = strtolower(trim($name));
        $key = (string) ($data['action_aliases'][$key] ?? $key);
        $spec = $data['actions'][$key] ?? null;
        if (!is_array($spec)) {
            return null;
        }
        $params = [];
        foreach ($spec['params'] as $param => $rule) {
            $params[(string) $param] = $rule;
        }
        return [
            'name' => $key,
            'group' => (string) $spec['group'],
            'authenticated' => (bool) $spec['authenticated'],
            'params' => $params,
        ];
    }

    /** @return list<string> the names of every call */
    public static function actionNames(): array
    {
        return array_map('strval', array_keys(self::data()['actions']));
    }

    /** @return array{status: int, message: string} */
    public static function relayError(string $code): array
    {
        $spec = self::data()['relay_errors'][$code] ?? self::data()['relay_errors']['internal'];
        return ['status' => (int) $spec['status'], 'message' => (string) $spec['message']];
    }

    /** The guide's message for a Connect API code, or 999's for a code the table lacks. */
    public static function errorMessage(string $code): string
    {
        $errors = self::data()['errors'];
        return (string) ($errors[$code] ?? $errors['999']);
    }

    /** The parameter a Connect API error code points at in a call, or null. */
    public static function fieldForCode(string $action, string $code): ?string
    {
        $spec = self::action($action);
        foreach ($spec['params'] ?? [] as $name => $rule) {
            if ($rule['error'] === $code || $rule['missing_error'] === $code) {
                return $name;
            }
        }
        return null;
    }

    /** @return list<string> the fields of a call's answer records, spelled as on the wire */
    public static function returns(string $action): array
    {
        return array_map('strval', self::data()['returns'][$action] ?? []);
    }

    /** The ISO 3166-1 alpha-2 code of a country named as the API names it, or null. */
    public static function isoCode(string $countryName): ?string
    {
        $iso = self::data()['countries'][$countryName] ?? null;
        return $iso === null ? null : (string) $iso;
    }

    public static function clientHeader(): string
    {
        return (string) self::data()['client_header'];
    }

    public static function clientHeaderValue(): string
    {
        return (string) self::data()['client_header_value'];
    }

    /** @return list<string> */
    public static function sessionEndingCodes(): array
    {
        return array_map('strval', self::data()['session_ending_codes']);
    }
}
