"""Free text staff type (notes, check numbers) must never carry a card number."""

from __future__ import annotations

import re

_DIGIT_RUN = re.compile(r"(?:\d[ -]?){13,19}")


def _luhn(digits: str) -> bool:
    total, parity = 0, len(digits) % 2
    for index, char in enumerate(digits):
        value = int(char)
        if index % 2 == parity:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def looks_like_card_number(text: str) -> bool:
    """13-19 digits (spaces or dashes between allowed) that pass the Luhn check."""
    for match in _DIGIT_RUN.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        for length in range(len(digits), 12, -1):
            for start in range(0, len(digits) - length + 1):
                if _luhn(digits[start:start + length]):
                    return True
    return False


def clean_note(text: str, limit: int = 240) -> str:
    """One line, no control characters, bounded; refuses anything card-like."""
    cleaned = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    if looks_like_card_number(cleaned):
        raise ValueError("the note looks like it holds a card number; leave card data out")
    return cleaned[:limit]
