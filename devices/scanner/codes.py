"""What counts as a scanned statement code."""

from __future__ import annotations


def clean_code(raw: str, max_length: int = 64) -> str | None:
    """Trim and check a scanned code: printable ASCII only, 1..max_length characters.

    Returns None for anything else (line noise, a scan of the wrong barcode, binary
    junk). Never logs the code: it identifies a patient's statement.
    """
    code = raw.strip().strip("\x00")
    if not code or len(code) > max_length:
        return None
    if any(not (" " <= ch <= "~") for ch in code):
        return None
    return code
