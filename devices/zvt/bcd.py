"""Packed BCD and the length prefixes ZVT builds from it.

Amounts, trace and receipt numbers, dates and the terminal id are packed BCD
(two decimal digits per byte). Variable fields carry an ``LL`` or ``LLL``
prefix whose bytes are ``F0``-``F9`` (one decimal digit each). Decoders are
strict: a nibble that is not a digit is refused, never guessed.
"""

from __future__ import annotations


class BcdError(ValueError):
    pass


def bcd_encode(value: int, size: int) -> bytes:
    if value < 0:
        raise BcdError("BCD cannot hold a negative number")
    digits = f"{value:0{size * 2}d}"
    if len(digits) > size * 2:
        raise BcdError(f"{value} does not fit {size} BCD bytes")
    return bytes.fromhex(digits)


def bcd_digits(data: bytes) -> str:
    text = data.hex()
    if not text.isdigit():
        raise BcdError(f"not packed BCD ({len(data)} bytes hold a non-decimal nibble)")
    return text


def bcd_decode(data: bytes) -> int:
    return int(bcd_digits(data)) if data else 0


def length_prefix(length: int, digits: int) -> bytes:
    """``LL``/``LLL`` prefix: each decimal digit of the length in an ``Fx`` byte."""
    text = f"{length:0{digits}d}"
    if len(text) > digits:
        raise BcdError(f"length {length} does not fit {digits} digits")
    return bytes(0xF0 | int(char) for char in text)


def read_length_prefix(data: bytes) -> int:
    value = 0
    for byte in data:
        if byte >> 4 != 0xF or byte & 0x0F > 9:
            raise BcdError(f"length byte 0x{byte:02X} is not F0-F9")
        value = value * 10 + (byte & 0x0F)
    return value


#: ISO 4217 numeric codes for the currencies the kiosk can be configured with.
CURRENCY_NUMERIC = {"EUR": 978, "USD": 840, "CAD": 124, "GBP": 826, "CHF": 756, "MXN": 484,
                    "JPY": 392}
CURRENCY_ALPHA = {number: alpha for alpha, number in CURRENCY_NUMERIC.items()}


def currency_code(alpha: str) -> bytes:
    """The 2-byte BCD currency code (``09 78`` for EUR) from the configured ISO letters."""
    try:
        return bcd_encode(CURRENCY_NUMERIC[alpha], 2)
    except KeyError:
        raise BcdError(f"no ISO 4217 numeric code known for {alpha!r}") from None
