"""ZVT APDUs: ``CLASS INSTR LEN data``.

``LEN`` is one byte for up to 254 data bytes; ``FF`` followed by a two-byte
little-endian length for longer ones (PA00P015, "APDU"). Parsing is strict:
the length must match the bytes present exactly, so a truncated or padded
APDU is refused instead of read past its end.
"""

from __future__ import annotations

from dataclasses import dataclass


class ApduError(ValueError):
    """An APDU that cannot be read; ``str()`` says why."""


@dataclass(frozen=True, slots=True)
class Apdu:
    cls: int
    instr: int
    data: bytes = b""

    @property
    def command(self) -> tuple[int, int]:
        return (self.cls, self.instr)

    @property
    def name(self) -> str:
        return f"{self.cls:02X} {self.instr:02X}"

    def encode(self) -> bytes:
        size = len(self.data)
        if size > 0xFFFF:
            raise ApduError(f"{size} data bytes do not fit an APDU")
        if size < 0xFF:
            header = bytes((self.cls, self.instr, size))
        else:
            header = bytes((self.cls, self.instr, 0xFF, size & 0xFF, size >> 8))
        return header + self.data

    def __repr__(self) -> str:
        # Data may hold card details the terminal sent; a repr never shows them.
        return f"Apdu({self.name}, {len(self.data)} data bytes)"


def declared_length(head: bytes) -> int | None:
    """Total APDU length from its first 3 (or 5) bytes; None if more header is needed."""
    if len(head) < 3:
        return None
    if head[2] != 0xFF:
        return 3 + head[2]
    if len(head) < 5:
        return None
    return 5 + (head[3] | head[4] << 8)


def parse_apdu(raw: bytes) -> Apdu:
    if len(raw) < 3:
        raise ApduError(f"APDU of {len(raw)} bytes is shorter than its 3-byte header")
    total = declared_length(raw)
    if total is None:
        raise ApduError("extended length (LEN FF) needs two more length bytes")
    if total != len(raw):
        raise ApduError(f"APDU {raw[0]:02X} {raw[1]:02X} declares {total} bytes, "
                        f"{len(raw)} received")
    offset = 5 if raw[2] == 0xFF else 3
    return Apdu(raw[0], raw[1], bytes(raw[offset:]))
