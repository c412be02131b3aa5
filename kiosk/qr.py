"""QR codes for "pay on your phone", without Qt.

The screens need the code as something they can paint: :func:`qr_matrix`
gives the modules (True = dark) including the quiet zone, which a QPainter
fills as squares at any size and contrast; :func:`qr_png` gives a ready PNG
for anything that wants an image (a receipt, a test, a browser).

Error correction level M (15 %) is the usual choice for a screen: sturdy
against glare and a smudged display without making the code dense; a
Checkout URL fits in a version 5-7 code, large modules on a kiosk screen.
"""

from __future__ import annotations

import struct
import zlib

Matrix = tuple[tuple[bool, ...], ...]


def qr_matrix(text: str, border: int = 4) -> Matrix:
    """The QR modules of ``text`` (rows of booleans), with a ``border``-module quiet zone."""
    if not text:
        raise ValueError("nothing to encode")
    import qrcode  # with Pillow, ~15 ms: at first use, not while the kiosk starts
    import qrcode.constants

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1,
                         border=border)
    code.add_data(text)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())


def qr_png(text: str, scale: int = 8, border: int = 4) -> bytes:
    """A black-on-white 8-bit greyscale PNG of the code, ``scale`` pixels per module."""
    if not 1 <= scale <= 64:
        raise ValueError("scale must be 1..64 pixels per module")
    matrix = qr_matrix(text, border)
    rows = bytearray()
    for row in matrix:
        line = b"".join((b"\x00" if dark else b"\xff") * scale for dark in row)
        for _ in range(scale):
            rows += b"\x00" + line  # filter type 0 per scanline
    size = len(matrix) * scale
    header = struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + _chunk(b"IEND", b""))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
