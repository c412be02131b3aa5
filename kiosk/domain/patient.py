"""A patient as the kiosk needs them: just enough to find and address them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kiosk.names import normalise_name


@dataclass(frozen=True, slots=True)
class Patient:
    """A patient record from the PMS.

    It lives in memory for one kiosk session only; the ledger keeps just
    ``id`` and :attr:`display_name`.
    """

    id: str  # the PMS's own patient id
    family: str
    given: str
    birthdate: date
    postal_code: str = ""
    phone: str = ""
    account_number: str = ""

    @property
    def display_name(self) -> str:
        """The masked form shown on screen and stored in the ledger: "Maria G."."""
        return mask_name(self.given, self.family)

    @property
    def phone_last4(self) -> str:
        digits = "".join(ch for ch in self.phone if ch.isdigit())
        return digits[-4:]

    def __repr__(self) -> str:  # never leak names or dates into logs by accident
        return f"Patient(id={self.id!r}, display_name={self.display_name!r})"


def mask_name(given: str, family: str) -> str:
    given = given.strip().split(" ")[0] if given.strip() else ""
    initial = family.strip()[:1].upper()
    if given and initial:
        return f"{given} {initial}."
    return given or (f"{initial}." if initial else "Patient")


@dataclass(frozen=True, slots=True)
class PatientQuery:
    """What a patient typed or scanned to identify themselves."""

    family: str
    birthdate: date
    postal_code: str | None = None
    phone_last4: str | None = None
    _normalised: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_normalised", normalise_name(self.family))

    @property
    def normalised_family(self) -> str:
        return self._normalised

    def __repr__(self) -> str:
        return "PatientQuery(<redacted>)"
