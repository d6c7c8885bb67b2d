<?php

declare(strict_types=1);

namespace CtConnect\Relay;

/** The Connect API's XML: request documents built as text, answers read with DOM. */
final class Xml
{
    private const MAX_DEPTH = 8;
    private const UNSENDABLE = '/[\x{0}-\x{8}\x{B}\x{C}\x{E}-\x{1F}\x{FFFE}\x{FFFF}]/u';

    /**
     * Escapes text for an element's content: markup characters become entities; carriage
     * returns and leading or trailing whitespace become character references.
     *
     * @throws Refusal unsendable_value when the value holds a character XML cannot carry
     */
    public static function escapeText(string $value, string $field): string
    {
        if (preg_match('//u', $value) !== 1 || preg_match(self::UNSENDABLE, $value) === 1) {
            throw new Refusal('unsendable_value', $field);
        }
        $out = str_replace(['&', '<', '>', "\r"], ['&amp;', '&lt;', '&gt;', '&#13;'], $value);
        return (string) preg_replace_callback(
            '/^[ \t\n]+|[ \t\n]+$/',
            static fn(array $m): string => implode(
                '',
                array_map(static fn(string $c): string => '&#' . ord($c) . ';', str_split($m[0])),
            ),
            $out,
        );
    }

    /**
     * The request document for a call.
     *
     * @param array<string, string> $params
     */
    public static function buildRequest(string $action, array $params): string
    {
        $body = '<action>' . self::escapeText($action, 'action') . '</action>';
        foreach ($params as $name => $value) {
            if (preg_match('/^[A-Za-z_][A-Za-z0-9_]*$/', $name) !== 1) {
                throw new Refusal('unknown_param', $name);
            }
            $body .= '<' . $name . '>' . self::escapeText($value, $name) . '</' . $name . '>';
        }
        return '<clickatellsdk>' . $body . '</clickatellsdk>';
    }

    /** A form body with one XML field, as the Connect API expects it. */
    public static function formBody(string $xml): string
    {
        return 'XML=' . rawurlencode($xml);
    }

    /**
     * Reads an answer document: element names in any case, every Error/Description pair in
     * order, record fields spelled as the call's returns list says.
     *
     * @return array{action: string, result: string, values: list<array<string, string>>, errors: list<array{code: string, description: string}>, timestamp: int}
     * @throws \UnexpectedValueException when it is not an answer
     */
    public static function parseResponse(string $xml, int $maxLength): array
    {
        if (strlen($xml) > $maxLength || trim($xml) === '') {
            throw new \UnexpectedValueException('empty or too long');
        }
        if (preg_match('/<!DOCTYPE|<!ENTITY/i', $xml) === 1) {
            throw new \UnexpectedValueException('DOCTYPE or entity declaration');
        }
        $doc = new \DOMDocument();
        $previous = libxml_use_internal_errors(true);
        try {
            $loaded = $doc->loadXML($xml, LIBXML_NONET | LIBXML_COMPACT);
            libxml_clear_errors();
        } finally {
            libxml_use_internal_errors($previous);
        }
        $root = $doc->documentElement;
        if (!$loaded || $root === null || strtolower($root->nodeName) !== 'clickatellsdk') {
            throw new \UnexpectedValueException('not a <clickatellsdk> document');
        }
        self::checkDepth($root, 1);
        $single = [];
        $codes = [];
        $descriptions = [];
        $valuesElement = null;
        foreach (self::children($root) as $child) {
            $name = strtolower($child->nodeName);
            if ($name === 'error') {
                $codes[] = trim(self::text($child));
            } elseif ($name === 'description') {
                $descriptions[] = self::text($child);
            } elseif ($name === 'values') {
                if ($valuesElement !== null) {
                    throw new \UnexpectedValueException('Values twice');
                }
                $valuesElement = $child;
            } else {
                if (array_key_exists($name, $single)) {
                    throw new \UnexpectedValueException($name . ' twice');
                }
                $single[$name] = trim(self::text($child));
            }
        }
        $spec = Protocol::action($single['action'] ?? '');
        $action = $spec['name'] ?? ($single['action'] ?? '');
        $stamp = $single['timestamp'] ?? '';
        $timestamp = preg_match('/^\d+$/', $stamp) === 1 ? (int) $stamp : time();
        $result = strtolower($single['result'] ?? '');
        if ($result === 'success') {
            $spelled = [];
            foreach (Protocol::returns($action) as $field) {
                $spelled[strtolower($field)] = $field;
            }
            $values = [];
            if ($valuesElement !== null) {
                foreach (self::children($valuesElement) as $record) {
                    if (strtolower($record->nodeName) !== 'value') {
                        continue;
                    }
                    $fields = [];
                    foreach (self::children($record) as $field) {
                        $key = $spelled[strtolower($field->nodeName)] ?? $field->nodeName;
                        if (array_key_exists($key, $fields)) {
                            throw new \UnexpectedValueException($key . ' twice');
                        }
                        $fields[$key] = self::text($field);
                    }
                    $values[] = $fields;
                }
            }
            return [
                'action' => $action,
                'result' => 'Success',
                'values' => $values,
                'errors' => [],
                'timestamp' => $timestamp,
            ];
        }
        if ($result !== 'error') {
            throw new \UnexpectedValueException('no Result of Success or Error');
        }
        $errors = [];
        foreach ($codes as $i => $code) {
            $errors[] = ['code' => $code, 'description' => trim($descriptions[$i] ?? '')];
        }
        if ($errors === []) {
            $errors[] = ['code' => '999', 'description' => ''];
        }
        return [
            'action' => $action,
            'result' => 'Error',
            'values' => [],
            'errors' => $errors,
            'timestamp' => $timestamp,
        ];
    }

    /** @return list<\DOMElement> */
    private static function children(\DOMElement $element): array
    {
        $out = [];
        foreach ($element->childNodes as $node) {
            if ($node instanceof \DOMElement) {
                $out[] = $node;
            }
        }
        return $out;
    }

    /** An element's text; an element holding elements where text belongs is no answer. */
    private static function text(\DOMElement $element): string
    {
        if (self::children($element) !== []) {
            throw new \UnexpectedValueException($element->nodeName . ' holds elements');
        }
        return $element->textContent;
    }

    private static function checkDepth(\DOMElement $element, int $depth): void
    {
        if ($depth > self::MAX_DEPTH) {
            throw new \UnexpectedValueException('too deep');
        }
        foreach (self::children($element) as $child) {
            self::checkDepth($child, $depth + 1);
        }
    }
}
