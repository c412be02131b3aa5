"""Patient details and card data that must never reach a log, a crash report or the journal."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import card_numbers_in

NAME = "Núñez-Zapatero"
GIVEN = "Josefina"
BIRTHDATE = "1972-07-04"
PHONE = "+13125550134"
EMAIL = "josefina.nunez@example.org"
PAN = "4111111111111111"
PAN_SPACED = "4111 1111 1111 1111"
MRN = "MRN-99812231"
#: What a careless message would carry, all in one string.
SENTENCE = (f"patient {GIVEN} {NAME} born {BIRTHDATE} phone {PHONE} {EMAIL} "
            f"card {PAN} ({PAN_SPACED}) {MRN}")
WORDS = (NAME, GIVEN, BIRTHDATE, PHONE, EMAIL, PAN, PAN_SPACED, MRN, "5550134", "99812231")


def leaks(data: bytes | str) -> list[str]:
    """Every patient detail or card number found in ``data`` (empty: clean)."""
    raw = data.encode() if isinstance(data, str) else data
    text = raw.decode("utf-8", "replace")
    found = [word for word in WORDS if word in text]
    found += [f"card number {m.decode()}" for m in card_numbers_in(raw)]
    return found


def leaks_in_files(folder: Path) -> dict[str, list[str]]:
    return {str(path): found for path in sorted(folder.rglob("*")) if path.is_file()
            for found in [leaks(path.read_bytes())] if found}
