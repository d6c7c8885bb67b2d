<?php

declare(strict_types=1);

namespace CtConnect\Relay;

/** One element of the tree being built (or the tree's root), its text joined as it goes. */
final class TermsOut
{
    /** @var list<string|TermsOut> */
    private array $items = [];

    /** @param array<string, string> $attributes */
    public function __construct(private readonly string $name = '', private readonly array $attributes = []) {}

    public function text(string $text): void
    {
        if ($text === '') {
            return;
        }
        $last = count($this->items) - 1;
        if ($last >= 0 && is_string($this->items[$last])) {
            $this->items[$last] .= $text;
        } else {
            $this->items[] = $text;
        }
    }

    public function element(TermsOut $element): void
    {
        $this->items[] = $element;
    }

    /** @return list<mixed> the children as the tree's nodes (at most TERMS_MAX_DEPTH deep) */
    public function children(): array
    {
        $out = [];
        foreach ($this->items as $item) {
            $out[] = is_string($item) ? $item : [$item->name, $item->attributes, ...$item->children()];
        }
        return $out;
    }
}
