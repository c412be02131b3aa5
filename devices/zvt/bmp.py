"""The BMP fields of ZVT messages, decoded into what the kiosk may keep.

A ZVT data block is a run of ``<BMP number> <value>`` pairs whose value length
comes from the BMP table (PA00P015 chapter "Summary of utilised BMPs"): fixed,
``LL``/``LLL`` variable, or a BER-TLV container (BMP 06). An unknown BMP
number makes the rest of the block unreadable, so the message is refused with
the reason rather than half-read.

Card data never leaves this module: the PAN (BMP 22) is reduced to its last
four digits *here*, while parsing, whether the terminal masked it or not;
track data, expiry date, card sequence number and CVV are length-checked and
dropped. Free texts are cleaned of anything that looks like a card number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from devices.zvt.bcd import BcdError, bcd_decode, bcd_digits, read_length_prefix


class BmpError(ValueError):
    """A data block that cannot be read; ``str()`` says where and why (never card data)."""


LL, LLL, TLV = -2, -3, -1  # variable lengths in the table below

#: BMP number -> (length rule, name). Fixed lengths are byte counts.
BMP_TABLE: dict[int, tuple[int, str]] = {
    0x01: (1, "timeout"), 0x02: (1, "max. status infos"), 0x03: (1, "service byte"),
    0x04: (6, "amount"), 0x05: (1, "pump number"), 0x06: (TLV, "TLV container"),
    0x0B: (3, "trace number"), 0x0C: (3, "time"), 0x0D: (2, "date"),
    0x0E: (2, "expiry date"), 0x17: (2, "card sequence number"), 0x19: (1, "payment type"),
    0x22: (LL, "PAN"), 0x23: (LL, "track 2"), 0x24: (LLL, "track 3"),
    0x27: (1, "result code"), 0x29: (4, "terminal id"), 0x2A: (15, "VU number"),
    0x2D: (LL, "track 1"), 0x2E: (LLL, "synchronous chip data"),
    0x37: (3, "original trace number"), 0x3A: (2, "CVV"), 0x3B: (8, "AID authorisation"),
    0x3C: (LLL, "additional data"), 0x3D: (3, "password"), 0x49: (2, "currency code"),
    0x60: (LLL, "individual totals"), 0x70: (4, "image request id"),
    0x71: (4, "image size"), 0x72: (1, "image MIME type"), 0x73: (1, "image encoding"),
    0x74: (1, "image chunk count"), 0x75: (1, "image chunk index"),
    0x87: (2, "receipt number"), 0x88: (3, "turnover record number"),
    0x8A: (1, "card type"), 0x8B: (LL, "card name"), 0x8C: (1, "card type id"),
    0x9A: (LLL, "GeldKarte record"), 0xA0: (1, "result code AS"), 0xA7: (LL, "chip data"),
    0xAA: (3, "date YYMMDD"), 0xAF: (LLL, "EF_Info"), 0xBA: (5, "AID parameter"),
    0xD0: (1, "algorithm key"), 0xD1: (LL, "card offset / PIN data"),
    0xD2: (1, "card output direction"), 0xD3: (1, "DUKPT key id"), 0xE0: (1, "min. input"),
    0xE9: (1, "max. input"), 0xEA: (1, "echo input"), 0xEB: (8, "MAC"),
    0xF0: (1, "display duration"), 0xF9: (1, "beep tones"), 0xFA: (1, "card reader"),
    0xFB: (1, "confirm input"), 0xFC: (1, "dialog control"), 0xFD: (1, "display device"),
}
for _number in range(0xE1, 0xE9):
    BMP_TABLE[_number] = (LL, f"text 2 line {_number - 0xE0}")
for _number in range(0xF1, 0xF9):
    BMP_TABLE[_number] = (LL, f"text 1 line {_number - 0xF0}")

_MAX_TLV_DEPTH = 8
_CARD_LIKE = re.compile(r"\d(?:[ -]?\d){11,}")


def clean_text(raw: bytes, limit: int = 80) -> str:
    """Printable text for screens and staff, with card-number-like runs removed."""
    text = "".join(ch for ch in raw.decode("latin-1") if ch.isprintable()).strip()
    return _CARD_LIKE.sub("****", text)[:limit]


@dataclass(frozen=True, slots=True)
class Totals:
    """BMP 60 of an end-of-day: receipt range and per-scheme count and turnover."""

    first_receipt: int
    last_receipt: int
    count: int
    amount: int  # minor units
    by_scheme: tuple[tuple[str, int, int], ...]  # (scheme, count, amount)


@dataclass(frozen=True, slots=True)
class Fields:
    """What a data block told us. Only fields a receipt or reconciliation may use."""

    seen: frozenset[int] = frozenset()
    result_code: int | None = None
    amount: int | None = None
    trace: int | None = None
    original_trace: int | None = None
    receipt: int | None = None
    turnover: int | None = None
    time: str = ""  # HHMMSS
    date: str = ""  # MMDD
    terminal_id: str = ""
    currency: int | None = None
    card_type: int | None = None
    card_name: str = ""
    pan_last4: str = ""  # the only part of a card number ever kept
    auth_code: str = ""
    payment_type: int | None = None
    texts: tuple[str, ...] = ()
    totals: Totals | None = None
    totals_unreadable: bool = False


@dataclass
class _Builder:
    values: dict[str, object] = field(default_factory=dict)
    seen: set[int] = field(default_factory=set)
    texts: list[str] = field(default_factory=list)


def parse_bmps(data: bytes) -> Fields:
    """Decode a whole data block of BMPs; raise :class:`BmpError` with the reason."""
    out = _Builder()
    offset = 0
    while offset < len(data):
        number = data[offset]
        rule = BMP_TABLE.get(number)
        if rule is None:
            raise BmpError(f"unknown BMP 0x{number:02X} at offset {offset}")
        if number in out.seen:
            raise BmpError(f"BMP 0x{number:02X} ({rule[1]}) appears twice")
        out.seen.add(number)
        value, offset = _take(data, offset + 1, number, rule)
        try:
            _decode(number, value, out)
        except BcdError as exc:
            raise BmpError(f"BMP 0x{number:02X} ({rule[1]}): {exc}") from None
    return Fields(seen=frozenset(out.seen), texts=tuple(out.texts),
                  **out.values)  # type: ignore[arg-type]


def _take(data: bytes, offset: int, number: int, rule: tuple[int, str]) -> tuple[bytes, int]:
    size, name = rule
    where = f"BMP 0x{number:02X} ({name})"
    if size == TLV:
        length, offset = read_ber_length(data, offset, where)
    elif size in (LL, LLL):
        digits = -size
        if offset + digits > len(data):
            raise BmpError(f"{where}: length prefix cut short")
        try:
            length = read_length_prefix(data[offset:offset + digits])
        except BcdError as exc:
            raise BmpError(f"{where}: {exc}") from None
        offset += digits
    else:
        length = size
    if offset + length > len(data):
        raise BmpError(f"{where} needs {length} bytes, {len(data) - offset} left")
    return data[offset:offset + length], offset + length


def read_ber_length(data: bytes, offset: int, where: str) -> tuple[int, int]:
    if offset >= len(data):
        raise BmpError(f"{where}: length missing")
    first = data[offset]
    if first < 0x80:
        return first, offset + 1
    count = first & 0x7F
    if count not in (1, 2):
        raise BmpError(f"{where}: length form 0x{first:02X} not supported")
    if offset + 1 + count > len(data):
        raise BmpError(f"{where}: length cut short")
    value = int.from_bytes(data[offset + 1:offset + 1 + count], "big")
    return value, offset + 1 + count


def _decode(number: int, value: bytes, out: _Builder) -> None:
    put = out.values.__setitem__
    if number == 0x27:
        put("result_code", value[0])
    elif number == 0x04:
        put("amount", bcd_decode(value))
    elif number == 0x0B:
        put("trace", bcd_decode(value))
    elif number == 0x37:
        put("original_trace", bcd_decode(value))
    elif number == 0x87:
        put("receipt", bcd_decode(value))
    elif number == 0x88:
        put("turnover", bcd_decode(value))
    elif number == 0x0C:
        put("time", bcd_digits(value))
    elif number == 0x0D:
        put("date", bcd_digits(value))
    elif number == 0x29:
        put("terminal_id", bcd_digits(value))
    elif number == 0x49:
        put("currency", bcd_decode(value))
    elif number == 0x8A:
        put("card_type", value[0])
    elif number == 0x19:
        put("payment_type", value[0])
    elif number == 0x8B:
        put("card_name", clean_text(value.rstrip(b"\x00"), 24))
    elif number == 0x3B:
        put("auth_code", "".join(ch for ch in value.decode("latin-1") if ch.isalnum())[:16])
    elif number == 0x22:
        put("pan_last4", _pan_last4(value))
    elif number == 0x06:
        out.texts.extend(_tlv_texts(value, 0))
    elif number == 0x60:
        totals = _totals(value)
        if totals is None:
            put("totals_unreadable", True)
        else:
            put("totals", totals)
    # Everything else (tracks, expiry, CVV, sequence number, ...) is length-checked and dropped.


def _pan_last4(value: bytes) -> str:
    """Last four digits of BMP 22 ('E' = masked digit, 'F' = padding); nothing else is kept."""
    nibbles = value.hex().upper().rstrip("F")
    if any(ch not in "0123456789E" for ch in nibbles):
        raise BcdError("card number field holds a nibble that is neither a digit nor E/F")
    tail = nibbles[-4:]
    return tail if len(tail) == 4 and tail.isdigit() else ""


_SCHEMES = ("girocard", "jcb", "eurocard", "amex", "visa", "diners", "other")


def _totals(value: bytes) -> Totals | None:
    if len(value) != 4 + 7 * len(_SCHEMES):
        return None
    try:
        first, last = bcd_decode(value[0:2]), bcd_decode(value[2:4])
        rows = []
        for index, scheme in enumerate(_SCHEMES):
            base = 4 + index * 7
            rows.append((scheme, value[base], bcd_decode(value[base + 1:base + 7])))
    except BcdError:
        return None
    return Totals(first, last, sum(r[1] for r in rows), sum(r[2] for r in rows), tuple(rows))


@dataclass(frozen=True, slots=True)
class TlvItem:
    tag: int
    value: bytes
    children: tuple[TlvItem, ...] = ()


def parse_tlv(data: bytes, depth: int = 0) -> list[TlvItem]:
    """BER-TLV as ZVT uses it in BMP 06; constructed tags are parsed recursively."""
    if depth > _MAX_TLV_DEPTH:
        raise BmpError("TLV nested too deeply")
    items: list[TlvItem] = []
    offset = 0
    while offset < len(data):
        start = offset
        first = data[offset]
        offset += 1
        tag = first
        if first & 0x1F == 0x1F:
            for _ in range(3):
                if offset >= len(data):
                    raise BmpError(f"TLV tag at offset {start} cut short")
                tag = tag << 8 | data[offset]
                offset += 1
                if not data[offset - 1] & 0x80:
                    break
            else:
                raise BmpError(f"TLV tag at offset {start} longer than 4 bytes")
        length, offset = read_ber_length(data, offset, f"TLV tag 0x{tag:X}")
        if offset + length > len(data):
            raise BmpError(f"TLV tag 0x{tag:X} needs {length} bytes, {len(data) - offset} left")
        value = data[offset:offset + length]
        offset += length
        children = tuple(parse_tlv(value, depth + 1)) if first & 0x20 else ()
        items.append(TlvItem(tag, value if not children else b"", children))
    return items


def _tlv_texts(value: bytes, depth: int) -> list[str]:
    texts: list[str] = []

    def walk(items: list[TlvItem] | tuple[TlvItem, ...]) -> None:
        for item in items:
            if item.tag == 0x07:
                texts.append(clean_text(item.value))
            walk(item.children)

    walk(parse_tlv(value, depth))
    return [t for t in texts if t]
