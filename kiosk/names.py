"""The one name normalisation used for every patient match.

Patients type names on a kiosk keyboard without accents or apostrophes, and
PMS servers differ in how they compare them, so every comparison in the
product goes through :func:`normalise_name`: case-folded, accents removed,
punctuation and spaces removed. "Nunez" finds "Núñez", "OBrien" finds
"O'Brien", "garcia lopez" finds "García-López".
"""

from __future__ import annotations

import unicodedata

# Letters that Unicode does not decompose into base + accent.
_FOLD_EXTRA = str.maketrans(
    {"ø": "o", "đ": "d", "ł": "l", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"}
)
_PART_SEPARATORS = (" ", "-", "\u2010", "\u2011")


def normalise_name(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = stripped.translate(_FOLD_EXTRA)
    return "".join(ch for ch in folded if ch.isalnum())


def name_parts(text: str) -> list[str]:
    """The normalised parts of a compound name ("García-López" -> garcia, lopez)."""
    parts = [text]
    for separator in _PART_SEPARATORS:
        parts = [piece for part in parts for piece in part.split(separator)]
    return [n for n in (normalise_name(p) for p in parts) if n]


def family_name_matches(typed: str, family: str) -> bool:
    """True when what the patient typed is their family name.

    The whole name matches after normalisation; so does one part of a
    two-part surname (patients named "García López" often type "Garcia"),
    which is safe because a match also needs the date of birth.
    """
    wanted = normalise_name(typed)
    if len(wanted) < 2:
        return False
    if wanted == normalise_name(family):
        return True
    return wanted in name_parts(family)
