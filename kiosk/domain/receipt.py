"""A receipt: what the patient takes home. No card number, no diagnosis."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.domain.money import Money


@dataclass(frozen=True, slots=True)
class Receipt:
    clinic_name: str
    clinic_address: str
    patient_display_name: str  # masked: "Maria G."
    amount: Money
    method: str  # card | cash | check | phone
    card_brand: str
    card_last4: str
    auth_code: str
    reference: str  # our payment id, so staff can find it
    statement_code: str
    paid_at: datetime
    balance_after: Money | None = None
    portal_url: str = ""
    status_line: str = "APPROVED"
    #: Extra labelled lines (cash tendered, change, check number, refunds, "REPRINT").
    details: tuple[tuple[str, str], ...] = ()
