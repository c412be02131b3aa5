"""A receipt: what the patient takes home. No card number, no diagnosis."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from kiosk.domain.money import Money


@dataclass(frozen=True, slots=True)
class ReceiptLabels:
    """The receipt's words in the patient's language (the front end translates them)."""

    title: str = "PAYMENT RECEIPT"
    patient: str = "Patient"
    date: str = "Date"
    statement: str = "Statement"
    amount_paid: str = "Amount paid"
    card: str = "Card"
    auth_code: str = "Auth code"
    method: str = "Method"
    status: str = "Status"
    approved: str = "APPROVED"
    balance_after: str = "Balance after payment"
    reference: str = "Reference"
    online: str = "View your account online:"
    thanks: str = "Thank you!"
    methods: tuple[tuple[str, str], ...] = (("cash", "Cash"), ("check", "Check"),
                                            ("phone", "Phone"), ("card", "Card"))

    def method_name(self, method: str) -> str:
        return dict(self.methods).get(method, method.capitalize())


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
    status_line: str = ""  # empty: the labels' word for approved
    labels: ReceiptLabels = field(default_factory=ReceiptLabels)
    #: Extra labelled lines (cash tendered, change, check number, refunds, "REPRINT").
    details: tuple[tuple[str, str], ...] = ()
