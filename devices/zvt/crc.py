"""CRC-16/KERMIT, the checksum of a ZVT serial frame.

ZVT (PA00P016, transport protocol) protects each serial frame with a CRC-16
over the *unstuffed* APDU followed by the ETX byte, using the CCITT
polynomial in its reflected form (0x8408), initial value 0 and no final XOR:
the parameters catalogued as CRC-16/KERMIT (check value 0x2189 for
b"123456789"). The two CRC bytes travel low byte first and are not stuffed.
"""

from __future__ import annotations


def _table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x8408 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


_TABLE = _table()


def crc16_kermit(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc = (crc >> 8) ^ _TABLE[(crc ^ byte) & 0xFF]
    return crc


def frame_crc(apdu: bytes) -> bytes:
    """The two CRC bytes that follow ``DLE ETX`` for this APDU, low byte first."""
    crc = crc16_kermit(apdu + b"\x03")
    return bytes((crc & 0xFF, crc >> 8))
